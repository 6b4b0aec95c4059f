package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.testing.Diffs;
import io.skillscope.core.testing.TinyModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
    @TempDir
    Path tmp;

    /** An independent reader: 8-byte length, JSON header, raw data; no project code involved. */
    static JsonObject header(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data section starts 8-byte aligned");
        JsonObject h = JsonParser.parseString(new String(all, 8, (int) n, StandardCharsets.UTF_8))
                .getAsJsonObject();
        long dataLen = all.length - 8 - n;
        long maxEnd = 0;
        for (String k : h.keySet()) {
            if (!k.equals("__metadata__")) {
                maxEnd = Math.max(
                        maxEnd,
                        h.getAsJsonObject(k)
                                .getAsJsonArray("data_offsets")
                                .get(1)
                                .getAsLong());
            }
        }
        assertEquals(dataLen, maxEnd, "data section exactly covered");
        return h;
    }

    @Test
    void llamaSavesReloadsWithIdenticalLogitsAndHuggingFaceLayout() throws IOException {
        Path dir = tmp.resolve("llama");
        float[][] before;
        try (Transformer model = TinyModels.llama(9)) {
            before = model.logits(4, 8, 15, 16, 23, 42 % 37);
            model.save(dir, Map.of("seed", "9"));
        }
        try (Transformer loaded = Transformer.load(dir, Device.cpu())) {
            assertEquals(0.0, Diffs.maxAbsDiff(before, loaded.logits(4, 8, 15, 16, 23, 42 % 37)));
            SkillscopeException e = assertThrows(SkillscopeException.class, () -> loaded.save(dir, Map.of()));
            assertTrue(e.getMessage().contains("loaded from"), e.getMessage());
        }
        JsonObject h = header(dir.resolve("model.safetensors"));
        assertEquals(
                "F32",
                h.getAsJsonObject("model.layers.1.mlp.down_proj.weight")
                        .get("dtype")
                        .getAsString());
        assertEquals(
                "[32,48]",
                h.getAsJsonObject("model.layers.1.mlp.down_proj.weight")
                        .get("shape")
                        .toString());
        assertTrue(h.has("lm_head.weight"));
        assertEquals("9", h.getAsJsonObject("__metadata__").get("seed").getAsString());
        JsonObject cfg = JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
        assertEquals("llama", cfg.get("model_type").getAsString());
        assertEquals(
                "LlamaForCausalLM", cfg.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals(2, cfg.get("num_key_value_heads").getAsInt());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void gpt2TiedHeadIsNotStoredAndReloads() throws IOException {
        Path dir = tmp.resolve("gpt2");
        float[][] before;
        try (Transformer model = TinyModels.gpt2(9)) {
            before = model.logits(1, 2, 3);
            model.save(dir, Map.of());
        }
        JsonObject h = header(dir.resolve("model.safetensors"));
        assertFalse(h.has("lm_head.weight"));
        assertTrue(h.has("transformer.wte.weight"));
        try (Transformer loaded = Transformer.load(dir, Device.cpu())) {
            assertEquals(0.0, Diffs.maxAbsDiff(before, loaded.logits(1, 2, 3)));
        }
    }

    @Test
    void halfPrecisionCheckpointsLoadWidenedToFloat32() throws IOException {
        Path src = ReferenceParityTest.root().resolve("llama-tiny");
        for (DType half : new DType[] {DType.BF16, DType.F16}) {
            Path dir = tmp.resolve(half.name());
            Files.createDirectories(dir);
            Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
            Map<String, HostTensor> converted = new LinkedHashMap<>();
            try (TensorSource s = TensorSource.open(src)) {
                for (String n : s.names()) {
                    converted.put(n, s.read(n).asType(half));
                }
            }
            SafetensorsWriter.write(dir.resolve("model.safetensors"), converted, Map.of());
            try (Transformer full = Transformer.load(src, Device.cpu());
                    Transformer low = Transformer.load(dir, Device.cpu())) {
                double diff = Diffs.maxAbsDiff(full.logits(1, 2, 3, 4), low.logits(1, 2, 3, 4));
                // rounding the weights to 8 (BF16) or 11 (F16) mantissa bits moves logits a little, not a lot
                assertTrue(diff > 0 && diff < (half == DType.BF16 ? 0.1 : 0.01), half + " diff " + diff);
            }
        }
    }

    @Test
    void missingOrMisshapenTensorsAreNamed() throws IOException {
        Path dir = tmp.resolve("broken");
        try (Transformer model = TinyModels.llama(1)) {
            model.save(dir, Map.of());
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (TensorSource s = TensorSource.open(dir)) {
            for (String n : s.names()) {
                if (!n.equals("model.norm.weight")) {
                    tensors.put(n, s.read(n));
                }
            }
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of());
        SkillscopeException e = assertThrows(SkillscopeException.class, () -> Transformer.load(dir, Device.cpu()));
        assertTrue(
                e.getMessage().contains("model.norm.weight") && e.getMessage().contains("missing"), e.getMessage());
        tensors.put("model.norm.weight", HostTensor.ofFloats(new float[31], 31));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of());
        e = assertThrows(SkillscopeException.class, () -> Transformer.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains("[31]") && e.getMessage().contains("[32]"), e.getMessage());
    }
}
