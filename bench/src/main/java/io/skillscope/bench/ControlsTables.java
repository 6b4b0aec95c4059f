package io.skillscope.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.Stats;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.RandomSubspaces;
import io.skillscope.bench.OrthogonalityControls.Measured;
import io.skillscope.bench.OrthogonalityControls.Pair;
import io.skillscope.bench.OrthogonalityControls.Result;
import io.skillscope.core.Json;
import io.skillscope.core.checkpoint.AtomicFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The tables ({@code RESULT.md}) and {@code result.json} of {@link OrthogonalityControls}. */
final class ControlsTables {
    private ControlsTables() {}

    /** Writes {@code result.json} and {@code RESULT.md} under the run's folder, each atomically. */
    static void write(Result r) {
        AtomicFiles.writeString(r.settings().out().resolve("RESULT.md"), markdown(r));
        Json.write(r.settings().out().resolve("result.json"), json(r));
    }

    /** mean ± sd [min–max] over seeds. */
    static String spread(double[] v, String fmt) {
        Stats.Summary s = Stats.summary(v);
        if (s.n() < 2) {
            return String.format(Locale.ROOT, fmt, s.mean());
        }
        return String.format(
                Locale.ROOT, fmt + " ± " + fmt + " [" + fmt + "–" + fmt + "]", s.mean(), s.sd(), s.min(), s.max());
    }

