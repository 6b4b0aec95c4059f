package io.skillscope.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.reports.results.ProbeComparison;
import io.skillscope.reports.results.ProbeComparison.HookContrast;
import io.skillscope.reports.results.ProbeComparison.NeuronContrast;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.results.TrainingRun;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.reports.results.UnlearningResults.Role;
import io.skillscope.reports.results.UnlearningResults.Run;
import io.skillscope.reports.results.UnlearningResults.SetScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code result} objects of the probe, unlearning and localization kinds, and training-run lists,
 * as JSON and back. Field names are snake_case; NaN is written as {@code null}.
 */
final class ResultJson {
    private ResultJson() {}

    // ---- probe-comparison ----

    static JsonObject probe(ProbeComparison c) {
        JsonObject o = new JsonObject();
        o.addProperty("label_a", c.labelA());
        o.addProperty("label_b", c.labelB());
        o.addProperty("positions", c.positions());
        o.addProperty("count_a", c.countA());
        o.addProperty("count_b", c.countB());
        JsonArray hooks = new JsonArray();
        for (HookContrast h : c.hooks()) {
            JsonObject j = new JsonObject();
            j.addProperty("hook", h.hook());
            j.addProperty("layer", h.layer());
            j.addProperty("width", h.width());
            j.add("mean_abs_difference", ResultFields.num(h.meanAbsDifference()));
            j.add("max_abs_difference", ResultFields.num(h.maxAbsDifference()));
            j.add("mean_abs_standardized", ResultFields.num(h.meanAbsStandardized()));
            j.addProperty("standardized_over_one", h.standardizedOverOne());
            hooks.add(j);
        }
        o.add("hooks", hooks);
        JsonArray top = new JsonArray();
        for (NeuronContrast n : c.topNeurons()) {
            JsonObject j = new JsonObject();
            j.addProperty("hook", n.hook());
            j.addProperty("layer", n.layer());
            j.addProperty("index", n.index());
            j.add("mean_a", ResultFields.num(n.meanA()));
            j.add("mean_b", ResultFields.num(n.meanB()));
            j.add("difference", ResultFields.num(n.difference()));
            j.add("standardized", ResultFields.num(n.standardized()));
            top.add(j);
        }
        o.add("top_neurons", top);
        return o;
    }

