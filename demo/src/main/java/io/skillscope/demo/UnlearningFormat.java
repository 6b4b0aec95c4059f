package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.flatInto;
import static io.skillscope.demo.FormatFields.modelInputs;
import static io.skillscope.demo.FormatFields.objectOr;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.reports.results.UnlearningResults.Role;
import io.skillscope.reports.results.UnlearningResults.Run;
import io.skillscope.reports.results.UnlearningResults.SetScore;
import io.skillscope.reports.sections.UnlearningSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code result.json} of {@code skillscope unlearn}: the {@code method}, the {@code forget} set and the
 * {@code retain} sets with their scores before and after, shown as an {@link UnlearningSection}.
 */
final class UnlearningFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        String method = label(o, r);
        JsonObject forget = r.object(o, "forget");
        UnlearningResults u = unlearning(o, r);
        Run run = u.runs().get(0);
        JsonObject settings = new JsonObject();
        settings.addProperty("method", method);
        if (o.has("preset")) {
            settings.add("preset", o.get("preset"));
        }
        if (o.has("options")) {
            settings.add("options", o.get("options"));
        }
        if (o.has("h_override")) {
            settings.add("h_override", o.get("h_override"));
        }
        Map<String, String> inputs = modelInputs(o);
        flatInto(inputs, "data.", objectOr(o, "data"));
        Map<String, String> outputs = new LinkedHashMap<>();
        if (o.has("artifact")) {
            outputs.put("artifact", r.string(o, "artifact") + "/");
        }
        return new StepArtifact(
                ResultKind.UNLEARNING_RUN,
                "skillscope unlearn " + method + ": forget " + r.string(forget, "name"),
                String.format(
                        Locale.ROOT,
                        "%s: forget %s %s → %s (relative drop %s), %d retain set%s, worst retain drop %s.",
                        method,
                        run.forget().name(),
                        Format.number(run.forget().before()),
                        Format.number(run.forget().after()),
                        Format.percent(run.forget().relativeDrop()),
                        run.retain().size(),
                        run.retain().size() == 1 ? "" : "s",
                        Format.percent(run.worstRetainDrop())),
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                outputs,
                strings(o, o.has("provenance") ? "provenance" : "environment"),
                o);
    }

    /**
     * The method as the report names it: {@code method_label} (KSD's preset or variant, e.g. {@code KSD
     * variant: up-projection prompt-only box (not in the paper)}) when written, else {@code method}.
     */
    static String label(JsonObject o, ResultFields.Reader r) {
        return o.has("method_label") ? r.string(o, "method_label") : r.string(o, "method");
    }

    private static UnlearningResults unlearning(JsonObject o, ResultFields.Reader r) {
        String method = label(o, r);
        JsonObject forget = r.object(o, "forget");
        List<SetScore> sets = new ArrayList<>();
        sets.add(setScore(forget, Role.FORGET, r));
        for (JsonElement e : r.array(o, "retain")) {
            sets.add(setScore(e.getAsJsonObject(), Role.RETAIN, r));
        }
        Map<String, String> details = new LinkedHashMap<>();
        if (o.has("preset")) {
            details.put("preset", r.string(o, "preset"));
        }
        if (o.has("preset_overrides") && !r.array(o, "preset_overrides").isEmpty()) {
            details.put("preset overridden by", o.get("preset_overrides").toString());
        }
        if (o.has("dev_forget_detection")) {
            details.put("dev forget detection", Format.percent(r.dbl(o, "dev_forget_detection")));
        }
        flatInto(details, "", objectOr(o, "settings"));
        if (o.has("h_override")) {
            details.put("h (given with --h)", r.string(o, "h_override"));
        }
        return new UnlearningResults(r.string(forget, "name"), List.of(new Run(method, method, details, sets)));
    }

    private static SetScore setScore(JsonObject x, Role role, ResultFields.Reader r) {
        return new SetScore(
                r.string(x, "name"),
                role,
                r.integer(x, "n"),
                r.dbl(x, "before"),
                r.dbl(x, "after"),
                r.dbl(x, "detection"));
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        return List.of(new UnlearningSection(prefix + "Unlearning: " + label(o, r)).from(unlearning(o, r)));
    }
}
