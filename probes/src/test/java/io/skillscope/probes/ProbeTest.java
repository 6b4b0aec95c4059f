package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.CachedRun;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {
    private static final String POST0 = "blocks.0.mlp.hook_post";
    private static final String PRE1 = "blocks.1.mlp.hook_pre";

    /** Reference: per-row runWithCache, positions picked by hand, two-pass statistics in double. */
    private static double[][] reference(Transformer model, ProbeDataset data, String hook, PositionMode mode) {
        List<float[]> picked = new ArrayList<>();
        for (ProbeDataset.Row row : data.rows()) {
            CachedRun run = model.runWithCache(row.tokens(), HookName.parse(hook));
            HostTensor act = run.cache().get(hook); // [1, T, F]
            int f = (int) act.shape()[2];
            float[] flat = act.toFloats();
            for (int t = 0; t < row.length(); t++) {
                boolean take = switch (mode) {
                    case ALL -> true;
                    case LAST_PROMPT_TOKEN -> t == row.promptLength() - 1;
                    case ANSWER_TOKENS -> t >= row.promptLength();
                };
                if (take) {
                    float[] v = new float[f];
                    System.arraycopy(flat, t * f, v, 0, f);
                    picked.add(v);
                }
            }
        }
        int f = picked.get(0).length;
        double[] mean = new double[f];
        double[] var = new double[f];
        for (float[] v : picked) {
            for (int j = 0; j < f; j++) {
                mean[j] += v[j] / (double) picked.size();
            }
        }
        for (float[] v : picked) {
            for (int j = 0; j < f; j++) {
                var[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / picked.size();
            }
        }
        return new double[][] {mean, var, {picked.size()}};
    }

    @Test
    void statsThroughHooksEqualStatsOfCachedActivations() {
        try (Transformer model = TinyModels.charLlama(7)) {
            ProbeDataset data = TinyProbeData.rows("r", 8, 9, 3);
            for (PositionMode mode : PositionMode.values()) {
                double[][] ref = reference(model, data, POST0, mode);
                // one row per pass: the same arithmetic as runWithCache
                ProbeResult one =
                        Probe.run(model, data, ProbeSettings.of(mode, POST0).withBatchSize(1));
                // padded batches of 5: batched matmuls round differently, so a looser bound
                ProbeResult padded =
                        Probe.run(model, data, ProbeSettings.of(mode, POST0).withBatchSize(5));
                NeuronStats s1 = one.get(POST0);
                NeuronStats s5 = padded.get(POST0);
                assertEquals((long) ref[2][0], s1.count(), mode.name());
                assertEquals((long) ref[2][0], s5.count(), mode.name());
                for (int j = 0; j < s1.width(); j++) {
                    assertEquals(ref[0][j], s1.mean(j), 1e-9 * Math.max(1, Math.abs(ref[0][j])), mode + " mean " + j);
                    assertEquals(ref[1][j], s1.variance()[j], 1e-9 * Math.max(1e-3, ref[1][j]), mode + " var " + j);
                    assertEquals(
                            ref[0][j], s5.mean(j), 1e-5 * Math.max(1e-2, Math.abs(ref[0][j])), mode + " mean " + j);
                    assertEquals(ref[1][j], s5.variance()[j], 1e-4 * Math.max(1e-3, ref[1][j]), mode + " var " + j);
                }
            }
        }
    }

    @Test
    void shardedProbesMergeToTheWholeProbe() {
        try (Transformer model = TinyModels.charLlama(8)) {
            ProbeDataset data = TinyProbeData.rows("r", 20, 10, 4);
            ProbeSettings s =
                    ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_pre").withBatchSize(20);
            ProbeResult whole = Probe.run(model, data, s);
            ProbeResult merged = Probe.run(model, data.slice(0, 7), s).merge(Probe.run(model, data.slice(7, 20), s));
            assertEquals(
                    List.of("blocks.0.mlp.hook_pre", "blocks.1.mlp.hook_pre"),
                    new ArrayList<>(whole.stats().keySet()));
            assertEquals(20, merged.rows());
            for (String h : whole.stats().keySet()) {
                NeuronStats a = whole.get(h);
                NeuronStats b = merged.get(h);
                assertEquals(a.count(), b.count());
                assertEquals(data.tokens(), a.count());
                for (int j = 0; j < a.width(); j++) {
                    // shards run as different batches (padding differs), hence float32-level agreement
                    assertEquals(a.mean(j), b.mean(j), 1e-5 * Math.max(1e-2, Math.abs(a.mean(j))));
                    assertEquals(a.variance()[j], b.variance()[j], 1e-4 * Math.max(1e-3, a.variance()[j]));
                    assertEquals(a.min()[j], b.min()[j], 1e-5 * Math.max(1, Math.abs(a.min()[j])));
                }
            }
        }
    }

    @Test
    void positionModesSelectTheRightTokensOfAPaddedBatch() {
        // row 0: 4 tokens, prompt 2; row 1: 2 tokens, prompt 1; row 2: 3 tokens, prompt 3 (no answer)
        List<int[]> seqs = List.of(new int[] {5, 6, 7, 8}, new int[] {9, 10}, new int[] {11, 12, 13});
        int[] prompts = {2, 1, 3};
        TokenBatch right = TokenBatch.rightPadded(seqs, 0);
        TokenBatch left = TokenBatch.leftPadded(seqs, 0);
        boolean T = true;
        boolean F = false;
        assertArrayEquals(new boolean[] {T, T, T, T, T, T, F, F, T, T, T, F}, PositionMode.ALL.mask(right, prompts));
        assertArrayEquals(
                new boolean[] {F, T, F, F, T, F, F, F, F, F, T, F},
                PositionMode.LAST_PROMPT_TOKEN.mask(right, prompts));
        assertArrayEquals(
                new boolean[] {F, F, T, T, F, T, F, F, F, F, F, F}, PositionMode.ANSWER_TOKENS.mask(right, prompts));
        // left padding: row 1 is [pad, pad, 9, 10], row 2 is [pad, 11, 12, 13]
        assertArrayEquals(
                new boolean[] {F, T, F, F, F, F, T, F, F, F, F, T}, PositionMode.LAST_PROMPT_TOKEN.mask(left, prompts));
        assertArrayEquals(
                new boolean[] {F, F, T, T, F, F, F, T, F, F, F, F}, PositionMode.ANSWER_TOKENS.mask(left, prompts));

        // through the model: LAST_PROMPT_TOKEN stats of the batch equal those of the three hand-picked vectors
        try (Transformer model = TinyModels.charLlama(9)) {
            ProbeDataset data = ProbeDataset.of(
                    "hand",
                    List.of(
                            new ProbeDataset.Row(seqs.get(0), 2),
                            new ProbeDataset.Row(seqs.get(1), 1),
                            new ProbeDataset.Row(seqs.get(2), 3)));
            NeuronStats s = Probe.run(model, data, ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, POST0))
                    .get(POST0);
            float[][] picked = new float[3][];
            for (int r = 0; r < 3; r++) {
                HostTensor act = model.runWithCache(seqs.get(r), HookName.parse(POST0))
                        .cache()
                        .get(POST0);
                int f = (int) act.shape()[2];
                picked[r] = java.util.Arrays.copyOfRange(act.toFloats(), (prompts[r] - 1) * f, prompts[r] * f);
            }
            NeuronStats ref = NeuronStats.of(picked, null);
            assertEquals(3, s.count());
            for (int j = 0; j < s.width(); j++) {
                assertEquals(ref.mean(j), s.mean(j), 1e-5 * Math.max(1e-2, Math.abs(ref.mean(j))));
                assertEquals(ref.max()[j], s.max()[j], 1e-5 * Math.max(1e-2, Math.abs(ref.max()[j])));
            }
        }
    }

    @Test
    void liveArraysStayFlatOverALongProbeLoopAndTenfoldData() {
        try (Transformer model = TinyModels.charLlama(10)) {
            int before = model.liveArrays();
            ProbeSettings s = ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_post", "blocks.*.mlp.hook_pre")
                    .withBatchSize(8)
                    .withHistogram(new HistogramSpec(-1, 1, 8));
            ProbeResult small = Probe.run(model, TinyProbeData.rows("small", 4, 8, 1), s);
            int afterSmall = model.liveArrays();
            int[] during = new int[3];
            for (int i = 0; i < 3; i++) {
                Probe.run(model, TinyProbeData.rows("big", 40, 8, 2 + i), s); // ten times the rows
                during[i] = model.liveArrays();
            }
            assertEquals(before, afterSmall);
            for (int d : during) {
                assertEquals(before, d);
            }
            // host memory is O(hooks x width): the result holds 4 hooks of width 48 whatever the rows
            assertEquals(4, small.stats().size());
            assertEquals(48, small.get("blocks.1.mlp.hook_post").width());
            assertTrue(small.get("blocks.1.mlp.hook_post").histogram(0).length == 10);
        }
    }
}