    static String markdown(Result r) {
        int n = r.settings().seeds().size();
        StringBuilder sb = new StringBuilder("# Orthogonality controls and PaST transfer on the skill lab\n\n");
        sb.append("Command: `").append(r.command()).append("`\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "%d depth-2 compositions of %s; seeds %s (mean ± sd [min–max] over"
                        + " the %d seeds). No setting was chosen on test; the transfer's λ is chosen on dev.%n%n",
                r.skills().size(),
                r.settings().functions(),
                r.settings().seeds(),
                n));
        sb.append("## Updates compared (all tensors)\n\n");
        sb.append("| comparison | median \\|cos\\| | mean principal angle, top-")
                .append(r.settings().rank())
                .append(" (°) | random subspaces, same shapes (°) | top-1% support overlap | chance | random"
                        + " direction \\|cos\\| |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Pair p : Pair.values()) {
            sb.append("| ")
                    .append(p.label())
                    .append(" | ")
                    .append(spread(r.values(p, Measured::medianAbsCos), "%.4f"))
                    .append(" | ")
                    .append(spread(r.values(p, m -> m.report().overall().meanAngleDegrees()), "%.1f"))
                    .append(" | ")
                    .append(spread(r.values(p, Measured::randomAngle), "%.1f"))
                    .append(" | ")
                    .append(spread(r.values(p, m -> m.report().overall().meanSupportOverlap()), "%.4f"))
                    .append(" | ")
                    .append(String.format(
                            Locale.ROOT,
                            "%.4f",
                            Stats.mean(r.values(p, m -> m.report().overall().meanSupportChance()))))
                    .append(" | ")
                    .append(spread(r.values(p, m -> m.report().overall().randomMedianAbsCosine()), "%.4f"))
                    .append(" |\n");
        }
        sb.append("\n## Median |cos| per module type (mean ± sd over seeds)\n\n| module |");
        for (Pair p : Pair.values()) {
            sb.append(' ').append(p.label()).append(" |");
        }
        sb.append("\n|---|").append("---:|".repeat(Pair.values().length)).append('\n');
        Set<ModuleType> modules = new TreeSet<>();
        r.measured().forEach(m -> modules.addAll(m.report().byModule().keySet()));
        for (ModuleType mt : modules) {
            sb.append("| ").append(mt.label()).append(" |");
            for (Pair p : Pair.values()) {
                double[] v = r.values(p, m -> m.medianAbsCos(mt));
                sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", Stats.mean(v), Stats.sd(v)));
            }
            sb.append('\n');
        }
        sb.append(
                "\n## Random subspaces: mean principal angle of the top-k left singular subspaces of two"
                        + " Gaussian m × n matrices\n\n| shape | k | draws | mean ± sd (°) | min–max (°) |\n|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, RandomSubspaces> e : r.subspaces().entrySet()) {
            RandomSubspaces s = e.getValue();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f ± %.1f | %.1f–%.1f |%n",
                    e.getKey(),
                    s.rank(),
                    s.draws(),
                    s.meanDegrees(),
                    s.sdDegrees(),
                    s.minDegrees(),
                    s.maxDegrees()));
        }
        sb.append("\n## Update norms ‖Δ‖ (mean ± sd over seeds)\n\n| update | ‖Δ‖ |\n|---|---:|\n");
        for (String u : r.norms().values().iterator().next().keySet()) {
            double[] v = r.norms().values().stream().mapToDouble(m -> m.get(u)).toArray();
            sb.append("| ").append(u).append(" | ").append(spread(v, "%.3f")).append(" |\n");
        }
        sb.append("\n## Accuracy on the compositions (greedy exact match; not selected on either split)\n\n"
                + "| model | dev | test |\n|---|---:|---:|\n");
        for (String m : r.accuracy().values().iterator().next().keySet()) {
            sb.append("| ")
                    .append(m)
                    .append(" | ")
                    .append(spread(acc(r, m, 0), "%.3f"))
                    .append(" | ")
                    .append(spread(acc(r, m, 1), "%.3f"))
                    .append(" |\n");
        }
        sb.append("\n## PaST transfer: v = θ_rl − θ_sft of model A added to model B\n\n");
        sb.append("λ* is chosen per seed on dev from ")
                .append(r.settings().scales())
                .append("; test is scored once at λ* (dev-selected) and at λ = 1 (PaST's default, fixed in"
                        + " advance). r: ")
                .append(r.settings().randomVectors())
                .append(" random vectors norm-matched to v per tensor, per seed.\n\n");
        sb.append(
                "| target B | split | B | B + λ v | B + λ r (random, same norms) | λ |\n|---|---|---:|---:|---:|---|\n");
        for (String t : targets(r)) {
            List<SkillTransfer.Outcome> os =
                    r.transfer().stream().filter(o -> o.target().equals(t)).toList();
            sb.append("| ")
                    .append(t)
                    .append(" | dev | ")
                    .append(spread(tv(os, o -> o.devTarget()), "%.3f"))
                    .append(" | ")
                    .append(spread(tv(os, SkillTransfer.Outcome::devChosen), "%.3f"))
                    .append(" | ")
                    .append(spread(tv(os, o -> Stats.mean(o.devRandomChosen())), "%.3f"))
                    .append(" | λ* ")
                    .append(os.stream().map(o -> fmt(o.chosenScale())).toList())
                    .append(" (dev-selected) |\n");
            sb.append("| ")
                    .append(t)
                    .append(" | test | ")
                    .append(spread(tv(os, o -> o.testTarget()), "%.3f"))
                    .append(" | ")
                    .append(spread(tv(os, SkillTransfer.Outcome::testChosen), "%.3f"))
                    .append(" | ")
                    .append(spread(tv(os, o -> Stats.mean(o.testRandomChosen())), "%.3f"))
                    .append(" | λ* (chosen on dev) |\n");
            sb.append("| ")
                    .append(t)
                    .append(" | test | ")
                    .append(spread(tv(os, o -> o.testTarget()), "%.3f"))
                    .append(" | ")
                    .append(spread(tv(os, SkillTransfer.Outcome::testUnit), "%.3f"))
                    .append(" | ")
                    .append(spread(tv(os, o -> Stats.mean(o.testRandomUnit())), "%.3f"))
                    .append(" | 1 (fixed) |\n");
        }
        sb.append("\nDev accuracy of B + λ v per λ (mean over seeds):");
        for (String t : targets(r)) {
            List<SkillTransfer.Outcome> os =
                    r.transfer().stream().filter(o -> o.target().equals(t)).toList();
            sb.append("\n- ").append(t).append(':');
            for (double l : r.settings().scales()) {
                sb.append(String.format(
                        Locale.ROOT,
                        " λ %s %.3f;",
                        fmt(l),
                        Stats.mean(tv(os, o -> o.devByScale().get(l)))));
            }
        }
        sb.append("\n\nWall time per seed (s): ").append(r.seconds()).append('\n');
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static List<String> targets(Result r) {
        List<String> t = new ArrayList<>();
        r.transfer().forEach(o -> {
            if (!t.contains(o.target())) {
                t.add(o.target());
            }
        });
        return t;
    }

    private static double[] tv(List<SkillTransfer.Outcome> os, ToDoubleFunction<SkillTransfer.Outcome> f) {
        return os.stream().mapToDouble(f).toArray();
    }

    private static double[] acc(Result r, String model, int split) {
        return r.accuracy().values().stream()
                .mapToDouble(m -> m.get(model)[split])
                .toArray();
    }

    static JsonObject json(Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "orthogonality-controls");
        o.addProperty("command", r.command());
        o.add("settings", Json.GSON.toJsonTree(settingsMap(r)));
        o.add("skills", Json.GSON.toJsonTree(r.skills()));
        o.add("other_skills", Json.GSON.toJsonTree(r.otherSkills()));
        JsonArray comps = new JsonArray();
        for (Measured m : r.measured()) {
            JsonObject c = new JsonObject();
            c.addProperty("pair", m.pair().name().toLowerCase(Locale.ROOT));
            c.addProperty("label", m.pair().label());
            c.addProperty("seed", m.seed());
            GroupSummary g = m.report().overall();
            c.addProperty("tensors", g.tensors());
            c.add("median_abs_cos", Json.num(g.medianAbsCosine()));
            c.add("mean_cos", Json.num(g.meanCosine()));
            c.add("mean_principal_angle_deg", Json.num(g.meanAngleDegrees()));
            c.add("random_subspace_angle_deg", Json.num(m.randomAngle()));
            c.add("support_overlap", Json.num(g.meanSupportOverlap()));
            c.add("support_chance", Json.num(g.meanSupportChance()));
            c.add("random_direction_median_abs_cos", Json.num(g.randomMedianAbsCosine()));
            c.add("expected_random_abs_cos", Json.num(g.expectedRandomAbsCosine()));
            JsonObject mods = new JsonObject();
            m.report().byModule().forEach((k, v) -> mods.add(k.label(), Json.num(v.medianAbsCosine())));
            c.add("median_abs_cos_by_module", mods);
            comps.add(c);
        }
        o.add("comparisons", comps);
        JsonObject sub = new JsonObject();
        r.subspaces().forEach((k, v) -> {
            JsonObject s = new JsonObject();
            s.addProperty("k", v.rank());
            s.add("mean_deg", Json.num(v.meanDegrees()));
            s.add("sd_deg", Json.num(v.sdDegrees()));
            s.add("draws_deg", Json.GSON.toJsonTree(v.means()));
            sub.add(k, s);
        });
        o.add("random_subspaces", sub);
        o.add("accuracy_dev_test", Json.GSON.toJsonTree(r.accuracy()));
        o.add("norms", Json.GSON.toJsonTree(r.norms()));
        JsonArray tr = new JsonArray();
        for (SkillTransfer.Outcome t : r.transfer()) {
            JsonObject x = new JsonObject();
            x.addProperty("target", t.target());
            x.addProperty("seed", t.seed());
            x.add("dev_target", Json.num(t.devTarget()));
            JsonObject byScale = new JsonObject();
            new java.util.TreeMap<>(t.devByScale()).forEach((l, a) -> byScale.add(Double.toString(l), Json.num(a)));
            x.add("dev_by_scale", byScale);
            x.addProperty("chosen_scale_on_dev", t.chosenScale());
            x.add("dev_random_at_chosen", Json.GSON.toJsonTree(t.devRandomChosen()));
            x.add("test_target", Json.num(t.testTarget()));
            x.add("test_at_chosen", Json.num(t.testChosen()));
            x.add("test_random_at_chosen", Json.GSON.toJsonTree(t.testRandomChosen()));
            x.add("test_at_scale_1", Json.num(t.testUnit()));
            x.add("test_random_at_scale_1", Json.GSON.toJsonTree(t.testRandomUnit()));
            tr.add(x);
        }
        o.add("transfer", tr);
        o.add("inputs", Json.GSON.toJsonTree(r.hashes()));
        o.add("seconds", Json.GSON.toJsonTree(r.seconds()));
        o.add("environment", Json.environment());
        return o;
    }

    private static Map<String, Object> settingsMap(Result r) {
        ControlsSettings s = r.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model().toString());
        m.put("seeds", s.seeds());
        m.put("functions", s.functions());
        m.put("other_functions", s.otherFunctions());
        m.put("max_answer_length", s.maxAnswerLength());
        m.put("sizes", List.of(s.sizes().train(), s.sizes().dev(), s.sizes().test()));
        m.put(
                "sft",
                Map.of("steps", s.sftSteps(), "batch", s.sftBatch(), "lr", s.sftLr(), "optimizer", "AdamW constant"));
        m.put(
                "rl",
                Map.of(
                        "rounds",
                        s.rounds(),
                        "prompts",
                        s.prompts(),
                        "group",
                        s.group(),
                        "lr",
                        s.rlLr(),
                        "temperature",
                        s.temperature(),
                        "objective",
                        s.objective().name(),
                        "clip",
                        0.2,
                        "kl",
                        0.0));
        m.put("continued_sft", Map.of("steps", s.rounds(), "batch", s.prompts(), "lr", s.rlLr()));
        m.put("rank", s.rank());
        m.put("draws", s.draws());
        m.put("scales", s.scales());
        m.put("random_vectors", s.randomVectors());
        return m;
    }
}
