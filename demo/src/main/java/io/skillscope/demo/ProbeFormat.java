package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.modelInputs;
import static io.skillscope.demo.FormatFields.objectOr;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.ProbeComparison;
import io.skillscope.reports.results.ProbeComparison.HookContrast;
import io.skillscope.reports.results.ProbeComparison.NeuronContrast;
import io.skillscope.reports.sections.ProbeComparisonSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The {@code result.json} of {@code skillscope probe}: its datasets (name, rows, positions, source, folder,
 * sha256), and when two were compared the {@code comparison} (per-layer contrasts and the top neurons by
 * d = mean difference) and the {@code linear_probe} accuracies per hook.
 */
final class ProbeFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        List<String> names = new ArrayList<>();
        Map<String, String> inputs = modelInputs(o);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (JsonElement e : r.array(o, "datasets")) {
            JsonObject d = e.getAsJsonObject();
            String name = r.string(d, "name");
            names.add(name);
            inputs.put("dataset " + name, r.stringOr(d, "sha256", ""));
            outputs.put(name, r.stringOr(d, "folder", name) + "/");
        }
        String summary = "Per-neuron statistics of " + String.join(", ", names) + ".";
        if (o.has("comparison")) {
            JsonObject c = r.object(o, "comparison");
            outputs.put("comparison", "comparison.safetensors");
            JsonArray top = r.array(c, "top");
            summary = "Per-neuron statistics of " + r.string(c, "a") + " and " + r.string(c, "b")
                    + " compared: d = mean difference per neuron";
            if (!top.isEmpty()) {
                JsonObject t = top.get(0).getAsJsonObject();
                summary += "; the top neuron is " + r.string(t, "hook") + "[" + r.integer(t, "index") + "], d = "
                        + Format.number(r.dbl(t, "mean_diff"));
            }
            summary += ".";
        }
        String title = "skillscope probe: "
                + (o.has("comparison")
                        ? r.string(r.object(o, "comparison"), "a") + " vs " + r.string(r.object(o, "comparison"), "b")
                        : String.join(", ", names));
        return new StepArtifact(
                ResultKind.PROBE,
                title,
                summary,
                "",
                0,
                Double.NaN,
                objectOr(o, "settings"),
                inputs,
                outputs,
                strings(o, "environment"),
                o);
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        List<Section> out = new ArrayList<>();
        JsonArray ds = r.array(o, "datasets");
        StringColumn name = StringColumn.create("dataset");
        LongColumn rows = LongColumn.create("rows");
        LongColumn positions = LongColumn.create("positions");
        StringColumn source = StringColumn.create("source");
        for (JsonElement e : ds) {
            JsonObject d = e.getAsJsonObject();
            name.append(r.string(d, "name"));
            rows.append(r.longValue(d, "rows"));
            positions.append(r.longValue(d, "positions"));
            source.append(r.stringOr(d, "source", ""));
        }
        JsonObject settings = objectOr(o, "settings");
        String where = settings.has("resolved_hooks")
                ? r.array(settings, "resolved_hooks").size() + " hook points"
                : "the hook points in the settings";
        out.add(Section.builder(prefix + "Datasets probed")
                .paragraph("skillscope probe streamed per-neuron count, mean, variance, minimum and maximum of every"
                        + " dataset at " + where + ", positions " + r.stringOr(settings, "positions", "as set") + ".")
                .table("Datasets", Table.create("datasets", name, rows, positions, source))
                .build());
        if (o.has("comparison")) {
            JsonObject c = r.object(o, "comparison");
            out.add(new ProbeComparisonSection(prefix + "Probe statistics").from(probeComparison(o, c, ds, r)));
            StringColumn hook = StringColumn.create("hook");
            IntColumn layer = IntColumn.create("layer");
            IntColumn width = IntColumn.create("width");
            LongColumn inTop = LongColumn.create("in top " + r.array(c, "top").size());
            LongColumn over = LongColumn.create("|z| > 1");
            DoubleColumn maxD = DoubleColumn.create("max d");
            for (JsonElement e : r.array(c, "per_layer")) {
                JsonObject h = e.getAsJsonObject();
                hook.append(r.string(h, "hook"));
                layer.append(r.integer(h, "layer"));
                width.append(r.integer(h, "width"));
                inTop.append(r.longValue(h, "n_top"));
                over.append(r.longValue(h, "n_abs_z_gt_1"));
                maxD.append(r.dbl(h, "max_mean_diff"));
            }
            out.add(Section.builder(prefix + "Per-layer counts")
                    .paragraph("Per hook: how many of the top neurons by d = μ_" + r.string(c, "a") + " − μ_"
                            + r.string(c, "b") + " it holds, how many of its neurons have |z| > 1, and its largest d.")
                    .table("Per layer", Table.create("per layer", hook, layer, width, inTop, over, maxD))
                    .build());
        }
        if (o.has("linear_probe")) {
            JsonObject lp = r.object(o, "linear_probe");
            StringColumn hook = StringColumn.create("hook");
            DoubleColumn held = DoubleColumn.create("held-out accuracy");
            DoubleColumn train = DoubleColumn.create("train accuracy");
            IntColumn nHeld = IntColumn.create("held out");
            for (Map.Entry<String, JsonElement> e : r.object(lp, "by_hook").entrySet()) {
                JsonObject p = e.getValue().getAsJsonObject();
                hook.append(e.getKey());
                held.append(r.dbl(p, "held_out_accuracy"));
                train.append(r.dbl(p, "train_accuracy"));
                nHeld.append(r.integer(p, "n_held_out"));
            }
            out.add(Section.builder(prefix + "Logistic probe")
                    .paragraph("An L2 logistic probe per hook tells " + r.string(lp, "positive") + " from "
                            + r.string(lp, "negative") + " by the " + r.stringOr(lp, "features", "activations")
                            + "; accuracy on the held-out rows.")
                    .table("Per hook", Table.create("logistic probe", hook, held, train, nHeld))
                    .build());
        }
        return out;
    }

    private static ProbeComparison probeComparison(JsonObject o, JsonObject c, JsonArray ds, ResultFields.Reader r) {
        String a = r.string(c, "a");
        String b = r.string(c, "b");
        List<HookContrast> hooks = new ArrayList<>();
        for (JsonElement e : r.array(c, "per_layer")) {
            JsonObject h = e.getAsJsonObject();
            hooks.add(new HookContrast(
                    r.string(h, "hook"),
                    r.integer(h, "layer"),
                    r.integer(h, "width"),
                    h.has("mean_abs_diff") ? r.dbl(h, "mean_abs_diff") : Double.NaN,
                    h.has("max_abs_diff") ? r.dbl(h, "max_abs_diff") : Double.NaN,
                    h.has("mean_abs_z") ? r.dbl(h, "mean_abs_z") : Double.NaN,
                    r.integer(h, "n_abs_z_gt_1")));
        }
        List<NeuronContrast> top = new ArrayList<>();
        for (JsonElement e : r.array(c, "top")) {
            JsonObject n = e.getAsJsonObject();
            top.add(new NeuronContrast(
                    r.string(n, "hook"),
                    r.integer(n, "layer"),
                    r.integer(n, "index"),
                    r.dbl(n, "mean_a"),
                    r.dbl(n, "mean_b"),
                    r.dbl(n, "mean_diff"),
                    r.dbl(n, "z")));
        }
        return new ProbeComparison(
                a,
                b,
                r.stringOr(objectOr(o, "settings"), "positions", ""),
                positionsOf(ds, a, r),
                positionsOf(ds, b, r),
                hooks,
                top);
    }

    private static long positionsOf(JsonArray ds, String name, ResultFields.Reader r) {
        for (JsonElement e : ds) {
            JsonObject d = e.getAsJsonObject();
            if (name.equals(r.string(d, "name"))) {
                return r.longValue(d, "positions");
            }
        }
        throw r.missing("datasets", "has no dataset named \"" + name + "\" (the comparison's)");
    }
}
