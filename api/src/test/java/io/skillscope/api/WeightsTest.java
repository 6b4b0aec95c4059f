package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.grafting.SkillVector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {
    @Test
    void differenceIsAfterMinusBeforePerTensorAndMatchesTheSkillVector(@TempDir Path dir) {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (Model ma = Skillscope.tinyModel(1);
                Model mb = Skillscope.tinyModel(2)) {
            ma.save(a);
            mb.save(b);
            WeightUpdate d = Weights.difference(a, b);
            String name = "model.layers.1.mlp.down_proj.weight";
            float[] wa = ma.transformer().parameters().get(name).toFloatArray();
            float[] wb = mb.transformer().parameters().get(name).toFloatArray();
            float[] expected = new float[wa.length];
            for (int i = 0; i < wa.length; i++) {
                expected[i] = wa[i] - wb[i];
            }
            assertArrayEquals(expected, d.get(name).values(), 1e-7f);
            assertArrayEquals(new int[] {64, 176}, d.get(name).shape());
            assertEquals(ma.transformer().parameters().numel(), d.elementCount());

            SkillVector v;
            try (TensorSource sa = TensorSource.open(a);
                    TensorSource sb = TensorSource.open(b)) {
                v = SkillVector.between(sa, sb, dir.resolve("v"));
            }
            WeightUpdate fromVector = Weights.of(v);
            assertEquals(d.tensors().keySet(), fromVector.tensors().keySet());
            assertArrayEquals(d.get(name).values(), fromVector.get(name).values());
        }
    }

    @Test
    void differentShapesAreRefusedNamingTheTensor(@TempDir Path dir) {
        ModelConfig small = ModelConfig.llama(99, 64, 2, 4, 2, 176, 128);
        ModelConfig wide = ModelConfig.llama(99, 64, 2, 4, 2, 192, 128);
        try (Transformer a = Transformer.random(small, 0);
                Transformer b = Transformer.random(wide, 0)) {
            a.save(dir.resolve("a"), Map.of());
            b.save(dir.resolve("b"), Map.of());
        }
        SkillscopeException e =
                assertThrows(SkillscopeException.class, () -> Weights.difference(dir.resolve("a"), dir.resolve("b")));
        assertTrue(
                e.getMessage().contains("mlp")
                        && e.getMessage().contains("[64, 176]")
                        && e.getMessage().contains("[64, 192]"),
                e.getMessage());
    }
}
