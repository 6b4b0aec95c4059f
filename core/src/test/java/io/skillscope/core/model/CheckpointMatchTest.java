package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.testing.TinyModelFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint is checked against its config from the headers, before anything is loaded. */
class CheckpointMatchTest {
    @Test
    void aConfigClaimingAHugerModelIsRefusedNamingTheTensorAndBothShapes(@TempDir Path tmp) throws Exception {
        Path dir = TinyModelFolder.write(tmp.resolve("m"), 1);
        String json = Files.readString(dir.resolve("config.json"))
                .replaceFirst("\"hidden_size\": 32", "\"hidden_size\": 65536")
                .replaceFirst("\"intermediate_size\": 48", "\"intermediate_size\": 262144")
                .replaceFirst("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 160")
                .replaceFirst("\"head_dim\": 8", "\"head_dim\": 16384");
        Files.writeString(dir.resolve("config.json"), json);
        ModelConfig c = ModelConfig.load(dir.resolve("config.json"));
        try (TensorSource src = TensorSource.open(dir)) {
            SkillscopeException e = assertThrows(SkillscopeException.class, () -> CheckpointMatch.check(c, src));
            assertEquals(
                    src.path() + ": tensor 'model.embed_tokens.weight' has shape [16, 32] but the config implies"
                            + " [16, 65536] (and 1442 more tensors that do not match config.json)",
                    e.getMessage());
        }
    }

    @Test
    void normWeightsRelabelledAsIntegersAreRefused(@TempDir Path tmp) throws Exception {
        Path dir = TinyModelFolder.write(tmp.resolve("m"), 1);
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        String head = new String(bytes, 8, 4000, StandardCharsets.ISO_8859_1);
        String key = "\"model.norm.weight\":{\"dtype\":\"F32\"";
        int at = head.indexOf(key);
        org.junit.jupiter.api.Assertions.assertTrue(at >= 0, head);
        int dtype = 8 + at + key.length() - 4;
        bytes[dtype] = 'I'; // F32 → I32, the same bytes
        Files.write(file, bytes);
        SkillscopeException e = assertThrows(SkillscopeException.class, () -> Transformer.load(dir, Device.cpu()));
        assertEquals(
                file + ": tensor 'model.norm.weight' is stored as I32, an integer dtype, but it is a floating-point"
                        + " parameter (expected F32, F16, BF16 or F64)",
                e.getMessage());
    }
}
