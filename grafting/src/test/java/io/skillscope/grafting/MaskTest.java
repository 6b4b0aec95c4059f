package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskTest {
    @TempDir
    Path tmp;

    private static BitSet bits(int... idx) {
        BitSet b = new BitSet();
        for (int i : idx) {
            b.set(i);
        }
        return b;
    }

    @Test
    void roundTripsBitExactWithAttributesAndCounts() throws Exception {
        Random rng = new Random(3);
        Mask.Builder b = Mask.builder();
        long[][] shapes = {{4, 5}, {7}, {3, 2, 2}};
        String[] names = {
            "model.layers.0.mlp.up_proj.weight", "model.layers.1.input_layernorm.weight", "model.norm.weight"
        };
        int selected = 0;
        for (int t = 0; t < 3; t++) {
            long n = 1;
            for (long d : shapes[t]) {
                n *= d;
            }
            BitSet s = new BitSet();
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < 0.3) {
                    s.set(i);
                    selected++;
                }
            }
            b.put(names[t], shapes[t], s);
        }
        Mask mask =
                b.attribute("pre_sha256", "abc").attribute("method", "grafting").build();
        mask.save(tmp.resolve("m"));
        Mask back = Mask.load(tmp.resolve("m"));
        assertEquals(mask, back);
        assertEquals(Map.of("pre_sha256", "abc", "method", "grafting"), back.attributes());
        for (String n : names) {
            assertEquals(mask.selected(n), back.selected(n));
            assertArrayEquals(mask.shape(n), back.shape(n));
        }
        assertEquals(selected, back.cardinality());
        assertEquals(20 + 7 + 12, back.included());
        // the file holds one U8 0/1 per element, in the tensor's shape
        try (TensorSource src = TensorSource.open(tmp.resolve("m/mask.safetensors"))) {
            HostTensor t = src.read(names[0]);
            assertArrayEquals(new long[] {4, 5}, t.shape());
            byte[] u8 = t.toU8();
            for (int i = 0; i < u8.length; i++) {
                assertEquals(mask.get(names[0], i) ? 1 : 0, u8[i]);
            }
        }
        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("m/result.json")))
                .getAsJsonObject();
        assertEquals(selected, json.get("n_selected").getAsLong());
        assertEquals(39, json.get("n_included").getAsLong());
        assertEquals(selected / 39.0, json.get("sparsity").getAsDouble(), 1e-12);
        assertEquals(
                mask.cardinality(names[0]),
                json.getAsJsonObject("per_layer").get("0").getAsLong());
        assertEquals(
                mask.cardinality(names[2]),
                json.getAsJsonObject("per_layer").get("other").getAsLong());
        assertTrue(json.getAsJsonObject("provenance").has("djl"));
    }

    @Test
    void setAlgebraOnHandMadeMasks() {
        Mask a = Mask.builder()
                .put("model.layers.0.w", new long[] {6}, bits(0, 1, 2))
                .build();
        Mask b = Mask.builder()
                .put("model.layers.0.w", new long[] {6}, bits(2, 3))
                .put("model.layers.2.w", new long[] {2}, bits(0))
                .build();
        assertEquals(bits(2), a.and(b).selected("model.layers.0.w"));
        assertEquals(0, a.and(b).cardinality("model.layers.2.w"));
        assertEquals(bits(0, 1, 2, 3), a.or(b).selected("model.layers.0.w"));
        assertEquals(5, a.or(b).cardinality());
        assertEquals(bits(0, 1), a.minus(b).selected("model.layers.0.w"));
        assertEquals(1, b.minus(a).selected("model.layers.2.w").cardinality());
        assertEquals(1.0 / 3, a.overlap(b), 1e-12); // |a ∩ b| / |b|
        assertEquals(1.0 / 3, b.overlap(a), 1e-12); // |a ∩ b| / |a|
        assertEquals(1.0 / 5, a.jaccard(b), 1e-12);
        assertEquals(Map.of(0, 4L, 2, 1L), a.or(b).perLayer());
        assertEquals(8, a.or(b).included());
        assertEquals(5.0 / 8, a.or(b).sparsity(), 1e-12);
    }

    @Test
    void shapeMismatchAndBadValuesAreNamed() {
        Mask a = Mask.builder().put("w", new long[] {6}, bits(0)).build();
        Mask b = Mask.builder().put("w", new long[] {2, 3}, bits(0)).build();
        GraftingException e = assertThrows(GraftingException.class, () -> a.and(b));
        assertTrue(e.getMessage().contains("w") && e.getMessage().contains("[2, 3]"), e.getMessage());
        Path bad = tmp.resolve("bad.safetensors");
        SafetensorsWriter.write(bad, Map.of("w", HostTensor.ofU8(new byte[] {0, 1, 2}, 3)));
        e = assertThrows(GraftingException.class, () -> Mask.load(bad));
        assertTrue(e.getMessage().contains("holds 2 at index 2"), e.getMessage());
    }

    @Test
    void regionsAndLayersFromNames() {
        assertEquals(ParamRegion.BLOCKS, ParamRegion.of("model.layers.3.mlp.up_proj.weight"));
        assertEquals(3, ParamRegion.layerOf("model.layers.3.mlp.up_proj.weight").getAsInt());
        assertEquals(11, ParamRegion.layerOf("transformer.h.11.ln_1.bias").getAsInt());
        assertEquals(ParamRegion.EMBEDDINGS, ParamRegion.of("model.embed_tokens.weight"));
        assertEquals(ParamRegion.POSITIONS, ParamRegion.of("transformer.wpe.weight"));
        assertEquals(ParamRegion.FINAL_NORM, ParamRegion.of("model.norm.weight"));
        assertEquals(ParamRegion.FINAL_NORM, ParamRegion.of("transformer.ln_f.bias"));
        assertEquals(ParamRegion.HEAD, ParamRegion.of("lm_head.weight"));
    }
}
