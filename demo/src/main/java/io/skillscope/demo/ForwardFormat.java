package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.Section;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The {@code result.json} of {@code skillscope forward}: the token ids in its {@code settings} and the
 * shape of every {@code .npy} file it wrote.
 */
final class ForwardFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        JsonObject settings = r.object(o, "settings");
        int tokens = r.array(settings, "ids").size();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : r.object(o, "files").entrySet()) {
            outputs.put(e.getKey(), e.getValue().toString());
        }
        return new StepArtifact(
                ResultKind.FORWARD,
                "skillscope forward: " + tokens + " tokens",
                "One forward pass over " + tokens + " tokens of " + r.stringOr(settings, "model", "the model")
                        + "; logits and " + (outputs.size() - 1) + " hooked activation(s) written as .npy files.",
                "",
                0,
                Double.NaN,
                settings,
                strings(o, "inputs"),
                outputs,
                strings(o, "environment"),
                o);
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        JsonObject settings = r.object(o, "settings");
        JsonArray ids = r.array(settings, "ids");
        StringColumn file = StringColumn.create("file");
        StringColumn shape = StringColumn.create("shape");
        for (Map.Entry<String, JsonElement> e : r.object(o, "files").entrySet()) {
            file.append(e.getKey());
            shape.append(e.getValue().toString());
        }
        Section.Builder s = Section.builder(prefix + "Forward pass")
                .paragraph("Token ids " + ids
                        + (settings.has("text") ? " (text \"" + r.string(settings, "text") + "\")" : "")
                        + ". Every array is float32 with the batch dimension dropped; numpy.load reads it.")
                .metric("tokens", Integer.toString(ids.size()))
                .metric("hooks", Integer.toString(file.size() - 1));
        return List.of(
                s.table("Files written", Table.create("files", file, shape)).build());
    }
}
