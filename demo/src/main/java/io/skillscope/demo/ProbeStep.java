package io.skillscope.demo;

import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Splits;
import io.skillscope.probes.NeuronRef;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.StatsComparison;
import io.skillscope.probes.TokenCodec;
import io.skillscope.reports.results.ProbeComparison;
import io.skillscope.reports.results.ProbeComparison.HookContrast;
import io.skillscope.reports.results.ProbeComparison.NeuronContrast;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 1: streaming per-neuron statistics of two skills' examples (prompt and answer tokens, every
 * position) at the feed-forward pre-activations, and how they differ. Writes both probe results
 * ({@code <skill>/result.json} + {@code stats.safetensors}) and the comparison.
 */
final class ProbeStep {
    static final String FOLDER = "probe";

    private ProbeStep() {}

    static StepArtifact run(StepContext ctx) {
        DemoSettings.Probing s = ctx.settings().probe();
        Path dir = ctx.out().resolve(FOLDER);
        long t0 = System.nanoTime();
        TokenCodec codec = TokenCodec.of(CharTokenizer.standard());
        SkillSuite suite = ctx.suite();
        ProbeSettings ps = ProbeSettings.of(PositionMode.ALL, s.hooks()).withBatchSize(s.batchSize());
        ProbeResult a;
        ProbeResult b;
        try (Transformer m = Transformer.load(ctx.model())) {
            a = ctx.phase(
                    "probe " + s.examples() + " " + s.skillA() + " examples at " + s.hooks(),
                    () -> probe(
                            m,
                            suite,
                            codec,
                            s.skillA(),
                            s.examples(),
                            ctx.settings().seed(),
                            ps));
            b = ctx.phase(
                    "probe " + s.examples() + " " + s.skillB() + " examples at " + s.hooks(),
                    () -> probe(
                            m,
                            suite,
                            codec,
                            s.skillB(),
                            s.examples(),
                            ctx.settings().seed() + 1,
                            ps));
        }
        a.save(dir.resolve(s.skillA()));
        b.save(dir.resolve(s.skillB()));
        ProbeComparison c = compare(a, b, s.topNeurons());
        Map<String, String> inputs = ctx.modelInputs();
        inputs.put(s.skillA() + "_data_sha256", a.datasetSha256());
        inputs.put(s.skillB() + "_data_sha256", b.datasetSha256());
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(s.skillA(), s.skillA() + "/");
        outputs.put(s.skillB(), s.skillB() + "/");
        NeuronContrast top = c.topNeurons().get(0);
        String summary = String.format(
                Locale.ROOT,
                "%s vs %s at %s over %d hooks: the largest |μ_%s − μ_%s| is %.3g at" + " %s[%d].",
                s.skillA(),
                s.skillB(),
                s.hooks(),
                c.hooks().size(),
                s.skillA(),
                s.skillB(),
                Math.abs(top.difference()),
                top.hook(),
                top.index());
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepArtifact art = ctx.artifact(
                ResultKind.PROBE_COMPARISON,
                "Probe statistics: " + s.skillA() + " vs " + s.skillB(),
                summary,
                StepContext.json(s),
                inputs,
                outputs,
                seconds,
                ResultJson.probe(c));
        art.write(dir);
        return art;
    }

    private static ProbeResult probe(
            Transformer m, SkillSuite suite, TokenCodec codec, String skill, int n, long seed, ProbeSettings ps) {
        List<Example> ex = Splits.generate(suite.get(skill), n, 0, 0, seed).train();
        return Probe.run(m, ProbeDataset.fromExamples(skill, ex, codec, true), ps);
    }

    /** The per-hook summaries and top neurons by |d| of {@code a} against {@code b}. */
    static ProbeComparison compare(ProbeResult a, ProbeResult b, int topK) {
        StatsComparison cmp = StatsComparison.of(a, b);
        List<HookContrast> hooks = new ArrayList<>();
        for (String h : cmp.hooks()) {
            double[] d = cmp.meanDifference(h);
            double[] z = cmp.standardized(h);
            double sumD = 0;
            double maxD = 0;
            double sumZ = 0;
            int over = 0;
            for (int i = 0; i < d.length; i++) {
                sumD += Math.abs(d[i]);
                maxD = Math.max(maxD, Math.abs(d[i]));
                sumZ += Math.abs(z[i]);
                over += Math.abs(z[i]) > 1 ? 1 : 0;
            }
            hooks.add(new HookContrast(h, layer(h), d.length, sumD / d.length, maxD, sumZ / d.length, over));
        }
        List<NeuronContrast> top = new ArrayList<>();
        for (NeuronRef n : cmp.topKAbsolute(topK, StatsComparison.Measure.MEAN_DIFFERENCE)) {
            top.add(new NeuronContrast(
                    n.hook(),
                    layer(n.hook()),
                    n.index(),
                    a.get(n.hook()).mean(n.index()),
                    b.get(n.hook()).mean(n.index()),
                    n.score(),
                    cmp.standardized(n.hook())[n.index()]));
        }
        return new ProbeComparison(
                a.datasetName(),
                b.datasetName(),
                a.settings().positions().name(),
                a.stats().values().iterator().next().count(),
                b.stats().values().iterator().next().count(),
                hooks,
                top);
    }

    private static int layer(String hook) {
        return HookName.parse(hook).layer();
    }
}
