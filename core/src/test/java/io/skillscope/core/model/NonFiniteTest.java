package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.Finite;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.testing.TinyModelFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN weights: one row of {@code lm_head} gave exit 0, NaN logits, {@code <pad>} generations and 0.0
 * accuracy. Now the load can scan every value, and generation refuses non-finite logits by name.
 */
class NonFiniteTest {
    /** The tiny model folder with row {@code row} of lm_head.weight set to NaN. */
    static Path nanHeadRow(Path dir, int row) throws Exception {
        TinyModelFolder.write(dir, 3);
        try (Transformer m = Transformer.load(dir, Device.cpu())) {
            float[] head = m.parameters().read("lm_head.weight").toFloats(); // [V, d]
            int d = m.config().hiddenSize();
            java.util.Arrays.fill(head, row * d, (row + 1) * d, Float.NaN);
            m.parameters().write("lm_head.weight", head);
            Path copy = dir.resolveSibling(dir.getFileName() + "-nan");
            m.save(copy, Map.of());
            Files.copy(dir.resolve("tokenizer.json"), copy.resolve("tokenizer.json"));
            return copy;
        }
    }

    @Test
    void checkFiniteAtLoadNamesTheTensorAndIndex(@TempDir Path tmp) throws Exception {
        Path dir = nanHeadRow(tmp.resolve("m"), 5);
        Finite.NonFiniteException e =
                assertThrows(Finite.NonFiniteException.class, () -> Transformer.load(dir, Device.cpu(), true));
        assertEquals(
                dir.resolve("model.safetensors") + ": tensor 'lm_head.weight' holds NaN at index 160 [5, 0]",
                e.getMessage());
        try (Transformer m = Transformer.load(dir, Device.cpu(), false)) {
            assertEquals(
                    "parameter 'lm_head.weight' holds NaN at index 160 [5, 0]",
                    m.nonFiniteParameter().orElseThrow());
        }
    }

    @Test
    void generationRefusesNonFiniteLogitsNamingTheFirstTensor(@TempDir Path tmp) throws Exception {
        Path dir = nanHeadRow(tmp.resolve("m"), 5);
        try (Transformer m = Transformer.load(dir, Device.cpu())) {
            Finite.NonFiniteException e = assertThrows(
                    Finite.NonFiniteException.class,
                    () -> Generator.generate(m, new int[] {2, 3, 4}, GenerationConfig.greedy(4, 0)));
            assertEquals(
                    "the logit vector of prompt 0 at generation step 0 holds NaN at index 5; first non-finite value:"
                            + " parameter 'lm_head.weight' holds NaN at index 160 [5, 0]",
                    e.getMessage());
        }
    }

    @Test
    void aNonFiniteActivationIsLocatedAtItsFirstHook(@TempDir Path tmp) throws Exception {
        TinyModelFolder.write(tmp.resolve("m"), 3);
        try (Transformer m = Transformer.load(tmp.resolve("m"), Device.cpu());
                io.skillscope.core.hooks.HookSession s = m.hooks()) {
            s.replace("blocks.1.mlp.hook_post", (x, ctx) -> x.mul(Float.POSITIVE_INFINITY));
            String where = m.locateNonFinite(new int[] {2, 3});
            assertTrue(where.startsWith("hook blocks.1.mlp.hook_post holds "), where);
        }
    }
}
