package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.flatInto;
import static io.skillscope.demo.FormatFields.objectOr;
import static io.skillscope.demo.FormatFields.sci;
import static io.skillscope.demo.FormatFields.settingsTable;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.sections.SparsitySweepSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The {@code result.json} of {@code skillscope localize}: one mask's point (a mask folder) or a sweep's
 * {@code points} and its {@code best}, shown as a {@link SparsitySweepSection} and, for one mask, its
 * entries per layer.
 */
final class LocalizationFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        SparsitySweep w = sweep(o, r);
        SparsitySweep.Point c = w.chosenPoint();
        boolean isSweep = o.has("points");
        JsonObject settings = new JsonObject();
        if (isSweep) {
            settings.addProperty("recover", recoverShare(o, r));
            JsonArray targets = new JsonArray();
            w.points().forEach(p -> targets.add(p.targetSparsity()));
            settings.add("target_sparsities", targets);
        } else {
            settings.addProperty("target_sparsity", c.targetSparsity()); // the optimizer's are the section's table
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String k : List.of("base", "finetuned")) {
            if (o.has(k)) {
                inputs.put(k, r.string(o, k));
            }
        }
        flatInto(inputs, "data.", objectOr(o, "data"));
        Map<String, String> outputs = new LinkedHashMap<>();
        if (isSweep) {
            for (JsonElement e : r.array(o, "points")) {
                JsonObject p = e.getAsJsonObject();
                if (p.has("folder")) {
                    outputs.put("mask at " + r.string(p, "target_sparsity"), r.string(p, "folder") + "/");
                }
            }
        } else {
            outputs.put("mask", "mask.safetensors");
        }
        return new StepArtifact(
                ResultKind.LOCALIZATION,
                "skillscope localize: " + w.task()
                        + (isSweep ? ", " + w.points().size() + " sparsities" : ""),
                String.format(
                        Locale.ROOT,
                        "The chosen mask: target sparsity %s, kept %s (learned %s): graft accuracy %s of θ_ft's %s"
                                + " (θ_pre %s), ECE graft %s.",
                        sci(c.targetSparsity()),
                        sci(c.sparsity()),
                        sci(c.learnedSparsity()),
                        Format.number(c.graftAccuracy()),
                        Format.number(c.ftAccuracy()),
                        Format.number(c.preAccuracy()),
                        Format.number(c.graftEce())),
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                outputs,
                strings(o, o.has("provenance") ? "provenance" : "environment"),
                o);
    }

    /** The sweep's points (or a mask folder's one point) and the chosen point, without reliability data. */
    private static SparsitySweep sweep(JsonObject o, ResultFields.Reader r) {
        List<JsonObject> raw = new ArrayList<>();
        if (o.has("points")) {
            r.array(o, "points").forEach(e -> raw.add(e.getAsJsonObject()));
        } else {
            raw.add(o);
        }
        List<SparsitySweep.Point> pts = new ArrayList<>();
        for (JsonObject j : raw) {
            JsonObject acc = r.object(j, "accuracy");
            JsonObject ece = r.object(j, "ece");
            // dev accuracies (what the sweep chose on), absent from results written before they were recorded
            JsonObject dev = j.has("dev") ? r.object(r.object(j, "dev"), "accuracy") : null;
            pts.add(new SparsitySweep.Point(
                    r.dbl(j, "target_sparsity"),
                    r.dbl(j, "sparsity"),
                    r.longValue(j, "n_selected"),
                    r.longValue(j, "n_included"),
                    r.dbl(acc, "pre"),
                    r.dbl(acc, "ft"),
                    r.dbl(acc, "graft"),
                    r.dbl(ece, "pre"),
                    r.dbl(ece, "ft"),
                    r.dbl(ece, "graft"),
                    r.dbl(j, "agreement_with_ft"),
                    r.integer(j, "best_step"),
                    j.has("learned_sparsity") ? r.dbl(j, "learned_sparsity") : r.dbl(j, "sparsity"),
                    dev == null ? Double.NaN : r.dbl(dev, "ft"),
                    dev == null ? Double.NaN : r.dbl(dev, "graft")));
        }
        int chosen = 0;
        if (o.has("best")) {
            JsonObject best = r.object(o, "best");
            for (int i = 0; i < raw.size(); i++) {
                boolean sameFolder = best.has("folder")
                        && raw.get(i).has("folder")
                        && r.string(best, "folder").equals(r.string(raw.get(i), "folder"));
                boolean sameTarget = !best.has("folder")
                        && r.dbl(best, "target_sparsity") == pts.get(i).targetSparsity();
                if (sameFolder || sameTarget) {
                    chosen = i;
                    break;
                }
            }
        }
        String task = o.has("task") ? r.string(o, "task") : r.string(r.object(o, "data"), "task");
        JsonObject data = objectOr(o, "data");
        int testItems = data.has("test") ? r.integer(data, "test") : r.integer(raw.get(0), "n_test");
        return new SparsitySweep(
                task,
                testItems,
                pts,
                List.of(),
                "graft at sparsity " + sci(pts.get(chosen).sparsity()),
                chosen);
    }

    private static final Pattern SHARE = Pattern.compile("recover(?:ing|s) >?=? ?([0-9.]+)");

    /** The sweep's best-point share: {@code recover}, else read from the best point's rule, else 0.95. */
    private static double recoverShare(JsonObject o, ResultFields.Reader r) {
        if (o.has("recover")) {
            return r.dbl(o, "recover");
        }
        if (o.has("best") && r.object(o, "best").has("rule")) {
            Matcher m = SHARE.matcher(r.string(r.object(o, "best"), "rule"));
            if (m.find()) {
                double s = Double.parseDouble(m.group(1));
                if (s > 0 && s <= 1) {
                    return s;
                }
            }
        }
        return 0.95;
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        SparsitySweep w = sweep(o, r);
        boolean isSweep = o.has("points");
        double share = isSweep ? recoverShare(o, r) : 0.95;
        List<Section> out = new ArrayList<>();
        out.add(new SparsitySweepSection(
                        prefix + (isSweep ? "Localization sparsity sweep" : "Localization at one sparsity"), share)
                .from(w));
        if (!isSweep && o.has("per_layer")) {
            StringColumn layer = StringColumn.create("layer");
            LongColumn selected = LongColumn.create("selected");
            for (Map.Entry<String, JsonElement> e : r.object(o, "per_layer").entrySet()) {
                layer.append(e.getKey());
                selected.append(e.getValue().getAsLong());
            }
            Section.Builder s = Section.builder(prefix + "Mask by layer")
                    .paragraph("Entries of the learned mask per layer (" + r.longValue(o, "n_selected") + " of "
                            + r.longValue(o, "n_included") + ").")
                    .table("Selected entries per layer", Table.create("per layer", layer, selected));
            if (o.has("settings")) {
                s.table("Optimizer settings", settingsTable(objectOr(o, "settings")));
            }
            out.add(s.build());
        }
        if (isSweep && o.has("best") && r.object(o, "best").has("rule")) {
            out.add(Section.builder(prefix + "The chosen point")
                    .paragraph("Chosen by the rule: " + r.string(r.object(o, "best"), "rule") + ".")
                    .build());
        }
        return out;
    }
}
