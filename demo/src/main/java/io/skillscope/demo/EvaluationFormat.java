package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.modelInputs;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The {@code result.json} of {@code skillscope eval --out}: exact-match {@code scores} per skill on a split,
 * with their mean.
 */
final class EvaluationFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        JsonObject scores = r.object(o, "scores");
        JsonObject settings = new JsonObject();
        for (String k : List.of("split", "skills_asked", "per_skill")) {
            if (o.has(k)) {
                settings.add(k, o.get(k));
            }
        }
        String model = r.stringOr(o, "model", "the model");
        return new StepArtifact(
                ResultKind.EVALUATION,
                "skillscope eval: " + Path.of(model).getFileName(),
                String.format(
                        Locale.ROOT,
                        "Mean exact match %s over %d skills (%s split).",
                        Format.number(meanAccuracy(o, scores, r)),
                        scores.size(),
                        r.stringOr(o, "split", "?")),
                "",
                0,
                Double.NaN,
                settings,
                modelInputs(o),
                Map.of(),
                strings(o, "environment"),
                o);
    }

    private static double meanAccuracy(JsonObject o, JsonObject scores, ResultFields.Reader r) {
        if (o.has("mean_accuracy")) {
            return r.dbl(o, "mean_accuracy");
        }
        return scores.entrySet().stream()
                .mapToDouble(e -> r.dbl(e.getValue().getAsJsonObject(), "accuracy"))
                .average()
                .orElse(Double.NaN);
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        JsonObject scores = r.object(o, "scores");
        StringColumn skill = StringColumn.create("skill");
        IntColumn n = IntColumn.create("n");
        DoubleColumn acc = DoubleColumn.create("exact match");
        IntColumn bad = IntColumn.create("unparseable");
        for (Map.Entry<String, JsonElement> e : scores.entrySet()) {
            JsonObject x = e.getValue().getAsJsonObject();
            skill.append(e.getKey());
            n.append(r.integer(x, "n"));
            acc.append(r.dbl(x, "accuracy"));
            bad.append(x.has("unparseable") ? r.integer(x, "unparseable") : 0);
        }
        if (skill.isEmpty()) {
            throw r.missing("scores", "has no skill");
        }
        Section.Builder s = Section.builder(prefix + "Exact-match accuracy per skill")
                .paragraph("Greedy decoding until <eos>, scored by exact match on the "
                        + r.stringOr(o, "split", "chosen") + " split drawn as the model's recipe.json drew it"
                        + (o.has("per_skill") && r.integer(o, "per_skill") > 0
                                ? ", the first " + r.integer(o, "per_skill") + " examples of each skill"
                                : "")
                        + ".")
                .metric("mean exact match", Format.number(meanAccuracy(o, scores, r)))
                .metric("skills", Integer.toString(skill.size()))
                .metric("examples", Long.toString((long) n.sum()));
        s.chart(
                "Exact-match accuracy per skill.",
                Charts.bars(
                        "Exact match per skill",
                        "exact-match accuracy",
                        skill.asList(),
                        Map.of("exact match", acc.asDoubleArray())));
        s.table("Per skill", Table.create("skills", skill, n, acc, bad));
        return List.of(s.build());
    }
}
