package io.skillscope.bench;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomSubspaces;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.core.KeyValueArgs;
import io.skillscope.core.Progress;
import io.skillscope.core.Provenance;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.GrpoObjective;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Composition;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.LabData;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The composition study of docs/methods.md §5 and the SFT-vs-RL orthogonality of §3 on the skill lab, in
 * one reproducible run.
 *
 * <ol>
 *   <li>{@code sft}: a short supervised warm-up of the base on every depth-2 composition of the chosen
 *       functions (so that GRPO's sampled groups see some reward; the base has never seen a
 *       composition).</li>
 *   <li>{@code rl}: GRPO from {@code sft} on the same depth-2 training prompts, exact-match reward.</li>
 *   <li>{@code sft-control}: next-token training from {@code sft} on the same prompts with their
 *       reference answers, the same number of rounds and prompts per round; {@code sft-control-2}: the
 *       same with another batch-order seed (the SFT-vs-SFT control).</li>
 * </ol>
 * Every model is scored by greedy exact match on depth-2 test inputs (never training inputs) and on
 * depth-3 compositions of the same functions (never trained). Updates are compared from the common
 * start: ΔRL = θ_rl − θ_sft, ΔSFT = θ_sft-control − θ_sft, ΔSFT₂ = θ_sft-control-2 − θ_sft, with cosines
 * per tensor summarised per module type (median |cos|) against a random direction of the same shape.
 *
 * <p>Usage: {@code skillscope bench composition --model models/skill-lab-base --out DIR
 * [--functions rev,sort,cs1,rot2,alt,vow,pre,suf] [--sft-steps 300] [--rounds 150] [--prompts 16]
 * [--group 8] [--rl-lr 2e-4[,3e-5,...]] [--sft-lr RATE] [--temperature 1.0] [--updates 1] [--kl 0] [--depth3 60]
 * [--per-chain 20] [--seed 1] [--sft-from DIR] [--grpo token|sequence]}. {@code --grpo} picks the GRPO
 * objective ({@link GrpoObjective}; token-level is the default, sequence the form of the first runs). Writes each model folder, {@code result.json} and
 * {@code RESULT.md} under {@code --out}; {@code --sft-from} reuses the warm-up model of an earlier run
 * (same functions and seed) instead of training it again.
 *
 * <p>{@code --rl-lr} takes one rate or a grid ({@code 3e-5,1e-4,2e-4}): one GRPO run per rate, each scored
 * by pooled greedy exact match on the depth-2 <em>dev</em> split (10 inputs per chain); the most accurate
 * on dev is the study's {@code rl} (ties: the rate listed first) and only it is scored on test. The SFT
 * controls train at {@code --sft-lr}, or at the chosen GRPO rate when it is not given.
 */
public final class CompositionStudy {
    private CompositionStudy() {}

