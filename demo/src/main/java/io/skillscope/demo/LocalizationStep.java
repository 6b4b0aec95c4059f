package io.skillscope.demo;

import io.skillscope.core.Progress;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.StepStats;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.core.train.Trainer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.Splits;
import io.skillscope.grafting.ParamRegion;
import io.skillscope.localization.LocalizationResult;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.Localizer;
import io.skillscope.localization.Predictions;
import io.skillscope.localization.SweepResult;
import io.skillscope.localization.TaskData;
import io.skillscope.reports.results.SparsitySweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Step 3: fine-tunes θ_pre on a held-out skill with SGD (the block parameters by default, so that the
 * update lies where a block mask can reach it; weight decay 1e-4, off for norms), then learns a mask
 * (Localize-and-Stitch by default, which localized more skills on the skill lab than the grafting
 * parametrization: localization/BENCHMARK.md) at each sparsity of the sweep on the same train split and scores
 * θ_pre, θ_ft and each graft on the dev and test splits (docs/methods.md §1). Writes the fine-tuned model to
 * {@code finetuned/} and the best point of the sweep to {@code mask/}: {@link SweepResult#best}, chosen on the
 * dev split only (the sparsest mask whose graft recovers the bar of θ_ft's dev accuracy, else the graft most
 * accurate on dev), so that its test numbers are scored, not chosen.
 */
final class LocalizationStep {
    static final String FOLDER = "localization";

    private LocalizationStep() {}

    static StepArtifact run(StepContext ctx) {
        DemoSettings.Localize s = ctx.settings().localize();
        long seed = ctx.settings().seed();
        Path dir = ctx.out().resolve(FOLDER);
        long t0 = System.nanoTime();
        CharTokenizer tok = CharTokenizer.standard();
        SkillDataset ds = Splits.generate(
                ctx.suite().get(s.skill()),
                s.sizes().train(),
                s.sizes().dev(),
                s.sizes().test(),
                seed);
        TaskData data = TaskData.of(ds, tok);
        Path ft = dir.resolve("finetuned");
        StepStats last = finetune(ctx, data, ft);
        double ftSeconds = (System.nanoTime() - t0) / 1e9;

        LocalizationSettings ls = LocalizationSettings.of(s.sparsities().get(0))
                .withSteps(s.maskSteps())
                .withLearningRate(s.maskLr())
                .withBatches(s.maskBatch(), s.maskAccumulation())
                .withScoreLimit(s.scoreLimit())
                .withSeed(seed)
                .withProgress(false)
                .withMethod(s.method())
                .withL1(s.maskL1());
        List<LocalizationResult> points = new ArrayList<>();
        long changedOutside;
        try (Localizer.Session session = ctx.phase(
                "evaluate θ_pre and θ_ft on " + data.test().size() + " test items",
                () -> Localizer.open(ctx.model(), ft, data, ls))) {
            changedOutside = session.changedOutsideIncluded();
            for (int i = 0; i < s.sparsities().size(); i++) {
                double target = s.sparsities().get(i);
                LocalizationResult r = ctx.phase(
                        String.format(
                                Locale.ROOT,
                                "mask %d/%d at target sparsity %.0e (%d" + " steps)",
                                i + 1,
                                s.sparsities().size(),
                                target,
                                s.maskSteps()),
                        () -> session.localize(ls.withSparsity(target)));
                points.add(r);
                ctx.say(String.format(
                        Locale.ROOT,
                        "  mask sparsity %.1e (|γ| %d; learned %.1e%s): dev graft accuracy %.3f, ft %.3f,"
                                + " recovered %.3f",
                        r.mask().sparsity(),
                        r.mask().cardinality(),
                        r.learnedSparsity(),
                        r.capped() ? ", capped at the target" : "",
                        r.dev().graft().accuracy(),
                        r.dev().ft().accuracy(),
                        r.devRecovered()));
            }
        }
        LocalizationResult chosen = new SweepResult(data.name(), points).best(s.recoverShare());
        chosen.save(dir.resolve("mask"));
        String chosenLabel = String.format(
                Locale.ROOT, "graft at sparsity %.1e", chosen.mask().sparsity());
        List<Reliability> reliability = List.of(
                reliability("pre", chosen.pre()), reliability("ft", chosen.ft()), reliability("graft", chosen.graft()));
        SparsitySweep sweep = new SparsitySweep(
                data.name(),
                data.test().size(),
                points.stream().map(LocalizationStep::point).toList(),
                reliability.stream().map(Reliability::calibration).toList(),
                chosenLabel,
                points.indexOf(chosen));

        Map<String, String> inputs = ctx.modelInputs();
        inputs.put("data_sha256", data.sha256());
        inputs.put("finetuned_sha256", Hashing.sha256(ft.resolve("model.safetensors")));
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("finetuned", "finetuned/");
        outputs.put("mask", "mask/");
        com.google.gson.JsonObject settings = StepContext.json(s);
        settings.addProperty("finetuneFinalLoss", last.loss());
        settings.addProperty("finetuneSeconds", Math.round(ftSeconds * 10) / 10.0);
        settings.addProperty("changedOutsideIncluded", changedOutside);
        String summary = summary(s, sweep);
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepArtifact art = ctx.artifact(
                ResultKind.LOCALIZATION_SWEEP,
                "Localization of " + s.skill(),
                summary,
                settings,
                inputs,
                outputs,
                seconds,
                ResultJson.sweep(sweep, reliability));
        art.write(dir);
        return art;
    }

    /**
     * The step's summary line, every number from the sweep's chosen point (the one whose cards the report
     * shows), e.g. {@code ... masks 95% is recovered from sparsity 1.0e-3 (target 1e-03, learned 4.2e-3) ...
     * ECE pre 0.300, ft 0.021, graft 0.015 (the chosen point).}
     */
    static String summary(DemoSettings.Localize s, SparsitySweep sweep) {
        SparsitySweep.Point c = sweep.chosenPoint();
        boolean onDev = sweep.chosenOnDev();
        double chosenBy = onDev ? c.devRecovered() : c.recovered();
        String split = onDev ? "dev" : "test";
        String bar = chosenBy >= s.recoverShare()
                ? String.format(
                        Locale.ROOT,
                        "%.0f%% of the %s accuracy is recovered from sparsity %.1e (|γ| = %d, target %.0e, learned"
                                + " %.1e; chosen on %s)",
                        100 * s.recoverShare(),
                        split,
                        c.sparsity(),
                        c.selected(),
                        c.targetSparsity(),
                        c.learnedSparsity(),
                        split)
                : String.format(
                        Locale.ROOT,
                        "no mask recovers %.0f%% of the %s accuracy; the best on %s recovers %.0f%% at %.1e (target"
                                + " %.0e, learned %.1e)",
                        100 * s.recoverShare(),
                        split,
                        split,
                        100 * chosenBy,
                        c.sparsity(),
                        c.targetSparsity(),
                        c.learnedSparsity());
        return String.format(
                Locale.ROOT,
                "SGD fine-tuning on %s (%s) lifts accuracy %.2f → %.2f; with %s"
                        + " masks %s; on test that point recovers %.0f%% (graft %.2f). ECE pre %.3f, ft %.3f, graft"
                        + " %.3f (the chosen point).",
                s.skill(),
                s.blocksOnly() ? "block parameters" : "every parameter",
                c.preAccuracy(),
                c.ftAccuracy(),
                s.method().label(),
                bar,
                100 * c.recovered(),
                c.graftAccuracy(),
                c.preEce(),
                c.ftEce(),
                c.graftEce());
    }

    /**
     * SGD on a copy of θ_pre (the block parameters, or every parameter), batches drawn with replacement
     * from the train split.
     */
    private static StepStats finetune(StepContext ctx, TaskData data, Path out) {
        DemoSettings.Localize s = ctx.settings().localize();
        Random rng = new Random(ctx.settings().seed() + 23);
        List<Sequence> seqs = data.trainSequences();
        TrainConfig cfg = TrainConfig.sgd(s.ftLr(), s.momentum()).withWeightDecay(1e-4);
        Progress progress = ctx.progress("fine-tune " + s.skill() + " (SGD)", s.ftSteps());
        StepStats last = null;
        try (Transformer m = Transformer.load(ctx.model());
                Trainer t = new Trainer(
                        m,
                        cfg,
                        s.blocksOnly()
                                ? Trainer.matching(
                                        m, n -> ParamRegion.of(m.parameters().spec(n)) == ParamRegion.BLOCKS)
                                : Trainer.all(m))) {
            for (int step = 1; step <= s.ftSteps(); step++) {
                List<Sequence> batch = new ArrayList<>(s.ftBatch());
                long tokens = 0;
                for (int i = 0; i < s.ftBatch(); i++) {
                    Sequence q = seqs.get(rng.nextInt(seqs.size()));
                    batch.add(q);
                    tokens += q.tokens().length;
                }
                last = t.step(batch, data.padId());
                progress.step(step, last.loss(), tokens);
            }
            progress.done();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("skillscope.stage", "sft");
            meta.put(
                    "skillscope.finetune",
                    String.format(
                            Locale.ROOT,
                            "%s SGD lr %s momentum %s wd 1e-4, %d steps x %d," + " seed %d, %s",
                            data.name(),
                            s.ftLr(),
                            s.momentum(),
                            s.ftSteps(),
                            s.ftBatch(),
                            ctx.settings().seed(),
                            s.blocksOnly() ? "block parameters" : "every parameter"));
            meta.put("skillscope.init_sha256", ctx.modelSha256());
            m.save(out, meta);
        }
        CharTokenizer.standard().writeTokenizerJson(out.resolve("tokenizer.json"));
        return last;
    }

    private static Reliability reliability(String label, Predictions p) {
        return new Reliability(label, p.confidence(), p.correct());
    }

    private static SparsitySweep.Point point(LocalizationResult r) {
        return new SparsitySweep.Point(
                r.settings().sparsity(),
                r.mask().sparsity(),
                r.mask().cardinality(),
                r.mask().included(),
                r.pre().accuracy(),
                r.ft().accuracy(),
                r.graft().accuracy(),
                r.pre().ece(),
                r.ft().ece(),
                r.graft().ece(),
                r.agreement(),
                r.bestStep(),
                r.learnedSparsity(),
                r.dev().ft().accuracy(),
                r.dev().graft().accuracy());
    }
}
