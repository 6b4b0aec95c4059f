package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeuronAdjustTest {
    private static NeuronStats stats(double[] mean, double std, long n) {
        double[] m2 = new double[mean.length];
        Arrays.fill(m2, std * std * n);
        return NeuronStats.of(n, mean, m2, mean.clone(), mean.clone(), null, null);
    }

    @Test
    void selectsTheNeuronsWithTheLargestSignedDifferencePooledOverLayers() {
        Map<String, NeuronStats> f = new LinkedHashMap<>();
        Map<String, NeuronStats> r = new LinkedHashMap<>();
        // d layer 0 = [0.1, 3.0, -9, 0.2, 0, 0, 0, 0, 0, 0]; d layer 1 = [0, 0, 0, 0, 0, 0, 0, 5.0, 0.3, -20]
        f.put("blocks.0.mlp.hook_pre", stats(new double[] {1.1, 4, -8, 1.2, 1, 1, 1, 1, 1, 1}, 1, 100));
        r.put("blocks.0.mlp.hook_pre", stats(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 100));
        f.put("blocks.1.mlp.hook_pre", stats(new double[] {0, 0, 0, 0, 0, 0, 0, 5, 0.3, -20}, 2, 100));
        r.put("blocks.1.mlp.hook_pre", stats(new double[10], 0.5, 100));
        // 10% of 20 neurons: the two largest signed d (5.0 and 3.0); -20 and -9 are larger in magnitude only
        NeuronAdjust na = NeuronAdjust.fromStats(f, r, NeuronAdjust.Settings.of(10), Map.of());
        assertEquals(2, na.selected());
        assertEquals(3.0, na.threshold(), 1e-12);
        assertArrayEquals(
                new int[] {1}, na.layers().get("blocks.0.mlp.hook_pre").index());
        assertArrayEquals(
                new int[] {7}, na.layers().get("blocks.1.mlp.hook_pre").index());
        NeuronAdjust.Layer l1 = na.layers().get("blocks.1.mlp.hook_pre");
        assertEquals(5.0, l1.muForget()[0], 1e-12);
        assertEquals(2.0, l1.stdForget()[0], 1e-12);
        assertEquals(0.5, l1.stdRetain()[0], 1e-12);
        assertEquals(5.0, l1.diff()[0], 1e-12);
        // 15%: index floor(20·0.85) = 17 of the ascending d → 0.3; d >= 0.3 picks 5.0, 3.0 and 0.3
        assertEquals(
                3,
                NeuronAdjust.fromStats(f, r, NeuronAdjust.Settings.of(15), Map.of())
                        .selected());
    }

    @Test
    void replacementFormulaOnHandComputedValues() {
        // x = 3 from N(3, 1) (forget) vs N(0, 1) (retain): p1/(p1+p2) = 1/(1 + e^{4.5}) = 0.01099
        double ratio = 1 / (1 + Math.exp(4.5));
        // x_raw = (3 − 3)/1·1 + 0 = 0, x' = 2·0 − 0 = 0
        assertEquals(0.0, NeuronAdjust.adjusted(3, 3, 1, 0, 1, 0.5, false), 1e-12);
        assertEquals(3.0, NeuronAdjust.adjusted(3, 3, 1, 0, 1, ratio * 0.99, false), 0); // u below the ratio: kept
        assertEquals(0.0, NeuronAdjust.adjusted(3, 3, 1, 0, 1, ratio * 1.01, false), 1e-12);
        // x = −1 is more likely under retain (p1 > p2): never replaced
        assertEquals(-1.0, NeuronAdjust.adjusted(-1, 3, 1, 0, 1, 0.999, false), 0);
        // x = 4, μf = 3, σf = 2, μr = 1, σr = 0.5: x_raw = (4 − 3)/2·0.5 + 1 = 1.25, x' = 2 − 1.25 = 0.75
        assertEquals(0.75, NeuronAdjust.adjusted(4, 3, 2, 1, 0.5, 0.5, false), 1e-12);
        // the published code: σr → var 0.25, σf → μf = 3: x_raw = (4 − 3)/3·0.25 + 1, x' = 2 − x_raw
        assertEquals(2 - (1.0 / 3 * 0.25 + 1), NeuronAdjust.adjusted(4, 3, 2, 1, 0.5, 0.5, true), 1e-12);
        // ... and with a negative forget mean its "σ_f" is negative, p2 < 0, so nothing is ever replaced
        assertEquals(-1.0, NeuronAdjust.adjusted(-1, -2, 1, 1, 0.5, 0.99, true), 0);
        assertNotEquals(-1.0, NeuronAdjust.adjusted(-1, -2, 1, 1, 0.5, 0.99, false));
    }

    /** An NA instance on a tiny model: the top 10% by d between two random token families. */
    static NeuronAdjust fitted(Transformer model, double percent, boolean compat, long seed) {
        return NeuronAdjust.fit(
                model,
                TinyProbeData.bosRows("forget", 12, 20, 40, 1),
                TinyProbeData.bosRows("retain", 12, 60, 90, 2),
                new NeuronAdjust.Settings(percent, seed, compat, true, 8));
    }

    @Test
    void deviceReplacementMatchesTheHostFormulaWithTheSeededUniforms() {
        try (Transformer model = TinyModels.charLlama(3)) {
            for (boolean compat : new boolean[] {false, true}) {
                NeuronAdjust na = fitted(model, 10, compat, 42);
                assertTrue(na.selected() >= 9, na.toString()); // 10% of 96 neurons, ties may add some
                List<int[]> seqs = List.of(new int[] {1, 25, 26, 27, 28}, new int[] {1, 70, 71});
                String[] hooks = {"blocks.0.mlp.hook_pre", "blocks.1.mlp.hook_pre"};
                ActivationCache raw;
                ActivationCache adjusted;
                try (HookSession before = model.hooks()) {
                    raw = before.cache(hooks);
                    try (HookSession s = na.install(model);
                            HookSession after = model.hooks()) {
                        adjusted = after.cache(hooks);
                        model.logits(TokenBatch.rightPadded(seqs, 0));
                    }
                }
                SplittableRandom rng = new SplittableRandom(42);
                int replaced = 0;
                for (String h : hooks) {
                    NeuronAdjust.Layer l = na.layers().get(h);
                    HostTensor x = raw.get(h);
                    HostTensor y = adjusted.get(h);
                    float[] xs = x.toFloats();
                    float[] ys = y.toFloats();
                    int f = (int) x.shape()[2];
                    int bt = (int) (x.shape()[0] * x.shape()[1]);
                    float[] u = new float[compat ? 1 : bt * l.size()];
                    for (int i = 0; i < u.length; i++) {
                        u[i] = (float) rng.nextDouble();
                    }
                    boolean[] selected = new boolean[f];
                    for (int j = 0; j < l.size(); j++) {
                        selected[l.index()[j]] = true;
                        for (int p = 0; p < bt; p++) {
                            double in = xs[p * f + l.index()[j]];
                            double want = NeuronAdjust.adjusted(
                                    in,
                                    l.muForget()[j],
                                    l.stdForget()[j],
                                    l.muRetain()[j],
                                    l.stdRetain()[j],
                                    compat ? u[0] : u[p * l.size() + j],
                                    compat);
                            assertEquals(
                                    want,
                                    ys[p * f + l.index()[j]],
                                    1e-4 * Math.max(1, Math.abs(want)),
                                    h + " position " + p + " neuron " + l.index()[j] + " compat " + compat);
                            replaced += want != in ? 1 : 0;
                        }
                    }
                    for (int p = 0; p < bt; p++) {
                        for (int n = 0; n < f; n++) {
                            if (!selected[n]) {
                                assertEquals(xs[p * f + n], ys[p * f + n], 0, "unselected neurons are untouched");
                            }
                        }
                    }
                }
                assertTrue(replaced > 0, "some values were replaced (compat " + compat + ")");
            }
        }
    }

    @Test
    void seededRunsRepeatAndDifferentSeedsDiffer() {
        try (Transformer model = TinyModels.charLlama(4)) {
            int before = model.liveArrays();
            NeuronAdjust a = fitted(model, 30, false, 1);
            NeuronAdjust b = fitted(model, 30, false, 2);
            TokenBatch batch =
                    TokenBatch.rightPadded(List.of(new int[] {1, 25, 30, 35, 22, 21}, new int[] {1, 80, 81, 82}), 0);
            float[][][] plain = model.logits(batch);
            float[][][] a1;
            float[][][] a2;
            float[][][] b1;
            try (HookSession s = a.install(model)) {
                a1 = model.logits(batch);
            }
            for (int i = 0; i < 10; i++) { // a long loop of installs and passes
                try (HookSession s = a.install(model)) {
                    model.logits(batch);
                }
            }
            try (HookSession s = a.install(model)) {
                a2 = model.logits(batch);
            }
            try (HookSession s = b.install(model)) {
                b1 = model.logits(batch);
            }
            assertTrue(Arrays.deepEquals(a1, a2), "same seed, same outputs");
            assertFalse(Arrays.deepEquals(a1, b1), "another seed, other uniforms");
            assertFalse(Arrays.deepEquals(a1, plain), "the intervention changes the logits");
            assertTrue(Arrays.deepEquals(plain, model.logits(batch)), "closing the session restores the model");
            assertEquals(before, model.liveArrays());
            assertEquals(0, model.openHookSessions());
        }
    }
}
