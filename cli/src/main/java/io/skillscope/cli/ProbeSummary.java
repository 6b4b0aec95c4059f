package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.hooks.HookName;
import io.skillscope.probes.NeuronRef;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.StatsComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The text and JSON summary of {@code skillscope probe}: datasets, top neurons, per-layer counts. */
final class ProbeSummary {
    private ProbeSummary() {}

    /** One line per dataset. */
    static void header(
            PrintWriter w,
            List<ProbeResult> results,
            List<HookName> hooks,
            PositionMode position,
            List<String> folders,
            Path out) {
        int width = results.get(0).get(hooks.get(0)).width();
        w.printf(
                Locale.ROOT,
                "probed %d dataset%s at %d hook%s (%s%s), positions %s%n",
                results.size(),
                results.size() == 1 ? "" : "s",
                hooks.size(),
                hooks.size() == 1 ? "" : "s",
                hooks.get(0),
                hooks.size() == 1 ? "" : " .. " + hooks.get(hooks.size() - 1),
                position);
        for (int i = 0; i < results.size(); i++) {
            ProbeResult r = results.get(i);
            w.printf(
                    Locale.ROOT,
                    "  %-12s %6d rows %8d positions  -> %s%n",
                    r.datasetName(),
                    r.rows(),
                    r.get(hooks.get(0)).count(),
                    out.resolve(folders.get(i)));
        }
        if (results.size() == 1) {
            w.printf(Locale.ROOT, "%d neurons per hook; add a second dataset to compare%n", width);
        }
    }

    /**
     * Prints and returns the comparison of {@code a} and {@code b}: the top neurons by mean difference and,
     * per hook, how many of them it holds and how many of its neurons have |z| &gt; 1 (with the mean and
     * largest |d| and the mean |z| over the hook's neurons, which {@code skillscope report} charts).
     */
    static JsonObject comparison(PrintWriter w, StatsComparison c, ProbeResult a, ProbeResult b, List<NeuronRef> top) {
        JsonObject j = new JsonObject();
        j.addProperty("a", a.datasetName());
        j.addProperty("b", b.datasetName());
        j.addProperty("measure", "mean_difference");
        w.printf(
                Locale.ROOT,
                "top %d neurons by mean difference %s - %s:%n",
                top.size(),
                a.datasetName(),
                b.datasetName());
        w.printf(
                Locale.ROOT,
                "  %-26s %6s %10s %8s %10s %10s%n",
                "hook",
                "neuron",
                "mean_diff",
                "z",
                "mean_" + a.datasetName(),
                "mean_" + b.datasetName());
        JsonArray topJson = new JsonArray();
        for (NeuronRef r : top) {
            double z = c.standardized(r.hook())[r.index()];
            double ma = a.get(r.hook()).mean(r.index());
            double mb = b.get(r.hook()).mean(r.index());
            w.printf(
                    Locale.ROOT, "  %-26s %6d %10.4f %8.3f %10.4f %10.4f%n", r.hook(), r.index(), r.score(), z, ma, mb);
            JsonObject o = new JsonObject();
            o.addProperty("hook", r.hook());
            o.addProperty("layer", HookName.parse(r.hook()).layer());
            o.addProperty("index", r.index());
            o.addProperty("mean_diff", r.score());
            o.addProperty("z", z);
            o.addProperty("mean_a", ma);
            o.addProperty("mean_b", mb);
            topJson.add(o);
        }
        j.add("top", topJson);
        w.printf(
                Locale.ROOT,
                "per layer:%n  %-5s %-26s %6s %8s %8s %10s%n",
                "layer",
                "hook",
                "width",
                "in top",
                "|z|>1",
                "max_diff");
        JsonArray perLayer = new JsonArray();
        for (String h : c.hooks()) {
            double[] d = c.meanDifference(h);
            double[] z = c.standardized(h);
            int over1 = 0;
            double max = Double.NEGATIVE_INFINITY;
            double sumAbsD = 0;
            double maxAbsD = 0;
            double sumAbsZ = 0;
            for (int i = 0; i < d.length; i++) {
                over1 += Math.abs(z[i]) > 1 ? 1 : 0;
                max = Math.max(max, d[i]);
                sumAbsD += Math.abs(d[i]);
                maxAbsD = Math.max(maxAbsD, Math.abs(d[i]));
                sumAbsZ += Math.abs(z[i]);
            }
            long inTop = top.stream().filter(r -> r.hook().equals(h)).count();
            int layer = HookName.parse(h).layer();
            w.printf(
                    Locale.ROOT,
                    "  %-5s %-26s %6d %8d %8d %10.4f%n",
                    layer < 0 ? "-" : Integer.toString(layer),
                    h,
                    d.length,
                    inTop,
                    over1,
                    max);
            JsonObject o = new JsonObject();
            o.addProperty("hook", h);
            o.addProperty("layer", layer);
            o.addProperty("width", d.length);
            o.addProperty("n_top", inTop);
            o.addProperty("n_abs_z_gt_1", over1);
            o.addProperty("max_mean_diff", max);
            o.addProperty("mean_abs_diff", sumAbsD / d.length);
            o.addProperty("max_abs_diff", maxAbsD);
            o.addProperty("mean_abs_z", sumAbsZ / d.length);
            perLayer.add(o);
        }
        j.add("per_layer", perLayer);
        return j;
    }
}