    /**
     * Runs the study.
     *
     * @param args {@code --key value} pairs, see the class comment
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = KeyValueArgs.parse(args, 0);
        Path base = Path.of(a.getOrDefault("model", "models/skill-lab-base")).toAbsolutePath();
        Path out = Path.of(a.getOrDefault("out", "out/composition-study")).toAbsolutePath();
        if (Files.exists(out.resolve("result.json"))) {
            throw new IllegalArgumentException(out + " already holds a result.json; choose another --out");
        }
        List<String> fns = List.of(
                a.getOrDefault("functions", "rev,sort,cs1,rot2,alt,vow,pre,suf").split(","));
        int sftSteps = Integer.parseInt(a.getOrDefault("sft-steps", "300"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "150"));
        int prompts = Integer.parseInt(a.getOrDefault("prompts", "16"));
        int group = Integer.parseInt(a.getOrDefault("group", "8"));
        double[] rlLrs = rates(a.getOrDefault("rl-lr", "2e-4"), "--rl-lr");
        Double sftFixed = a.containsKey("sft-lr") ? sftRate(a.get("sft-lr")) : null;
        int depth3 = Integer.parseInt(a.getOrDefault("depth3", "60"));
        int perChain = Integer.parseInt(a.getOrDefault("per-chain", "20"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        double temperature = Double.parseDouble(a.getOrDefault("temperature", "1.0"));
        int updates = Integer.parseInt(a.getOrDefault("updates", "1"));
        double kl = Double.parseDouble(a.getOrDefault("kl", "0"));
        GrpoObjective objective = grpoObjective(a.getOrDefault("grpo", "token"));
        Path sftFrom = a.containsKey("sft-from") ? Path.of(a.get("sft-from")).toAbsolutePath() : null;

        SkillSuite suite = SkillSuite.standard();
        CharTokenizer tok = CharTokenizer.standard();
        List<String> d2 =
                suite.compositions(fns, 2).stream().map(Composition::name).toList();
        List<String> all3 = new ArrayList<>(
                suite.compositions(fns, 3).stream().map(Composition::name).toList());
        java.util.Collections.shuffle(all3, new java.util.Random(seed));
        List<String> d3 = all3.subList(0, Math.min(depth3, all3.size()));
        System.out.printf(
                Locale.ROOT,
                "%d depth-2 chains of %s; %d of %d depth-3 chains tested; base %s%n",
                d2.size(),
                fns,
                d3.size(),
                all3.size(),
                base);

        SplitSizes d2Sizes = new SplitSizes(400, 10, perChain);
        Recipe.Optim warm =
                new Recipe.Optim(OptimizerKind.ADAMW, 1e-3, 0, 0.0, 1.0, LrSchedule.Kind.COSINE, 20, 0.1, 0);
        Recipe sft = new Recipe(
                Recipe.Stage.SFT,
                base.toString(),
                null,
                d2,
                null,
                d2Sizes,
                null,
                seed,
                seed,
                sftSteps,
                64,
                warm,
                null,
                null);
        Path sftDir = sftFrom != null ? sftFrom : out.resolve("sft");
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (sftFrom == null) {
            seconds.put("sft", run(sft, sftDir, "sft"));
        } else if (!Recipe.load(sftFrom).skills().equals(d2)
                || Recipe.load(sftFrom).dataSeed() != seed) {
            throw new IllegalArgumentException("--sft-from " + sftFrom + " was not trained on these chains and seed");
        }
        // One GRPO run per rate; the rate is chosen on the depth-2 dev split, test is scored for it only.
        LabData depth2 = LabData.generate(d2, s -> d2Sizes, seed, suite);
        List<Example> dev2 = depth2.dev();
        double[] devAcc = new double[rlLrs.length];
        Path[] rlDirs = new Path[rlLrs.length];
        for (int i = 0; i < rlLrs.length; i++) {
            rlDirs[i] = rlLrs.length == 1 ? out.resolve("rl") : out.resolve("rl-lr-" + rlLrs[i]);
            Recipe rl = fromWarmUp(
                    Recipe.Stage.RL,
                    sftDir,
                    d2,
                    d2Sizes,
                    seed,
                    seed + 1,
                    rounds,
                    prompts * group,
                    constant(rlLrs[i]),
                    new Recipe.Rl(group, temperature, 0.2, kl, updates, objective));
            String label = rlLrs.length == 1 ? "rl" : "rl lr " + rlLrs[i];
            seconds.put(label, run(rl, rlDirs[i], label));
            try (Transformer model = Transformer.load(rlDirs[i])) {
                devAcc[i] = pooled(SkillEvaluation.run(model, tok, suite, dev2));
            }
            System.out.printf(Locale.ROOT, "%-14s depth-2 dev %.3f%n", label, devAcc[i]);
        }
        int chosen = chooseOnDev(devAcc);
        Path rlDir = rlDirs[chosen];
        double sftLr = sftFixed != null ? sftFixed : rlLrs[chosen];
        RateChoice choice = new RateChoice(rlLrs, devAcc, chosen, sftLr, dev2.size());
        Recipe.Optim ctlOpt = constant(sftLr);
        System.out.println(choice);
        Recipe ctl = fromWarmUp(Recipe.Stage.SFT, sftDir, d2, d2Sizes, seed, seed + 1, rounds, prompts, ctlOpt, null);
        Recipe ctl2 = fromWarmUp(Recipe.Stage.SFT, sftDir, d2, d2Sizes, seed, seed + 2, rounds, prompts, ctlOpt, null);

        seconds.put("sft-control", run(ctl, out.resolve("sft-control"), "sft-control"));
        seconds.put("sft-control-2", run(ctl2, out.resolve("sft-control-2"), "sft-control-2"));

        List<Example> test2 = depth2.test();
        List<Example> test3 = LabData.generate(d3, s -> new SplitSizes(0, 0, perChain), seed + 100, suite)
                .test();
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("base", base);
        models.put("sft", sftDir);
        models.put("rl", rlDir);
        models.put("sft-control", out.resolve("sft-control"));
        models.put("sft-control-2", out.resolve("sft-control-2"));
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (Map.Entry<String, Path> m : models.entrySet()) {
            try (Transformer model = Transformer.load(m.getValue())) {
                acc.put(m.getKey(), new double[] {
                    pooled(SkillEvaluation.run(model, tok, suite, test2)),
                    pooled(SkillEvaluation.run(model, tok, suite, test3))
                });
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-14s depth-2 %.3f  depth-3 %.3f%n",
                    m.getKey(),
                    acc.get(m.getKey())[0],
                    acc.get(m.getKey())[1]);
        }

        Map<String, ShapedArray> start = OrthogonalityControls.weights(sftDir);
        WeightUpdate dRl = WeightUpdate.difference(OrthogonalityControls.weights(rlDir), start)
                .labelled(CompositionStudy::label);
        WeightUpdate dSft = WeightUpdate.difference(OrthogonalityControls.weights(out.resolve("sft-control")), start)
                .labelled(CompositionStudy::label);
        WeightUpdate dSft2 = WeightUpdate.difference(OrthogonalityControls.weights(out.resolve("sft-control-2")), start)
                .labelled(CompositionStudy::label);
        OrthogonalityReport sftVsRl = Orthogonality.between("SFT", dSft, "RL", dRl)
                .optControl("SFT-2", dSft2)
                .compute();
        System.out.println(sftVsRl);
        OrthogonalityReport sftVsSft =
                Orthogonality.between("SFT", dSft, "SFT-2", dSft2).compute();

        String md = markdown(
                fns, d2.size(), d3.size(), test2.size(), test3.size(), acc, choice, sftVsRl, sftVsSft, seconds, a);
        System.out.println(md);
        AtomicFiles.writeString(out.resolve("RESULT.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "composition-study");
        json.put("settings", new LinkedHashMap<>(a));
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("grid", rlLrs);
        rate.put("depth2_dev_accuracy", devAcc);
        rate.put("dev_examples", dev2.size());
        rate.put("chosen_on_dev", rlLrs[chosen]);
        rate.put("sft_control_rate", sftLr);
        json.put("rl_rate", rate);
        json.put("functions", fns);
        json.put("depth2_chains", d2);
        json.put("depth3_chains", d3);
        Map<String, Object> accJson = new LinkedHashMap<>();
        acc.forEach((k, v) -> accJson.put(k, Map.of("depth2", v[0], "depth3", v[1])));
        json.put("accuracy", accJson);
        Map<String, Object> orth = new LinkedHashMap<>();
        for (Map.Entry<ModuleType, GroupSummary> g : sftVsRl.byModule().entrySet()) {
            orth.put(
                    g.getKey().name().toLowerCase(Locale.ROOT),
                    Map.of(
                            "sft_vs_rl",
                            g.getValue().medianAbsCosine(),
                            "sft_vs_sft",
                            g.getValue().controlMedianAbsCosine(),
                            "random",
                            g.getValue().randomMedianAbsCosine()));
        }
        json.put("median_abs_cosine", orth);
        json.put("mean_principal_angle_deg_sft_vs_rl", sftVsRl.overall().meanAngleDegrees());
        json.put("random_subspace_angle_deg", RandomSubspaces.levelOver(sftVsRl.rows(), 5, 0));
        json.put("support_overlap_sft_vs_rl", sftVsRl.overall().meanSupportOverlap());
        json.put("mean_principal_angle_deg_sft_vs_sft", sftVsSft.overall().meanAngleDegrees());
        json.put("support_overlap_sft_vs_sft", sftVsSft.overall().meanSupportOverlap());
        json.put("support_chance", sftVsRl.overall().meanSupportChance());
        json.put("seconds", seconds);
        json.put("base_sha256", io.skillscope.core.checkpoint.Hashing.sha256(base.resolve("model.safetensors")));
        json.put("environment", Provenance.environment());
        io.skillscope.core.Json.write(out.resolve("result.json"), json);
        System.out.println("wrote " + out.resolve("RESULT.md"));
    }

    /**
     * The GRPO learning-rate choice: one run per rate, each scored by pooled exact match on the depth-2
     * dev split; test is scored only for the chosen run.
     *
     * @param rates the grid, in the order given
     * @param devAccuracy pooled depth-2 dev accuracy of each rate's run
     * @param chosen index of the chosen rate ({@link #chooseOnDev})
     * @param sftRate the SFT controls' rate ({@code --sft-lr}, else the chosen GRPO rate)
     * @param devExamples depth-2 dev examples scored
     */
    record RateChoice(double[] rates, double[] devAccuracy, int chosen, double sftRate, int devExamples) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("GRPO rate chosen on dev (" + devExamples + " depth-2 dev examples):");
            for (int i = 0; i < rates.length; i++) {
                sb.append(String.format(
                        Locale.ROOT, " %s %.1f%%%s", rates[i], 100 * devAccuracy[i], i == chosen ? " <- chosen" : ""));
            }
            return sb.append("; SFT controls at ").append(sftRate).toString();
        }
    }

    /**
     * The index of the highest dev accuracy; ties go to the rate listed first.
     *
     * @param devAccuracy one pooled dev accuracy per rate
     * @return the chosen index
     */
    static int chooseOnDev(double[] devAccuracy) {
        if (devAccuracy.length == 0) {
            throw new IllegalArgumentException("no GRPO rate to choose from");
        }
        int best = 0;
        for (int i = 1; i < devAccuracy.length; i++) {
            if (devAccuracy[i] > devAccuracy[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Parses a comma-separated list of positive learning rates, naming the option on bad input. */
    static double[] rates(String v, String option) {
        String[] parts = v.split(",");
        double[] r = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                r[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be positive rates, got '" + v + "'");
            }
            if (!(r[i] > 0) || Double.isInfinite(r[i])) {
                throw new IllegalArgumentException(option + " must be positive rates, got '" + v + "'");
            }
        }
        return r;
    }

    private static double sftRate(String v) {
        double[] r = rates(v, "--sft-lr");
        if (r.length != 1) {
            throw new IllegalArgumentException("--sft-lr takes one rate, got '" + v + "'");
        }
        return r[0];
    }

    /** A run that starts from the warm-up model on the depth-2 chains (order seed and budget as given). */
    private static Recipe fromWarmUp(
            Recipe.Stage stage,
            Path sftDir,
            List<String> chains,
            SplitSizes sizes,
            long dataSeed,
            long orderSeed,
            int steps,
            int batch,
            Recipe.Optim optim,
            Recipe.Rl rl) {
        return new Recipe(
                stage,
                sftDir.toString(),
                null,
                chains,
                null,
                sizes,
                null,
                dataSeed,
                orderSeed,
                steps,
                batch,
                optim,
                null,
                rl);
    }

    private static Recipe.Optim constant(double lr) {
        return new Recipe.Optim(OptimizerKind.ADAMW, lr, 0, 0.0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1.0, 0);
    }

    private static double run(Recipe r, Path dir, String label) {
        long t0 = System.nanoTime();
        SkillLab.train(r, dir, Progress.stderr(label, r.steps(), Math.max(1, r.steps() / 20)));
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double pooled(SkillEvaluation e) {
        int n = 0;
        int c = 0;
        for (SkillEvaluation.Score s : e.scores().values()) {
            n += s.n();
            c += s.correct();
        }
        return n == 0 ? Double.NaN : (double) c / n;
    }

    /**
     * The analysis label of a tensor from what the architecture adapters declare ({@link ModuleType} has the
     * adapters' {@code ModuleKind} constants plus {@code OTHER}).
     */
    static TensorLabel label(String name) {
        return new TensorLabel(
                Architectures.layerOf(name),
                Architectures.role(name)
                        .map(r -> ModuleType.valueOf(r.kind().name()))
                        .orElse(ModuleType.OTHER));
    }

    private static GrpoObjective grpoObjective(String v) {
        return switch (v) {
            case "token" -> GrpoObjective.TOKEN;
            case "sequence" -> GrpoObjective.SEQUENCE;
            default -> throw new IllegalArgumentException("--grpo must be token or sequence, got '" + v + "'");
        };
    }

    private static String markdown(
            List<String> fns,
            int n2,
            int n3,
            int t2,
            int t3,
            Map<String, double[]> acc,
            RateChoice choice,
            OrthogonalityReport r,
            OrthogonalityReport control,
            Map<String, Double> seconds,
            Map<String, String> args) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Composition study: RL vs SFT on depth-2 compositions\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "Functions %s; %d depth-2 chains (trained), %d depth-3 chains (never "
                        + "trained); %d depth-2 and %d depth-3 test examples; arguments %s.%n%n",
                fns,
                n2,
                n3,
                t2,
                t3,
                args));
        sb.append(choice).append(".\n\n");
        sb.append("| model | depth-2 test | depth-3 test |\n|---|---:|---:|\n");
        acc.forEach((k, v) ->
                sb.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% |%n", k, 100 * v[0], 100 * v[1])));
        sb.append("\nUpdates from the common start θ_sft. Median |cos| per module type:\n\n");
        sb.append("| module | SFT vs RL | SFT vs SFT (other seed) | SFT vs random |\n|---|---:|---:|---:|\n");
        r.byModule()
                .forEach((m, g) -> sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %.4f | %.4f | %.5f |%n",
                        m.name().toLowerCase(Locale.ROOT),
                        g.medianAbsCosine(),
                        g.controlMedianAbsCosine(),
                        g.randomMedianAbsCosine())));
        GroupSummary o = r.overall();
        sb.append(String.format(
                Locale.ROOT,
                "| all | %.4f | %.4f | %.5f |%n",
                o.medianAbsCosine(),
                o.controlMedianAbsCosine(),
                o.randomMedianAbsCosine()));
        sb.append(String.format(
                Locale.ROOT,
                "%nMean top-%d principal angle over %d matrices: SFT vs RL %.1f°, SFT vs SFT (other seed) %.1f°,"
                        + " random subspaces of the same shapes %.1f°; top-1%% support overlap SFT vs RL %.4f, SFT vs"
                        + " SFT %.4f (chance %.4f).%n",
                r.options().rank(),
                r.rows().stream().filter(t -> !t.angles().isEmpty()).count(),
                o.meanAngleDegrees(),
                control.overall().meanAngleDegrees(),
                RandomSubspaces.levelOver(r.rows(), 5, 0),
                o.meanSupportOverlap(),
                control.overall().meanSupportOverlap(),
                o.meanSupportChance()));
        sb.append("\nWall time (s): ").append(seconds).append("\n");
        return sb.toString();
    }
}
