package io.skillscope.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The field helpers the {@link CommandFormat}s share: optional fields, flattened objects, settings tables. */
final class FormatFields {
    private FormatFields() {}

    /** A primitive field as a string, or {@code null} when it is missing or not a primitive. */
    static String primitive(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** An object field, or an empty object when it is missing or not an object. */
    static JsonObject objectOr(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    /** An object's primitives as strings (nested objects flattened with dots); a missing one is empty. */
    static Map<String, String> strings(JsonObject o, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        flatInto(out, "", objectOr(o, field));
        return out;
    }

    /** The {@code model} and {@code model_sha256} fields that are present, as inputs. */
    static Map<String, String> modelInputs(JsonObject o) {
        Map<String, String> in = new LinkedHashMap<>();
        for (String k : List.of("model", "model_sha256")) {
            if (o.has(k) && o.get(k).isJsonPrimitive()) {
                in.put(k, o.get(k).getAsString());
            }
        }
        return in;
    }

    /** Puts an object's fields into {@code out}, keys under {@code prefix}, nested objects flattened with dots. */
    static void flatInto(Map<String, String> out, String prefix, JsonObject o) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                flatInto(out, prefix + e.getKey() + ".", v.getAsJsonObject());
            } else if (v.isJsonNull()) {
                out.put(prefix + e.getKey(), "null");
            } else {
                out.put(prefix + e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }
    }

    /** Setting and value columns of an object, nested objects flattened with dots. */
    static Table settingsTable(JsonObject o) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatInto(flat, "", o);
        return Table.create(
                "settings",
                StringColumn.create("setting", new ArrayList<>(flat.keySet())),
                StringColumn.create("value", new ArrayList<>(flat.values())));
    }

    /** A number in scientific notation with one decimal ({@code 1.0e-03}). */
    static String sci(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }
}
