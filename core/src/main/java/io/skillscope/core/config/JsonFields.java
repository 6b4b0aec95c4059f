package io.skillscope.core.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Typed access to a config JSON object, with messages that name the file, the field and the value.
 * Absent fields and explicit {@code null} are treated alike: the default applies.
 */
final class JsonFields {

    private final JsonObject json;
    private final Path file;
    private final String source;

    JsonFields(JsonObject json, Path file) {
        this.json = json;
        this.file = file;
        this.source = file == null ? "config" : file.toString();
    }

    Path file() {
        return file;
    }

    String source() {
        return source;
    }

    ConfigException fail(String message) {
        return new ConfigException(source + ": " + message);
    }

    boolean has(String field) {
        JsonElement e = json.get(field);
        return e != null && !e.isJsonNull();
    }

    /** Whether the key is there at all, even with an explicit null. */
    boolean present(String field) {
        return json.has(field);
    }

    JsonElement get(String field) {
        return has(field) ? json.get(field) : null;
    }

    int requiredInt(String field) {
        if (!has(field)) {
            throw fail("missing required field \"" + field + "\"");
        }
        return toInt(field, json.get(field));
    }

    int optInt(String field, int fallback) {
        return has(field) ? toInt(field, json.get(field)) : fallback;
    }

    Integer optInteger(String field) {
        return has(field) ? toInt(field, json.get(field)) : null;
    }

    /** A token id, or the first of a list of ids (Llama 3 lists several eos ids), or null. */
    Integer optTokenId(String field) {
        JsonElement e = get(field);
        if (e == null) {
            return null;
        }
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            return a.isEmpty() ? null : toInt(field, a.get(0));
        }
        return toInt(field, e);
    }

    double optDouble(String field, double fallback) {
        JsonElement e = get(field);
        if (e == null) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw fail("field \"" + field + "\" must be a number, got " + e);
        }
        return p.getAsDouble();
    }

    boolean optBool(String field, boolean fallback) {
        JsonElement e = get(field);
        if (e == null) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw fail("field \"" + field + "\" must be true or false, got " + e);
        }
        return p.getAsBoolean();
    }

    String optString(String field, String fallback) {
        JsonElement e = get(field);
        if (e == null) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw fail("field \"" + field + "\" must be a string, got " + e);
        }
        return p.getAsString();
    }

    String requiredString(String field) {
        if (!has(field)) {
            throw fail("missing required field \"" + field + "\"");
        }
        return optString(field, null);
    }

    private int toInt(String field, JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw fail("field \"" + field + "\" must be an integer, got " + e);
        }
        BigDecimal v = p.getAsBigDecimal();
        try {
            return v.intValueExact();
        } catch (ArithmeticException ex) {
            try {
                // Accept 64.0, which some writers emit, but not 64.5 or values beyond int.
                return v.stripTrailingZeros().intValueExact();
            } catch (ArithmeticException ex2) {
                throw fail("field \"" + field + "\" must be a 32-bit integer, got " + e);
            }
        }
    }
}
