package io.skillscope.probes;

import ai.djl.ndarray.NDManager;
import io.skillscope.core.Finite;
import io.skillscope.core.PassProgress;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.RunUntil;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a dataset through a model in batches and collects streaming per-neuron statistics at hook
 * points. Each batch is right-padded and runs in its own sub-manager, so native memory stays flat
 * however long the dataset; only O(hooks × width) doubles accumulate on the host.
 *
 * <pre>{@code
 * ProbeDataset forget = ProbeDataset.fromExamples("add", examples, TokenCodec.of(CharTokenizer.standard()), true);
 * ProbeResult r = Probe.run(model, forget, ProbeSettings.of(PositionMode.ALL, HookFilter.allLayers(HookSite.MLP_PRE)));
 * }</pre>
 */
public final class Probe {
    private Probe() {}

    /** Statistics of {@code data} at the hooks of {@code settings}, with the model's hash. */
    public static ProbeResult run(Transformer model, ProbeDataset data, ProbeSettings settings) {
        return run(model, data, settings, model.parameters().sha256());
    }

    /**
     * As {@link #run(Transformer, ProbeDataset, ProbeSettings)} with a precomputed model hash (saves
     * re-hashing the weights when probing several datasets).
     */
    public static ProbeResult run(Transformer model, ProbeDataset data, ProbeSettings settings, String modelHash) {
        List<HookName> hooks = settings.resolve(model);
        int[][] current = new int[1][]; // prompt lengths of the batch in flight
        PositionSelector selector = ctx -> settings.positions().mask(ctx.batch(), current[0]);
        StatsCollector collector = new StatsCollector(selector, settings.histogram(), settings.absolute());
        List<ProbeDataset.Row> rows = data.rows();
        RunUntil until = RunUntil.covering(hooks); // no blocks past the last hook, no logits
        try (HookSession session = model.hooks();
                PassProgress progress = PassProgress.start("probe " + data.name(), rows.size())) {
            collector.attach(session, hooks);
            for (int from = 0; from < rows.size(); from += settings.batchSize()) {
                List<ProbeDataset.Row> chunk = rows.subList(from, Math.min(rows.size(), from + settings.batchSize()));
                List<int[]> ids = new ArrayList<>(chunk.size());
                int[] prompts = new int[chunk.size()];
                for (int i = 0; i < chunk.size(); i++) {
                    ids.add(chunk.get(i).tokens());
                    prompts[i] = chunk.get(i).promptLength();
                }
                current[0] = prompts;
                try (NDManager m = model.manager().newSubManager()) {
                    model.forward(m, TokenBatch.rightPadded(ids, 0), until); // discarded: the hooks read it
                }
                progress.advance(chunk.size());
            }
        }
        Map<String, NeuronStats> byName = new LinkedHashMap<>();
        Map<HookName, NeuronStats> got = collector.stats();
        for (HookName h : hooks) {
            NeuronStats s = got.get(h);
            if (s == null) {
                throw new SkillscopeException("no position of dataset '" + data.name() + "' was selected at " + h
                        + " with positions " + settings.positions() + " (ANSWER_TOKENS needs rows with answers)");
            }
            requireFinite(model, data, h, s);
            byName.put(h.toString(), s);
        }
        return new ProbeResult(byName, data.name(), data.sha256(), data.size(), modelHash, settings);
    }

    /**
     * Refuses statistics with a NaN or infinity (hooks come in the order the pass fires them, so the
     * first refused is where the value first appeared among those probed), naming the hook, the
     * statistic and the neuron, and the first non-finite weight when there is one.
     */
    private static void requireFinite(Transformer model, ProbeDataset data, HookName h, NeuronStats s) {
        String what = "dataset '" + data.name() + "': the statistics at " + h;
        try {
            Finite.require(s.mean(), what + " (mean per neuron)", null);
            Finite.require(s.m2(), what + " (sum of squared deviations per neuron)", null);
        } catch (Finite.NonFiniteException e) {
            throw new Finite.NonFiniteException(e.getMessage()
                    + model.nonFiniteParameter()
                            .map(w -> "; first non-finite weight: " + w)
                            .orElse(""));
        }
    }
}
