package io.skillscope.core.checkpoint;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A checkpoint split over several safetensors files, described by a Hugging Face
 * {@code model.safetensors.index.json}: {@code {"metadata": {...}, "weight_map": {tensor: shard}}}.
 *
 * <p>Opening reads the index and every shard's header, and checks that every shard exists inside the
 * index's folder and every listed tensor is in its shard. Tensors a shard holds but the index does not
 * list are not visible.
 */
public final class ShardedSafetensors implements TensorSource {

    private final Path index;
    private final SortedMap<String, SafetensorsFile> byTensor;
    private final Map<String, SafetensorsFile> shards;
    private final Map<String, String> metadata;
    private final SortedSet<String> names;

    private ShardedSafetensors(
            Path index,
            SortedMap<String, SafetensorsFile> byTensor,
            Map<String, SafetensorsFile> shards,
            Map<String, String> metadata) {
        this.index = index;
        this.byTensor = byTensor;
        this.shards = shards;
        this.metadata = metadata;
        this.names = Collections.unmodifiableSortedSet(new TreeSet<>(byTensor.keySet()));
    }

    /**
     * Opens a sharded checkpoint from its index file.
     *
     * @param indexJson the {@code *.safetensors.index.json} file
     * @return the open checkpoint; close it when done
     * @throws CheckpointException for a malformed index, a missing shard or a tensor missing from its
     *     shard, naming the index, the shard and the tensor
     */
    public static ShardedSafetensors open(Path indexJson) {
        Map<String, String> metadata = new TreeMap<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        readIndex(indexJson, metadata, weightMap);
        Path folder = indexJson.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        try {
            SortedMap<String, SafetensorsFile> byTensor = new TreeMap<>();
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                String shardName = e.getValue();
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    Path shardPath = folder.resolve(shardName).normalize();
                    if (!shardPath.startsWith(folder.normalize())) {
                        throw new CheckpointException(
                                indexJson + ": weight_map shard \"" + shardName + "\" lies outside the folder");
                    }
                    if (!Files.isRegularFile(shardPath)) {
                        throw new CheckpointException(indexJson
                                + ": weight_map names shard \""
                                + shardName
                                + "\" (for tensor \""
                                + e.getKey()
                                + "\") but "
                                + shardPath
                                + " does not exist");
                    }
                    shard = SafetensorsFile.open(shardPath);
                    shards.put(shardName, shard);
                }
                if (!shard.contains(e.getKey())) {
                    throw new CheckpointException(indexJson
                            + ": weight_map puts tensor \""
                            + e.getKey()
                            + "\" in shard \""
                            + shardName
                            + "\" but that shard does not hold it");
                }
                byTensor.put(e.getKey(), shard);
            }
            return new ShardedSafetensors(
                    indexJson,
                    Collections.unmodifiableSortedMap(byTensor),
                    Collections.unmodifiableMap(shards),
                    Collections.unmodifiableMap(metadata));
        } catch (RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static void readIndex(Path file, Map<String, String> metadata, Map<String, String> map) {
        boolean sawWeightMap = false;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader r = new JsonReader(in)) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new CheckpointException(file + ": index is not a JSON object");
            }
            r.beginObject();
            while (r.hasNext()) {
                String key = r.nextName();
                if (key.equals("weight_map")) {
                    sawWeightMap = true;
                    readStringMap(r, file, "weight_map", map, true);
                } else if (key.equals("metadata") && r.peek() == JsonToken.BEGIN_OBJECT) {
                    readStringMap(r, file, "metadata", metadata, false);
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file", e);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new CheckpointException(file + ": index is not valid JSON: " + e.getMessage(), e);
        }
        if (!sawWeightMap) {
            throw new CheckpointException(file + ": index has no \"weight_map\" field");
        }
    }

    /** Reads an object of scalars; in the weight map values must be strings and names unique. */
    private static void readStringMap(JsonReader r, Path file, String field, Map<String, String> out, boolean strict)
            throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw new CheckpointException(file + ": \"" + field + "\" must be an object, got " + r.peek());
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            JsonToken t = r.peek();
            String value;
            if (t == JsonToken.STRING || (!strict && (t == JsonToken.NUMBER))) {
                value = r.nextString();
            } else if (!strict && t == JsonToken.BOOLEAN) {
                value = Boolean.toString(r.nextBoolean());
            } else if (strict) {
                throw new CheckpointException(
                        file + ": " + field + " entry \"" + key + "\" must be a shard file name, got " + t);
            } else {
                r.skipValue();
                continue;
            }
            if (out.put(key, value) != null && strict) {
                throw new CheckpointException(file + ": " + field + " lists \"" + key + "\" twice");
            }
        }
        r.endObject();
    }

    @Override
    public SortedSet<String> names() {
        return names;
    }

    @Override
    public TensorInfo info(String name) {
        return shardOf(name).info(name);
    }

    @Override
    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    /**
     * The shard that holds a tensor.
     *
     * @param name the tensor name
     * @return the shard
     * @throws CheckpointException naming the missing tensor and the index
     */
    public SafetensorsFile shardOf(String name) {
        SafetensorsFile shard = byTensor.get(name);
        if (shard == null) {
            throw new CheckpointException(
                    index + ": no tensor named \"" + name + "\" (the index lists " + names.size() + ")");
        }
        return shard;
    }

    @Override
    public void streamBytes(String name, long first, long count, Consumer<ByteBuffer> sink) {
        shardOf(name).streamBytes(name, first, count, sink);
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Path path() {
        return index;
    }

    @Override
    public void close() {
        CheckpointException first = null;
        for (SafetensorsFile shard : shards.values()) {
            try {
                shard.close();
            } catch (CheckpointException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ShardedSafetensors "
                + index.getFileName()
                + " ("
                + names.size()
                + " tensors in "
                + shards.size()
                + " shards)";
    }
}
