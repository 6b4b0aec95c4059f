package io.skillscope.demo;

import com.google.gson.JsonObject;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.datasets.Composition;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.lab.LabData;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import io.skillscope.reports.results.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 4: from the same start (the base model), SFT and GRPO on depth-2 compositions and a second SFT
 * with the next seed as control; then the per-tensor cosine, principal angles and support overlap of
 * ΔSFT = θ_sft − θ_pre against ΔRL = θ_rl − θ_pre, with the SFT-vs-SFT control and a random direction
 * (docs/methods.md §3). With {@link DemoSettings.RlStart#SFT} GRPO starts from the SFT model instead and
 * ΔRL = θ_rl − θ_sft (PaST's protocol). The three trained models go to {@code sft/},
 * {@code sft-control/} and {@code rl/}.
 */
final class OrthogonalityStep {
    static final String FOLDER = "orthogonality";

    private OrthogonalityStep() {}

    static StepArtifact run(StepContext ctx) {
        DemoSettings.SftVsRl s = ctx.settings().sftVsRl();
        long seed = ctx.settings().seed();
        Path dir = ctx.out().resolve(FOLDER);
        long t0 = System.nanoTime();
        SkillSuite suite = ctx.suite();
        List<String> comps = suite.compositions(s.functions(), 2, s.maxAnswerLength()).stream()
                .map(Composition::name)
                .toList();
        if (comps.isEmpty()) {
            throw new DemoException("demo settings: no depth-2 composition of " + s.functions()
                    + " has answers of at most " + s.maxAnswerLength() + " characters");
        }
        String base = ctx.model().toAbsolutePath().normalize().toString();
        Recipe.Optim sftOptim = constant(s.sftLr());
        Recipe sft = new Recipe(
                Recipe.Stage.SFT,
                base,
                null,
                comps,
                null,
                s.sizes(),
                Map.of(),
                seed,
                seed,
                s.sftSteps(),
                s.sftBatch(),
                sftOptim,
                null,
                null);
        Recipe control = new Recipe(
                Recipe.Stage.SFT,
                base,
                null,
                comps,
                null,
                s.sizes(),
                Map.of(),
                seed,
                seed + 1,
                s.sftSteps(),
                s.sftBatch(),
                sftOptim,
                null,
                null);
        boolean fromSft = s.rlStart() == DemoSettings.RlStart.SFT;
        Path sftDir = dir.resolve("sft");
        String rlInit = fromSft ? sftDir.toAbsolutePath().normalize().toString() : base;
        Recipe rl = new Recipe(
                Recipe.Stage.RL,
                rlInit,
                null,
                comps,
                null,
                s.sizes(),
                Map.of(),
                seed,
                seed,
                s.rlRounds(),
                s.rlPrompts() * s.groupSize(),
                constant(s.rlLr()),
                null,
                new Recipe.Rl(s.groupSize(), s.temperature(), 0.2, 0.0, 1));
        List<Example> test = LabData.of(sft, suite).test();

        String sftLabel = "SFT (seed " + seed + ")";
        String ctlLabel = "SFT (seed " + (seed + 1) + ")";
        String rlLabel = (fromSft ? "GRPO from SFT (seed " : "GRPO (seed ") + seed + ")";
        List<TrainingRun> runs = new ArrayList<>();
        ctx.say(comps.size() + " depth-2 compositions of " + s.functions() + ": " + String.join(", ", comps));
        runs.add(new TrainingRun(
                "base",
                "BASE",
                "shipped model",
                0,
                0,
                Double.NaN,
                ctx.phase("base accuracy on " + test.size() + " test examples", () -> accuracy(ctx.model(), test)),
                Double.NaN,
                Double.NaN,
                0));
        runs.add(train(ctx, sftLabel, sft, sftDir, test, "base"));
        runs.add(train(ctx, ctlLabel, control, dir.resolve("sft-control"), test, "base"));
        runs.add(train(ctx, rlLabel, rl, dir.resolve("rl"), test, fromSft ? sftLabel : "base"));

        Map<String, ShapedArray> pre = weights(ctx.model());
        Map<String, ShapedArray> sftWeights = weights(sftDir);
        WeightUpdate dSft = WeightUpdate.difference(sftWeights, pre).labelled(TensorLabels::of);
        WeightUpdate dCtl = WeightUpdate.difference(weights(dir.resolve("sft-control")), pre)
                .labelled(TensorLabels::of);
        WeightUpdate dRl = WeightUpdate.difference(weights(dir.resolve("rl")), fromSft ? sftWeights : pre)
                .labelled(TensorLabels::of);
        OrthogonalityReport report = ctx.phase(
                "orthogonality of the three updates over " + pre.size() + " tensors"
                        + (s.principalAngles() ? " (with principal angles)" : ""),
                () -> Orthogonality.between(sftLabel, dSft, rlLabel, dRl)
                        .optControl(ctlLabel, dCtl)
                        .optOptions(OrthogonalityOptions.defaults()
                                .withSeed(seed)
                                .withMaxSvdDim(s.principalAngles() ? 2048 : 0))
                        .compute());

        Map<String, String> inputs = ctx.modelInputs();
        inputs.put("data_sha256", LabData.of(sft, suite).sha256());
        for (String f : List.of("sft", "sft-control", "rl")) {
            inputs.put(f + "_sha256", Hashing.sha256(dir.resolve(f).resolve("model.safetensors")));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("sft", "sft/");
        outputs.put("sft_control", "sft-control/");
        outputs.put("rl", "rl/");
        JsonObject settings = StepContext.json(s);
        settings.addProperty("compositions", String.join(",", comps));
        settings.addProperty("rlClipEpsilon", 0.2);
        settings.addProperty("rlKlBeta", 0.0);
        JsonObject result = OrthogonalityJson.write(report);
        String evaluatedOn = test.size() + " test examples of " + comps.size() + " depth-2 compositions";
        result.add("runs", ResultJson.runs(runs));
        result.addProperty("evaluated_on", evaluatedOn);
        GroupSummary all = report.overall();
        TrainingRun grpo = runs.get(3);
        String summary = String.format(
                Locale.ROOT,
                "Median |cos| over %d tensors: SFT vs GRPO %.3f, SFT vs SFT (other"
                        + " seed) %.3f, random direction %.4f. Accuracy on %s: base %.2f, SFT %.2f, GRPO (from %s) %.2f;"
                        + " GRPO's mean reward %.3f in the first round, %.3f in the last.",
                all.tensors(),
                all.medianAbsCosine(),
                all.controlMedianAbsCosine(),
                all.randomMedianAbsCosine(),
                evaluatedOn,
                runs.get(0).accuracy(),
                runs.get(1).accuracy(),
                grpo.start(),
                grpo.accuracy(),
                grpo.firstReward(),
                grpo.lastReward());
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepArtifact art = ctx.artifact(
                ResultKind.ORTHOGONALITY,
                "SFT vs RL updates on compositions",
                summary,
                settings,
                inputs,
                outputs,
                seconds,
                result);
        art.write(dir);
        return art;
    }

    private static Recipe.Optim constant(double lr) {
        return new Recipe.Optim(OptimizerKind.ADAMW, lr, 0, 0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1.0, 0);
    }

    private static TrainingRun train(
            StepContext ctx, String label, Recipe r, Path out, List<Example> test, String start) {
        ctx.say(label + ": " + r);
        SkillLab.TrainResult res = SkillLab.train(r, out, ctx.progress(label, r.steps()));
        double[] rewards = res.meanRewards();
        boolean isRl = r.stage() == Recipe.Stage.RL;
        return new TrainingRun(
                label,
                r.stage().name(),
                start,
                r.seed(),
                r.steps(),
                res.tailLoss(10),
                accuracy(out, test),
                isRl ? rewards[0] : Double.NaN,
                isRl ? rewards[rewards.length - 1] : Double.NaN,
                res.seconds());
    }

    /** Exact-match accuracy over all test examples (each example weighs the same). */
    private static double accuracy(Path model, List<Example> test) {
        try (Transformer m = Transformer.load(model)) {
            SkillEvaluation e = SkillLab.evaluate(m, test);
            int n = 0;
            int correct = 0;
            for (SkillEvaluation.Score sc : e.scores().values()) {
                n += sc.n();
                correct += sc.correct();
            }
            return n == 0 ? 0 : (double) correct / n;
        }
    }

    /** Every tensor of a checkpoint as float32 with its shape. */
    private static Map<String, ShapedArray> weights(Path folder) {
        Map<String, ShapedArray> out = new LinkedHashMap<>();
        try (TensorSource src = TensorSource.open(folder)) {
            for (String name : src.names()) {
                long[] shape = src.info(name).shape();
                int[] s = new int[shape.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Math.toIntExact(shape[i]);
                }
                out.put(name, new ShapedArray(src.readFloats(name), s));
            }
        }
        return out;
    }
}