    static ProbeComparison probe(JsonObject o, Path file) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        List<HookContrast> hooks = new ArrayList<>();
        for (JsonElement e : r.array(o, "hooks")) {
            JsonObject j = e.getAsJsonObject();
            hooks.add(new HookContrast(
                    r.string(j, "hook"),
                    r.integer(j, "layer"),
                    r.integer(j, "width"),
                    r.dbl(j, "mean_abs_difference"),
                    r.dbl(j, "max_abs_difference"),
                    r.dbl(j, "mean_abs_standardized"),
                    r.integer(j, "standardized_over_one")));
        }
        List<NeuronContrast> top = new ArrayList<>();
        for (JsonElement e : r.array(o, "top_neurons")) {
            JsonObject j = e.getAsJsonObject();
            top.add(new NeuronContrast(
                    r.string(j, "hook"),
                    r.integer(j, "layer"),
                    r.integer(j, "index"),
                    r.dbl(j, "mean_a"),
                    r.dbl(j, "mean_b"),
                    r.dbl(j, "difference"),
                    r.dbl(j, "standardized")));
        }
        return new ProbeComparison(
                r.string(o, "label_a"),
                r.string(o, "label_b"),
                r.string(o, "positions"),
                r.longValue(o, "count_a"),
                r.longValue(o, "count_b"),
                hooks,
                top);
    }

    // ---- unlearning ----

    static JsonObject unlearning(UnlearningResults u) {
        JsonObject o = new JsonObject();
        o.addProperty("forget_set", u.forgetSet());
        JsonArray runs = new JsonArray();
        for (Run run : u.runs()) {
            JsonObject j = new JsonObject();
            j.addProperty("label", run.label());
            j.addProperty("method", run.method());
            j.add("details", StepArtifact.GSON.toJsonTree(run.details()));
            j.add("forget_relative_drop", ResultFields.num(run.forget().relativeDrop()));
            j.add("worst_retain_drop", ResultFields.num(run.worstRetainDrop()));
            JsonArray sets = new JsonArray();
            for (SetScore s : run.sets()) {
                JsonObject x = new JsonObject();
                x.addProperty("name", s.name());
                x.addProperty("role", s.role().label());
                x.addProperty("n", s.n());
                x.add("before", ResultFields.num(s.before()));
                x.add("after", ResultFields.num(s.after()));
                x.add("relative_drop", ResultFields.num(s.relativeDrop()));
                x.add("detection", ResultFields.num(s.detection()));
                sets.add(x);
            }
            j.add("sets", sets);
            runs.add(j);
        }
        o.add("runs", runs);
        return o;
    }

    static UnlearningResults unlearning(JsonObject o, Path file) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        List<Run> runs = new ArrayList<>();
        for (JsonElement e : r.array(o, "runs")) {
            JsonObject j = e.getAsJsonObject();
            List<SetScore> sets = new ArrayList<>();
            for (JsonElement se : r.array(j, "sets")) {
                JsonObject x = se.getAsJsonObject();
                String role = r.string(x, "role");
                Role rl;
                try {
                    rl = Role.valueOf(role.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException bad) {
                    throw r.missing("role", "must be forget or retain, got \"" + role + "\"");
                }
                sets.add(new SetScore(
                        r.string(x, "name"),
                        rl,
                        r.integer(x, "n"),
                        r.dbl(x, "before"),
                        r.dbl(x, "after"),
                        r.dbl(x, "detection")));
            }
            runs.add(new Run(r.string(j, "label"), r.string(j, "method"), r.strings(j, "details"), sets));
        }
        return new UnlearningResults(r.string(o, "forget_set"), runs);
    }

    // ---- localization-sweep ----

    static JsonObject sweep(SparsitySweep w, List<Reliability> reliability) {
        JsonObject o = new JsonObject();
        o.addProperty("task", w.task());
        o.addProperty("test_items", w.testItems());
        JsonArray pts = new JsonArray();
        for (SparsitySweep.Point p : w.points()) {
            JsonObject j = new JsonObject();
            j.addProperty("target_sparsity", p.targetSparsity());
            j.add("sparsity", ResultFields.num(p.sparsity()));
            j.add("learned_sparsity", ResultFields.num(p.learnedSparsity()));
            j.addProperty("selected", p.selected());
            j.addProperty("included", p.included());
            j.add("accuracy", triple(p.preAccuracy(), p.ftAccuracy(), p.graftAccuracy()));
            j.add("ece", triple(p.preEce(), p.ftEce(), p.graftEce()));
            j.add("recovered", ResultFields.num(p.recovered()));
            j.add("relative_gain", ResultFields.num(p.relativeGain()));
            j.add("agreement_with_ft", ResultFields.num(p.agreement()));
            j.addProperty("best_step", p.bestStep());
            if (p.hasDev()) {
                JsonObject dev = new JsonObject();
                dev.add("ft", ResultFields.num(p.devFtAccuracy()));
                dev.add("graft", ResultFields.num(p.devGraftAccuracy()));
                j.add("dev_accuracy", dev);
                j.add("dev_recovered", ResultFields.num(p.devRecovered()));
            }
            pts.add(j);
        }
        o.add("points", pts);
        o.addProperty("chosen", w.chosen());
        if (w.chosenOnDev()) {
            o.addProperty("chosen_on", "dev");
        }
        o.addProperty("calibration_of", w.calibrationOf());
        JsonArray cal = new JsonArray();
        for (Reliability rel : reliability) {
            JsonObject j = new JsonObject();
            j.addProperty("label", rel.label());
            j.add("confidence", ResultFields.array(rel.confidence()));
            j.add("correct", ResultFields.array(rel.correct()));
            j.add("ece", ResultFields.num(rel.calibration().ece()));
            cal.add(j);
        }
        o.add("calibration", cal);
        return o;
    }

    private static JsonObject triple(double pre, double ft, double graft) {
        JsonObject o = new JsonObject();
        o.add("pre", ResultFields.num(pre));
        o.add("ft", ResultFields.num(ft));
        o.add("graft", ResultFields.num(graft));
        return o;
    }

    static SparsitySweep sweep(JsonObject o, Path file) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        List<SparsitySweep.Point> pts = new ArrayList<>();
        for (JsonElement e : r.array(o, "points")) {
            JsonObject j = e.getAsJsonObject();
            JsonObject acc = r.object(j, "accuracy");
            JsonObject ece = r.object(j, "ece");
            JsonObject dev = j.has("dev_accuracy") ? r.object(j, "dev_accuracy") : null;
            pts.add(new SparsitySweep.Point(
                    r.dbl(j, "target_sparsity"),
                    r.dbl(j, "sparsity"),
                    r.longValue(j, "selected"),
                    r.longValue(j, "included"),
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
        List<io.skillscope.analysis.calibration.CalibrationResult> cal = new ArrayList<>();
        for (JsonElement e : r.array(o, "calibration")) {
            JsonObject j = e.getAsJsonObject();
            cal.add(new Reliability(r.string(j, "label"), r.doubles(j, "confidence"), r.booleans(j, "correct"))
                    .calibration());
        }
        String of = r.string(o, "calibration_of");
        return new SparsitySweep(
                r.string(o, "task"),
                r.integer(o, "test_items"),
                pts,
                cal,
                of,
                o.has("chosen") ? r.integer(o, "chosen") : chosenOf(pts, of));
    }

    /**
     * The chosen point of a sweep written before {@code chosen} was recorded: the point whose learned
     * sparsity {@code calibration_of} names ({@code graft at sparsity 4.2e-03}), else the first.
     */
    private static int chosenOf(List<SparsitySweep.Point> pts, String calibrationOf) {
        for (int i = 0; i < pts.size(); i++) {
            if (calibrationOf.endsWith(
                    String.format(Locale.ROOT, "%.1e", pts.get(i).sparsity()))) {
                return i;
            }
        }
        return 0;
    }

    // ---- training runs ----

    static JsonArray runs(List<TrainingRun> runs) {
        JsonArray a = new JsonArray();
        for (TrainingRun t : runs) {
            JsonObject j = new JsonObject();
            j.addProperty("label", t.label());
            j.addProperty("stage", t.stage());
            j.addProperty("start", t.start());
            j.addProperty("seed", t.seed());
            j.addProperty("steps", t.steps());
            j.add("final_loss", ResultFields.num(t.finalLoss()));
            j.add("accuracy", ResultFields.num(t.accuracy()));
            j.add("reward_first_round", ResultFields.num(t.firstReward()));
            j.add("reward_last_round", ResultFields.num(t.lastReward()));
            j.add("seconds", ResultFields.num(t.seconds()));
            a.add(j);
        }
        return a;
    }

    static List<TrainingRun> runs(JsonArray a, Path file) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        List<TrainingRun> out = new ArrayList<>();
        for (JsonElement e : a) {
            JsonObject j = e.getAsJsonObject();
            out.add(new TrainingRun(
                    r.string(j, "label"),
                    r.string(j, "stage"),
                    r.string(j, "start"),
                    r.longValue(j, "seed"),
                    r.integer(j, "steps"),
                    r.dbl(j, "final_loss"),
                    r.dbl(j, "accuracy"),
                    r.dbl(j, "reward_first_round"),
                    r.dbl(j, "reward_last_round"),
                    r.dbl(j, "seconds")));
        }
        return out;
    }

    /** Settings or fitted values as strings for report tables: numbers with up to 6 significant digits. */
    static String show(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!ResultFields.finite(d)) {
                return String.valueOf(d);
            }
            return new java.math.BigDecimal(d)
                    .round(new java.math.MathContext(6))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size() + " entries";
        }
        return String.valueOf(v);
    }
}
