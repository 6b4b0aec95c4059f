package io.skillscope.unlearning;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writing and reading unlearning artifact folders: {@code result.json} plus one safetensors file. */
final class Artifacts {
    static final String RESULT = "result.json";
    static final Gson GSON = io.skillscope.core.Json.builder()
            .serializeNulls()
            .registerTypeHierarchyAdapter(LayerChoice.class, new LayerCodes().nullSafe())
            .create();

    /** A {@link LayerChoice} as the one integer artifacts have always held: {@link LayerChoice#code()}. */
    private static final class LayerCodes extends TypeAdapter<LayerChoice> {
        @Override
        public void write(JsonWriter out, LayerChoice v) throws IOException {
            out.value(v.code());
        }

        @Override
        public LayerChoice read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return LayerChoice.ofCode(in.nextInt());
        }
    }

    private Artifacts() {}

    /** Writes the tensors, then {@code result.json} with the environment added, each atomically. */
    static void write(Path dir, JsonObject json, String tensorFile, Map<String, HostTensor> tensors) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        if (tensorFile != null) {
            SafetensorsWriter.write(
                    dir.resolve(tensorFile),
                    tensors,
                    Map.of("format", "skillscope." + json.get("method").getAsString()));
        }
        if (!json.has("provenance")) {
            json.add("provenance", GSON.toJsonTree(Provenance.environment()));
        }
        io.skillscope.core.Json.write(dir.resolve(RESULT), json);
    }

    /** Reads {@code result.json} and checks its method. */
    static JsonObject read(Path dir, String method) {
        Path file = dir.resolve(RESULT);
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new SkillscopeException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new SkillscopeException(file + ": not JSON (" + e.getMessage() + ")", e);
        }
        JsonElement m = o.get("method");
        if (m == null || !method.equals(m.getAsString())) {
            throw new SkillscopeException(file + ": field 'method' is " + m + ", expected \"" + method + "\"");
        }
        return o;
    }

    /** A required field. */
    static JsonElement field(JsonObject o, String name, Path dir) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new SkillscopeException(dir.resolve(RESULT) + ": missing field '" + name + "'");
        }
        return e;
    }

    static int[] ints(long[] l) {
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
