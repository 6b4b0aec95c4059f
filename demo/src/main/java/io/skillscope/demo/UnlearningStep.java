package io.skillscope.demo;

import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.probes.TokenCodec;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.reports.results.UnlearningResults.Role;
import io.skillscope.reports.results.UnlearningResults.SetScore;
import io.skillscope.unlearning.EvalPart;
import io.skillscope.unlearning.KsdOptions;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.Unlearning;
import io.skillscope.unlearning.UnlearningData;
import io.skillscope.unlearning.UnlearningEvaluation;
import io.skillscope.unlearning.UnlearningReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 2: forget one set (arithmetic by default) and keep the others, with Neuron Adjust and with Key
 * Space Detection checking the prompt only (docs/methods.md §2; {@code unlearning/BENCHMARK.md} has the
 * reference numbers). Accuracy without intervention is measured once and shared by both methods. Each
 * method's own report and artifact go to {@code na/} and {@code ksd/}.
 */
final class UnlearningStep {
    static final String FOLDER = "unlearning";

    private UnlearningStep() {}

    static StepArtifact run(StepContext ctx) {
        DemoSettings.Unlearn s = ctx.settings().unlearn();
        long seed = ctx.settings().seed();
        Path dir = ctx.out().resolve(FOLDER);
        long t0 = System.nanoTime();
        SkillSuite suite = ctx.suite();
        TokenCodec codec = TokenCodec.of(CharTokenizer.standard());
        List<EvalPart> retain = new ArrayList<>();
        for (int i = 0; i < s.retain().size(); i++) {
            String skill = s.retain().get(i);
            retain.add(EvalPart.ofSkills(skill, suite, List.of(skill), s.sizes(), seed + 1 + i));
        }
        UnlearningData data =
                new UnlearningData(EvalPart.ofSkills(s.forgetName(), suite, s.forget(), s.sizes(), seed), retain);
        NeuronAdjust.Settings na =
                NeuronAdjust.Settings.defaults().withBatchSize(s.batchSize()).withPercent(s.naPercent());
        KsdOptions ksd = KsdPreset.KEY_PROMPT_VARIANT.options().withBatchSize(s.batchSize());
        UnlearningReport naReport;
        UnlearningReport ksdReport;
        int queries = data.forget().test().size()
                + data.retain().stream().mapToInt(p -> p.test().size()).sum();
        try (Transformer m = Transformer.load(ctx.model())) {
            Map<String, Double> before = ctx.phase(
                    "accuracy without intervention on " + queries + " test queries",
                    () -> UnlearningEvaluation.baseline(m, codec, data, s.batchSize()));
            naReport = ctx.phase(
                    "Neuron Adjust at " + s.naPercent() + "%: fit and evaluate",
                    () -> Unlearning.run(m, codec, data, na, before));
            ctx.say("  " + naReport);
            ksdReport = ctx.phase(
                    KsdPreset.label(ksd) + ": fit, calibrate h on dev, evaluate",
                    () -> Unlearning.run(m, codec, data, ksd, before));
            ctx.say("  " + ksdReport);
        }
        naReport.save(dir.resolve("na"));
        ksdReport.save(dir.resolve("ksd"));
        String naLabel = "NA " + ResultJson.show(s.naPercent()) + "%";
        String ksdLabel = KsdPreset.label(ksd);
        UnlearningResults results =
                new UnlearningResults(s.forgetName(), List.of(run(naLabel, naReport), run(ksdLabel, ksdReport)));
        Map<String, String> inputs = ctx.modelInputs();
        inputs.put("forget_data", data.forget().source());
        for (EvalPart p : data.retain()) {
            inputs.put("retain_data." + p.name(), p.source());
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("na", "na/");
        outputs.put("ksd", "ksd/");
        String summary = String.format(
                Locale.ROOT,
                "Forget %s, keep %d skills: %s drops it by %.0f%% (worst retain"
                        + " drop %.0f%%), %s by %.0f%% (worst retain drop %.0f%%, h = %s).",
                s.forgetName(),
                s.retain().size(),
                naLabel,
                100 * naReport.forget().relativeDrop(),
                100 * naReport.worstRetainDrop(),
                ksdLabel,
                100 * ksdReport.forget().relativeDrop(),
                100 * ksdReport.worstRetainDrop(),
                results.runs().get(1).details().getOrDefault("h", "?"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepArtifact art = ctx.artifact(
                ResultKind.UNLEARNING,
                "Unlearning " + s.forgetName(),
                summary,
                StepContext.json(s),
                inputs,
                outputs,
                seconds,
                ResultJson.unlearning(results));
        art.write(dir);
        return art;
    }

    /** A report of the unlearning module as a plain record; scalar settings and fitted values as details. */
    static UnlearningResults.Run run(String label, UnlearningReport r) {
        List<SetScore> sets = new ArrayList<>();
        sets.add(score(r.forget(), Role.FORGET));
        r.retain().forEach(x -> sets.add(score(x, Role.RETAIN)));
        Map<String, String> details = new LinkedHashMap<>();
        r.unlearner().describe().forEach((k, v) -> {
            if (!(v instanceof Map<?, ?>)) {
                details.put(k, ResultJson.show(v));
            }
        });
        return new UnlearningResults.Run(label, r.method(), details, sets);
    }

    private static SetScore score(UnlearningReport.Row row, Role role) {
        return new SetScore(row.name(), role, row.n(), row.before(), row.after(), row.detection());
    }
}
