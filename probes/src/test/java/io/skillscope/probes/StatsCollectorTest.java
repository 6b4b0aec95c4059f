package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streamed statistics equal a two-pass mean and variance over the same activations, for right-padded,
 * unpadded and left-padded batches (ported from bench's former stand-in collector).
 */
class StatsCollectorTest {

    @Test
    void matchesTwoPassStatisticsOverBatchesWithPadding() {
        ModelConfig c = ModelConfig.llama(37, 32, 2, 4, 2, 48, 64);
        List<HookName> hooks = HookName.allLayers(HookSite.MLP_POST, 2);
        List<TokenBatch> batches = List.of(
                TokenBatch.rightPadded(List.of(new int[] {3, 5, 7, 9, 11}, new int[] {2, 4}), 0),
                TokenBatch.of(1, 2, 3, 4, 5, 6, 7, 8),
                TokenBatch.leftPadded(List.of(new int[] {30, 31, 32}, new int[] {1, 2, 3, 4, 5, 6}), 0));
        StatsCollector stats = new StatsCollector(PositionSelector.allTokens(), null, false);
        try (Transformer model = Transformer.random(c, 11, Device.cpu());
                HookSession session = model.hooks()) {
            ActivationCache cache = session.cache(hooks);
            stats.attach(session, hooks);
            int live = model.liveArrays();
            for (TokenBatch b : batches) {
                try (NDManager step = model.manager().newSubManager()) {
                    model.forward(step, b);
                }
            }
            assertEquals(live, model.liveArrays(), "statistics leave nothing in the model's manager");

            Map<HookName, NeuronStats> snap = stats.stats();
            assertEquals(hooks, List.copyOf(snap.keySet()));
            for (HookName h : hooks) {
                double[][] expected = twoPass(cache.firings(h), batches, 48);
                NeuronStats m = snap.get(h);
                assertEquals(7 + 8 + 9, m.count(), "padding positions are not counted");
                assertEquals(48, m.width());
                assertArrayEquals(expected[0], m.mean(), 1e-5, h + " mean");
                assertArrayEquals(expected[1], m.variance(), 1e-5, h + " variance");
                assertTrue(maxOf(expected[1]) > 1e-4, "activations must vary for the test to mean something");
            }
        }
    }

    /** Mean and population variance over valid positions, in double, the textbook way. */
    private static double[][] twoPass(List<HostTensor> firings, List<TokenBatch> batches, int f) {
        double[] sum = new double[f];
        long n = 0;
        for (int i = 0; i < firings.size(); i++) {
            float[] x = firings.get(i).toFloats(); // [B, T, F]
            TokenBatch b = batches.get(i);
            for (int r = 0; r < b.batchSize(); r++) {
                for (int t = 0; t < b.length(); t++) {
                    if (b.valid(r, t)) {
                        n++;
                        for (int j = 0; j < f; j++) {
                            sum[j] += x[(r * b.length() + t) * f + j];
                        }
                    }
                }
            }
        }
        double[] mean = new double[f];
        for (int j = 0; j < f; j++) {
            mean[j] = sum[j] / n;
        }
        double[] var = new double[f];
        for (int i = 0; i < firings.size(); i++) {
            float[] x = firings.get(i).toFloats();
            TokenBatch b = batches.get(i);
            for (int r = 0; r < b.batchSize(); r++) {
                for (int t = 0; t < b.length(); t++) {
                    if (b.valid(r, t)) {
                        for (int j = 0; j < f; j++) {
                            double d = x[(r * b.length() + t) * f + j] - mean[j];
                            var[j] += d * d / n;
                        }
                    }
                }
            }
        }
        return new double[][] {mean, var};
    }

    private static double maxOf(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
