package io.skillscope.core;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.skillscope.core.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one way the project writes JSON: pretty, no HTML escaping, nulls kept, and strict JSON. A number
 * that is not finite (an undefined ratio, a NaN statistic) is written as {@code null}, never as the
 * {@code NaN} token that strict parsers reject; reading {@code null} into a {@code double} gives NaN
 * back, so records round-trip. Files are written atomically (temporary file, then rename).
 */
public final class Json {
    /** Non-finite doubles as null on write, null as NaN on read. */
    private static final TypeAdapter<Double> DOUBLE = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    /** The project's Gson: records and maps to and from strict JSON, nulls kept. */
    public static final Gson GSON = builder().serializeNulls().create();

    /**
     * The settings every project Gson starts from (pretty, no HTML escaping, non-finite doubles as
     * null), for a writer that adds its own type adapters.
     */
    public static GsonBuilder builder() {
        return new GsonBuilder()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .registerTypeAdapter(double.class, DOUBLE)
                .registerTypeAdapter(Double.class, DOUBLE);
    }

    private Json() {}

    /** A number, or null when it is not finite. */
    public static JsonElement num(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    /** The text of a tree, every non-finite number written as null. */
    public static String text(JsonElement tree) {
        return GSON.toJson(finite(tree)) + "\n";
    }

    /** Writes a tree as strict JSON, atomically. */
    public static void write(Path file, JsonElement tree) {
        AtomicFiles.writeString(file, text(tree));
    }

    /** Writes a record, map or list as strict JSON, atomically. */
    public static void write(Path file, Object value) {
        write(file, GSON.toJsonTree(value));
    }

    /** The environment's provenance (library, engine and runtime versions) as a JSON object. */
    public static JsonObject environment() {
        JsonObject env = new JsonObject();
        for (Map.Entry<String, String> e : Provenance.environment().entrySet()) {
            env.addProperty(e.getKey(), e.getValue());
        }
        return env;
    }

    /**
     * Reads a JSON object (leniently, so files written with NaN before this writer existed still load).
     *
     * @throws SkillscopeException naming the file when it cannot be read or is not an object
     */
    public static JsonObject read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SkillscopeException("cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        try {
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new SkillscopeException(file + " is not a JSON object (" + e.getMessage() + ")", e);
        }
    }

    /** A copy of the tree with every non-finite number replaced by null. */
    static JsonElement finite(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return JsonNull.INSTANCE;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isNumber()) {
                double d = p.getAsDouble();
                return Double.isFinite(d) ? p : JsonNull.INSTANCE;
            }
            return p;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray(e.getAsJsonArray().size());
            e.getAsJsonArray().forEach(x -> a.add(finite(x)));
            return a;
        }
        JsonObject o = new JsonObject();
        e.getAsJsonObject().entrySet().forEach(x -> o.add(x.getKey(), finite(x.getValue())));
        return o;
    }
}
