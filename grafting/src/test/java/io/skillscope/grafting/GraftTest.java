package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyCheckpoints;
import io.skillscope.core.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraftTest {
    @TempDir
    Path tmp;

    /** A tiny Llama saved as θ_pre, and θ_ft = θ_pre + noise on every block tensor. */
    private void tinyPair(Path pre, Path ft) {
        ModelConfig cfg = TinyModels.llamaConfig();
        try (Transformer m = Transformer.random(cfg, 5, Device.cpu())) {
            m.save(pre, Map.of());
            SplittableRandom rng = new SplittableRandom(9);
            for (String n : m.parameters().names()) {
                if (ParamRegion.of(n) == ParamRegion.BLOCKS) {
                    float[] w = m.parameters().get(n).toFloatArray();
                    m.parameters().write(n, TinyCheckpoints.plus(w, TinyCheckpoints.random(rng, w.length, 0.2)));
                }
            }
            m.save(ft, Map.of());
        }
    }

    @Test
    void allOnesGivesFinetunedAndAllZerosGivesPretrainedBitForBit() {
        Path pre = tmp.resolve("pre");
        Path ft = tmp.resolve("ft");
        tinyPair(pre, ft);
        try (TensorSource p = TensorSource.open(pre);
                TensorSource f = TensorSource.open(ft)) {
            List<String> blocks = p.names().stream()
                    .filter(n -> ParamRegion.of(n) == ParamRegion.BLOCKS)
                    .toList();
            Graft.apply(p, f, Mask.constant(p, blocks, true), tmp.resolve("ones"));
            Graft.apply(p, f, Mask.constant(p, blocks, false), tmp.resolve("zeros"));
            String preHash = Hashing.sha256(p);
            String ftHash = Hashing.sha256(f);
            assertNotEquals(preHash, ftHash);
            try (TensorSource ones = TensorSource.open(tmp.resolve("ones"));
                    TensorSource zeros = TensorSource.open(tmp.resolve("zeros"))) {
                assertEquals(ftHash, Hashing.sha256(ones));
                assertEquals(preHash, Hashing.sha256(zeros));
            }
        }
        assertTrue(Files.isRegularFile(tmp.resolve("ones/config.json")));
    }

    @Test
    void partialMaskSelectsFinetunedValuesOnlyInsideTheMask() throws Exception {
        Path pre =
                TinyCheckpoints.write(tmp.resolve("p"), Map.of("w", new float[] {1, 2, 3, 4}, "b", new float[] {5, 6}));
        Path ft = TinyCheckpoints.write(
                tmp.resolve("f"), Map.of("w", new float[] {10, 20, 30, 40}, "b", new float[] {50, 60}));
        BitSet sel = new BitSet();
        sel.set(1);
        sel.set(3);
        Mask mask = Mask.builder()
                .put("w", new long[] {4}, sel)
                .attribute("method", "hand")
                .build();
        try (TensorSource p = TensorSource.open(pre);
                TensorSource f = TensorSource.open(ft)) {
            Graft.apply(p, f, mask, tmp.resolve("g"));
        }
        assertArrayEquals(new float[] {1, 20, 3, 40}, TinyCheckpoints.read(tmp.resolve("g"), "w"));
        assertArrayEquals(new float[] {5, 6}, TinyCheckpoints.read(tmp.resolve("g"), "b")); // not in the mask: θ_pre
        JsonObject r = JsonParser.parseString(Files.readString(tmp.resolve("g/result.json")))
                .getAsJsonObject();
        assertEquals(2, r.getAsJsonObject("mask").get("n_selected").getAsLong());
        assertEquals(0.5, r.getAsJsonObject("mask").get("sparsity").getAsDouble());
        assertEquals(
                "hand",
                r.getAsJsonObject("mask")
                        .getAsJsonObject("attributes")
                        .get("method")
                        .getAsString());
        assertEquals(64, r.get("pre_sha256").getAsString().length());
        // the soft graft θ_pre + γ Δ with real γ
        assertArrayEquals(
                new float[] {5.5f, 2f}, Graft.soft(new float[] {1, 2}, new float[] {9, 18}, new float[] {0.5f, 0f}));
    }

    @Test
    void inMemoryGraftMatchesTheWrittenCheckpointLogits() {
        Path pre = tmp.resolve("pre");
        Path ft = tmp.resolve("ft");
        tinyPair(pre, ft);
        SplittableRandom rng = new SplittableRandom(1);
        Mask.Builder b = Mask.builder();
        try (TensorSource p = TensorSource.open(pre);
                TensorSource f = TensorSource.open(ft)) {
            for (String n : p.names()) {
                if (ParamRegion.of(n) == ParamRegion.BLOCKS) {
                    BitSet s = new BitSet();
                    int numel = (int) p.info(n).numel();
                    for (int i = 0; i < numel; i++) {
                        if (rng.nextDouble() < 0.05) {
                            s.set(i);
                        }
                    }
                    b.put(n, p.info(n).shape(), s);
                }
            }
            Mask mask = b.build();
            Graft.apply(p, f, mask, tmp.resolve("g"));
            try (Transformer inMemory = Transformer.load(pre, Device.cpu());
                    Transformer fromDisk = Transformer.load(tmp.resolve("g"), Device.cpu());
                    Transformer base = Transformer.load(pre, Device.cpu())) {
                Graft.apply(inMemory, p, f, mask);
                int[] ids = {1, 5, 9, 13, 2, 7};
                float[][] a = inMemory.logits(ids);
                float[][] c = fromDisk.logits(ids);
                for (int t = 0; t < ids.length; t++) {
                    assertArrayEquals(c[t], a[t], 0f);
                }
                assertNotEquals(base.logits(ids)[5][0], a[5][0]); // the graft changed something
            }
        }
    }

    @Test
    void refusesToWriteIntoAnInputFolder() {
        Path pre = TinyCheckpoints.write(tmp.resolve("p"), Map.of("w", new float[] {1}));
        Path ft = TinyCheckpoints.write(tmp.resolve("f"), Map.of("w", new float[] {2}));
        try (TensorSource p = TensorSource.open(pre);
                TensorSource f = TensorSource.open(ft)) {
            GraftingException e = assertThrows(
                    GraftingException.class, () -> Graft.apply(p, f, Mask.constant(p, List.of("w"), true), pre));
            assertTrue(e.getMessage().contains("refusing"), e.getMessage());
        }
    }
}
