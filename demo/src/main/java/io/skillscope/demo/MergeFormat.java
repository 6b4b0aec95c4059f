package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.settingsTable;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.WeightChanges;
import io.skillscope.reports.sections.WeightChangesSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code result.json} of {@code skillscope merge} and the library's grafting writers: the method or
 * operation, and when recorded the {@code weight_changes} against the base, shown as a
 * {@link WeightChangesSection}.
 */
final class MergeFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        String method = mergeMethod(o, r);
        JsonObject settings = new JsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonPrimitive() && !List.of("kind", "command").contains(e.getKey())) {
                settings.add(e.getKey(), e.getValue());
            }
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        if (o.has("weight_changes")) {
            inputs.putAll(strings(r.object(o, "weight_changes"), "inputs"));
        }
        String summary = o.has("weight_changes")
                ? method + " of " + Math.max(0, inputs.size() - 1) + " input(s) on "
                        + r.string(r.object(o, "weight_changes"), "base") + ", written to " + dir
                : "The " + r.stringOr(o, "operation", method) + " written to " + dir + ".";
        return new StepArtifact(
                ResultKind.MERGE,
                "skillscope merge: " + method,
                summary,
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                Map.of("model", "model.safetensors"),
                strings(o, "provenance"),
                o);
    }

    private static String mergeMethod(JsonObject o, ResultFields.Reader r) {
        if (o.has("weight_changes")) {
            return r.string(r.object(o, "weight_changes"), "method");
        }
        return o.has("method") ? r.string(o, "method") : r.string(o, "operation");
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        if (!o.has("weight_changes")) {
            JsonObject flat = new JsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (!e.getKey().equals("provenance")) {
                    flat.add(e.getKey(), e.getValue());
                }
            }
            return List.of(Section.builder(prefix + "Weight-space operation")
                    .paragraph("This result.json has no weight_changes (it was written by the library, or by"
                            + " skillscope merge before it recorded them); run skillscope merge again to see how far"
                            + " every tensor moved. The operation's fields:")
                    .table("Fields", settingsTable(flat))
                    .build());
        }
        JsonObject wc = r.object(o, "weight_changes");
        List<WeightChanges.Row> rows = new ArrayList<>();
        for (JsonElement e : r.array(wc, "tensors")) {
            JsonObject t = e.getAsJsonObject();
            rows.add(new WeightChanges.Row(
                    r.string(t, "tensor"),
                    r.string(t, "group"),
                    r.longValue(t, "numel"),
                    r.longValue(t, "changed"),
                    r.dbl(t, "relative_change")));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (o.has("config")) {
            settings.put("config", r.string(o, "config"));
        }
        if (o.has("config_sha256")) {
            settings.put("config sha256", r.string(o, "config_sha256"));
        }
        return List.of(new WeightChangesSection(prefix + "Weight change against the base")
                .from(new WeightChanges(r.string(wc, "method"), settings, strings(wc, "inputs"), rows)));
    }
}
