package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass host reduction of {@link BatchMoments#onHost} gives the two-pass float64 statistics of
 * {@link BatchMoments#onDevice} within 1e-9 relative (min, max and histogram counts exactly), on data
 * where a naive sum of squares loses every digit, with and without a position mask, |x|, a histogram and
 * a strided (non-contiguous) activation.
 */
class BatchMomentsTest {
    private static final int B = 3;
    private static final int T = 150;
    private static final int F = 70;

    /**
     * {@code [B, T, F]} float32: neuron j has offset 10^(j mod 5) − 1 and scale 10^−(j mod 4), so the
     * offsets reach 10⁴ with a spread of 10⁻³ (7 float32 digits), next to zero-mean neurons; every tenth
     * neuron is constant.
     */
    private static float[] data(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[B * T * F];
        for (int i = 0; i < B * T; i++) {
            for (int j = 0; j < F; j++) {
                double offset = Math.pow(10, j % 5) - 1;
                double scale = Math.pow(10, -(j % 4));
                double v = j % 10 == 9 ? 2.5 : offset + scale * NeuronStatsTest.nextGaussian(rng);
                x[i * F + j] = (float) v;
            }
        }
        return x;
    }

    private static boolean[] mask(boolean all) {
        boolean[] m = new boolean[B * T];
        for (int i = 0; i < m.length; i++) {
            m[i] = all || (i % 7 != 3 && i % T < T - 11);
        }
        return m;
    }

    private static long count(boolean[] m) {
        long n = 0;
        for (boolean v : m) {
            n += v ? 1 : 0;
        }
        return n;
    }

    @Test
    void hostReductionEqualsTheTwoPassReductionWithinOneInABillion() {
        HistogramSpec spec = new HistogramSpec(-1, 12, 13);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(data(5), new Shape(B, T, F)); // [B, T, F]
            // the same values behind a strided view: [T, B, F] stored, viewed as [B, T, F]
            NDArray strided = x.transpose(1, 0, 2).duplicate().transpose(1, 0, 2); // [B, T, F]
            assertArrayEquals(x.toFloatArray(), strided.toFloatArray());
            for (NDArray input : List.of(x, strided)) {
                for (boolean all : new boolean[] {true, false}) {
                    for (boolean abs : new boolean[] {false, true}) {
                        boolean[] mask = mask(all);
                        long n = count(mask);
                        BatchMoments host = BatchMoments.onHost(input, B * T, F, mask, n, abs, spec, m);
                        BatchMoments device = BatchMoments.onDevice(input, B * T, F, mask, n, abs, spec, m);
                        String where = (input == x ? "contiguous" : "strided")
                                + (all ? ", all rows" : ", masked")
                                + (abs ? ", |x|" : "");
                        assertEquals(device.n(), host.n());
                        assertClose(device.mean(), host.mean(), where + ": mean");
                        assertClose(device.m2(), host.m2(), where + ": M2");
                        assertArrayEquals(device.min(), host.min(), where + ": min");
                        assertArrayEquals(device.max(), host.max(), where + ": max");
                        assertArrayEquals(device.hist(), host.hist(), where + ": histogram");
                        assertEquals(0.0, host.m2()[9], where + ": a constant neuron has M2 0");
                    }
                }
            }
        }
    }

    @Test
    void collectorOnTheHostEqualsTheDeviceReductionOverPaddedBatches() {
        ModelConfig c = ModelConfig.llama(37, 32, 2, 4, 2, 48, 64);
        List<TokenBatch> batches = List.of(
                TokenBatch.rightPadded(List.of(new int[] {3, 5, 7, 9, 11}, new int[] {2, 4}), 0),
                TokenBatch.of(1, 2, 3, 4, 5, 6, 7, 8),
                TokenBatch.leftPadded(List.of(new int[] {30, 31, 32}, new int[] {1, 2, 3, 4, 5, 6}), 0));
        HistogramSpec spec = new HistogramSpec(-0.5, 0.5, 10);
        try (Transformer model = Transformer.random(c, 11, Device.cpu())) {
            List<HookName> hooks = List.of(
                    model.hookName("blocks.0.mlp.hook_post"),
                    model.hookName("blocks.1.attn.hook_z"), // [B, T, H, D], a strided view
                    model.hookName("blocks.1.hook_resid_post"));
            assertEquals(HookSite.ATTN_Z, hooks.get(1).site());
            for (boolean abs : new boolean[] {false, true}) {
                StatsCollector host = new StatsCollector(PositionSelector.allTokens(), spec, abs);
                StatsCollector device = new StatsCollector(PositionSelector.allTokens(), spec, abs).onDeviceOnly();
                try (HookSession s = model.hooks()) {
                    host.attach(s, hooks);
                    device.attach(s, hooks);
                    for (TokenBatch b : batches) {
                        try (NDManager step = model.manager().newSubManager()) {
                            model.forward(step, b);
                        }
                    }
                }
                Map<HookName, NeuronStats> h = host.stats();
                Map<HookName, NeuronStats> d = device.stats();
                for (HookName name : hooks) {
                    NeuronStats a = h.get(name);
                    NeuronStats e = d.get(name);
                    assertEquals(24, a.count());
                    assertClose(e.mean(), a.mean(), name + " mean");
                    assertClose(e.m2(), a.m2(), name + " M2");
                    assertArrayEquals(e.min(), a.min(), name + " min");
                    assertArrayEquals(e.max(), a.max(), name + " max");
                    assertArrayEquals(e.histogramCounts(), a.histogramCounts(), name + " histogram");
                }
            }
        }
    }

    /**
     * Each entry within 1e-9 of the larger magnitude, with a floor of 1e-12 of the array's largest entry
     * (a mean that is zero up to float64 rounding has no relative digits to compare).
     */
    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i])
                    / Math.max(Math.max(Math.abs(expected[i]), Math.abs(actual[i])), 1e-12 * scale + 1e-300);
            worst = Math.max(worst, err);
        }
        assertTrue(worst < 1e-9, what + ": worst relative error " + worst);
    }
}
