package io.skillscope.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of the demo's {@code result.json} files: arrays and numbers written with non-finite values as
 * {@code null}, and reads that name the file and field at fault. Files themselves are written by the
 * project's one JSON writer, {@link io.skillscope.core.Json}.
 */
final class ResultFields {
    private ResultFields() {}

    static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    /** A number, or {@code null} when it is NaN or infinite. */
    static JsonElement num(double v) {
        return finite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    static JsonArray array(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            a.add(num(v));
        }
        return a;
    }

    static JsonArray array(boolean[] values) {
        JsonArray a = new JsonArray(values.length);
        for (boolean v : values) {
            a.add(v);
        }
        return a;
    }

    static JsonArray array(int[] values) {
        JsonArray a = new JsonArray(values.length);
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    /** Field reads that throw {@link DemoException} naming the file and the field. */
    static final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        DemoException missing(String field, String what) {
            return new DemoException(file + ": field '" + field + "' " + what);
        }

        JsonElement get(JsonObject o, String field) {
            JsonElement e = o.get(field);
            if (e == null) {
                throw missing(field, "is missing");
            }
            return e;
        }

        String string(JsonObject o, String field) {
            JsonElement e = get(o, field);
            if (!e.isJsonPrimitive()) {
                throw missing(field, "must be a string, got " + e);
            }
            return e.getAsString();
        }

        String stringOr(JsonObject o, String field, String fallback) {
            return o.has(field) && o.get(field).isJsonPrimitive() ? o.get(field).getAsString() : fallback;
        }

        Number number(JsonObject o, String field) {
            JsonElement e = get(o, field);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw missing(field, "must be a number, got " + e);
            }
            return e.getAsNumber();
        }

        /** A number; {@code null} reads as NaN. */
        double dbl(JsonObject o, String field) {
            JsonElement e = get(o, field);
            return e.isJsonNull() ? Double.NaN : number(o, field).doubleValue();
        }

        int integer(JsonObject o, String field) {
            return number(o, field).intValue();
        }

        long longValue(JsonObject o, String field) {
            return number(o, field).longValue();
        }

        boolean bool(JsonObject o, String field) {
            JsonElement e = get(o, field);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw missing(field, "must be true or false, got " + e);
            }
            return e.getAsBoolean();
        }

        JsonObject object(JsonObject o, String field) {
            JsonElement e = get(o, field);
            if (!e.isJsonObject()) {
                throw missing(field, "must be an object");
            }
            return e.getAsJsonObject();
        }

        JsonArray array(JsonObject o, String field) {
            JsonElement e = get(o, field);
            if (!e.isJsonArray()) {
                throw missing(field, "must be an array");
            }
            return e.getAsJsonArray();
        }

        /** An object of primitives as strings, in order; a missing field reads as empty. */
        Map<String, String> strings(JsonObject o, String field) {
            Map<String, String> out = new LinkedHashMap<>();
            if (!o.has(field)) {
                return out;
            }
            for (Map.Entry<String, JsonElement> e : object(o, field).entrySet()) {
                JsonElement v = e.getValue();
                out.put(e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
            return out;
        }

        double[] doubles(JsonObject o, String field) {
            JsonArray a = array(o, field);
            double[] out = new double[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
            }
            return out;
        }

        int[] ints(JsonObject o, String field) {
            JsonArray a = array(o, field);
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).getAsInt();
            }
            return out;
        }

        boolean[] booleans(JsonObject o, String field) {
            JsonArray a = array(o, field);
            boolean[] out = new boolean[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).getAsBoolean();
            }
            return out;
        }
    }
}
