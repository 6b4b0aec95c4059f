package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared reference checkpoints load, and agree with manifest.json. */
class ReferenceFixturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-tiny", "gpt2-tiny-hubnames", "llama-tiny"})
    void tensorsMatchTheManifest(String model) {
        JsonObject entry = FixturePaths.manifest().getAsJsonObject("models").getAsJsonObject(model);
        JsonObject expected = entry.getAsJsonObject("tensors");
        try (TensorSource src = TensorSource.open(FixturePaths.model(model))) {
            assertEquals(new TreeSet<>(expected.keySet()), src.names());
            assertEquals(Map.of("format", "pt"), src.metadata());
            for (Map.Entry<String, JsonElement> t : expected.entrySet()) {
                JsonArray dims = t.getValue().getAsJsonArray();
                long[] shape = new long[dims.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).getAsLong();
                }
                TensorInfo info = src.info(t.getKey());
                assertArrayEquals(shape, info.shape(), t.getKey());
                assertEquals(DType.F32, info.dtype(), t.getKey());
                float[] values = src.readFloats(t.getKey());
                assertEquals(info.numel(), values.length);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-tiny", "gpt2-tiny-hubnames", "llama-tiny"})
    void fileHashMatchesTheManifest(String model) {
        JsonObject entry = FixturePaths.manifest().getAsJsonObject("models").getAsJsonObject(model);
        assertEquals(
                entry.get("safetensors_sha256").getAsString(),
                Hashing.sha256(FixturePaths.model(model).resolve("model.safetensors")));
    }

    @Test
    void hubNamesFileListsTheCausalMaskBuffers() {
        try (TensorSource src = TensorSource.open(FixturePaths.model("gpt2-tiny-hubnames"))) {
            assertTrue(src.contains("h.0.attn.bias"));
            assertTrue(src.contains("h.1.attn.bias"));
            assertArrayEquals(
                    new long[] {1, 1, 64, 64}, src.info("h.0.attn.bias").shape());
            float[] mask = src.readFloats("h.1.attn.bias");
            // A lower-triangular causal mask: row 2 sees columns 0..2.
            assertEquals(1f, mask[2 * 64 + 2]);
            assertEquals(0f, mask[2 * 64 + 3]);
            assertTrue(src.contains("wte.weight"));
            assertEquals(30, src.names().size());
        }
    }

    @Test
    void hubNamesHoldTheSameWeightsAsThePrefixedFile() {
        try (TensorSource a = TensorSource.open(FixturePaths.model("gpt2-tiny"));
                TensorSource b = TensorSource.open(FixturePaths.model("gpt2-tiny-hubnames"))) {
            for (String name : a.names()) {
                String hub = name.substring("transformer.".length());
                assertArrayEquals(a.readFloats(name), b.readFloats(hub), name);
            }
        }
    }

    @Test
    void gpt2WeightsAreConv1dLayoutAndLlamaLinear() {
        try (TensorSource g = TensorSource.open(FixturePaths.model("gpt2-tiny"));
                TensorSource l = TensorSource.open(FixturePaths.model("llama-tiny"))) {
            assertArrayEquals(
                    new long[] {64, 192},
                    g.info("transformer.h.0.attn.c_attn.weight").shape());
            assertArrayEquals(
                    new long[] {32, 64},
                    l.info("model.layers.0.self_attn.k_proj.weight").shape());
            assertTrue(l.contains("lm_head.weight"));
        }
    }
}
