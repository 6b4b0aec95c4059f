package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedAndFolderTest {

    @TempDir
    Path dir;

    /** Splits the llama fixture into two shards and writes a Hugging Face index for them. */
    private Path shardLlama(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, HostTensor> first = new LinkedHashMap<>();
        Map<String, HostTensor> second = new LinkedHashMap<>();
        JsonObject weightMap = new JsonObject();
        try (TensorSource src = TensorSource.open(FixturePaths.model("llama-tiny"))) {
            List<String> names = List.copyOf(src.names());
            for (int i = 0; i < names.size(); i++) {
                boolean early = i < names.size() / 2;
                (early ? first : second).put(names.get(i), src.read(names.get(i)));
                weightMap.addProperty(
                        names.get(i), early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
            }
        }
        SafetensorsWriter.write(folder.resolve("model-00001-of-00002.safetensors"), first, Map.of("format", "pt"));
        SafetensorsWriter.write(folder.resolve("model-00002-of-00002.safetensors"), second, Map.of("format", "pt"));
        JsonObject index = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("total_size", 12345);
        index.add("metadata", meta);
        index.add("weight_map", weightMap);
        Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
        return folder;
    }

    @Test
    void shardedFolderReadsTheSameTensors() throws IOException {
        Path folder = shardLlama(dir.resolve("sharded"));
        try (TensorSource whole = TensorSource.open(FixturePaths.model("llama-tiny"));
                TensorSource sharded = TensorSource.open(folder)) {
            assertInstanceOf(ShardedSafetensors.class, sharded);
            assertEquals(whole.names(), sharded.names());
            for (String name : whole.names()) {
                assertArrayEquals(whole.readFloats(name), sharded.readFloats(name), name);
                assertArrayEquals(whole.info(name).shape(), sharded.info(name).shape());
            }
            assertEquals("12345", sharded.metadata().get("total_size"));
            assertEquals(Hashing.sha256(whole), Hashing.sha256(sharded), "content hash ignores sharding");
            assertTrue(((ShardedSafetensors) sharded)
                    .shardOf("lm_head.weight")
                    .path()
                    .getFileName()
                    .toString()
                    .startsWith("model-0000"));
            CheckpointException e = assertThrows(CheckpointException.class, () -> sharded.info("nope"));
            assertTrue(e.getMessage().contains("no tensor named \"nope\""), e.getMessage());
        }
    }

    @Test
    void indexNamingAMissingShardIsAnError() throws IOException {
        Path folder = shardLlama(dir.resolve("missing"));
        Files.delete(folder.resolve("model-00002-of-00002.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorSource.open(folder));
        assertTrue(e.getMessage().contains("model.safetensors.index.json"), e.getMessage());
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void indexListingATensorItsShardLacksIsAnError() throws IOException {
        Path folder = shardLlama(dir.resolve("wrong"));
        Path index = folder.resolve("model.safetensors.index.json");
        String text = Files.readString(index);
        Files.writeString(
                index,
                text.replace(
                        "\"weight_map\":{", "\"weight_map\":{\"ghost.weight\":\"model-00001-of-00002.safetensors\","));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorSource.open(folder));
        assertTrue(e.getMessage().contains("\"ghost.weight\""), e.getMessage());
        assertTrue(e.getMessage().contains("does not hold it"), e.getMessage());
    }

    @Test
    void indexWithoutWeightMapOrEscapingTheFolderIsAnError() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(folder.resolve("model.safetensors.index.json"), "{\"metadata\": {}}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorSource.open(folder));
        assertTrue(e.getMessage().contains("no \"weight_map\""), e.getMessage());
        Files.writeString(
                folder.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"w\": \"../x.safetensors\"}}");
        e = assertThrows(CheckpointException.class, () -> TensorSource.open(folder));
        assertTrue(e.getMessage().contains("outside the folder"), e.getMessage());
    }

    @Test
    void pickleOnlyFolderIsRefusedWithAConversionHint() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("pickled"));
        Files.write(folder.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        Files.writeString(folder.resolve("config.json"), "{}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorSource.open(folder));
        assertTrue(e.getMessage().contains("pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("unpickling runs arbitrary code"), e.getMessage());
        assertTrue(e.getMessage().contains("safe_serialization=True"), e.getMessage());
        Path pt = dir.resolve("model.pt");
        Files.write(pt, new byte[] {1});
        e = assertThrows(CheckpointException.class, () -> TensorSource.open(pt));
        assertTrue(e.getMessage().contains("refuses pickled checkpoints"), e.getMessage());
    }

    @Test
    void folderWithoutCheckpointAndMissingPaths() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("emptyish"));
        Files.writeString(folder.resolve("config.json"), "{}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorSource.open(folder));
        assertTrue(e.getMessage().contains("no checkpoint found"), e.getMessage());
        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(CheckpointException.class, () -> TensorSource.open(nowhere));
        assertTrue(e.getMessage().contains("no such file or folder"), e.getMessage());
    }

    @Test
    void folderWithOneOddlyNamedSafetensorsFileOpensIt() {
        Path folder = dir.resolve("odd");
        SafetensorsWriter.write(
                folder.resolve("weights.safetensors"), Map.of("w", HostTensor.ofFloats(new float[] {3}, 1)));
        try (TensorSource src = TensorSource.open(folder)) {
            assertArrayEquals(new float[] {3}, src.readFloats("w"));
            assertEquals("weights.safetensors", src.path().getFileName().toString());
        }
    }
}
