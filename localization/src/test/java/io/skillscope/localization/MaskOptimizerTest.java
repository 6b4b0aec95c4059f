package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.grafting.Mask;
import io.skillscope.grafting.ParamRegion;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskOptimizerTest {
    private static final String MLP = "model.layers.1.mlp.up_proj.weight";

    /** θ_pre = a random tiny Llama, θ_ft = θ_pre + N(0, 0.3²)-ish noise on every block tensor. */
    private static void pair(Transformer model, Map<String, float[]> pre, Map<String, float[]> ft) {
        SplittableRandom rng = new SplittableRandom(21);
        for (String n : model.parameters().names()) {
            if (ParamRegion.of(n) == ParamRegion.BLOCKS) {
                float[] a = model.parameters().get(n).toFloatArray();
                float[] b = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    b[i] = a[i] + (float) ((rng.nextDouble() - 0.5) * 0.6);
                }
                pre.put(n, a);
                ft.put(n, b);
            }
        }
    }

    private static List<Sequence> batch() {
        List<Sequence> out = new ArrayList<>();
        for (TaskData.Item it : Toy.task(14, 16, 0, 4, 3).train()) {
            out.add(it.sequence());
        }
        return out;
    }

    @Test
    void gradientOfSMatchesFiniteDifferencesForBothParametrizations() {
        for (MaskMethod method : MaskMethod.values()) {
            try (Transformer model = Transformer.random(Toy.config(), 3, Device.cpu())) {
                Map<String, float[]> pre = new LinkedHashMap<>();
                Map<String, float[]> ft = new LinkedHashMap<>();
                pair(model, pre, ft);
                LocalizationSettings s = LocalizationSettings.of(0.05)
                        .withMethod(method)
                        .withL1(0)
                        .withProgress(false);
                MaskOptimizer opt = new MaskOptimizer(model, pre, ft, s, Toy.PAD);
                // move one tensor's S to where σ' is large, so the soft graft really depends on it
                double centre = method == MaskMethod.GRAFTING ? 10 : 0;
                SplittableRandom rng = new SplittableRandom(5);
                int n = opt.s(MLP).length;
                for (int i = 0; i < n; i++) {
                    opt.setS(MLP, i, (float) (centre + (rng.nextDouble() - 0.5) * 4));
                }
                List<Sequence> batch = batch();
                float[] analytic = opt.gradient(List.of(batch)).dS().get(MLP);
                int[] top = topAbs(analytic, 5);
                float eps = 0.05f;
                double worst = 0;
                for (int i : top) {
                    float s0 = opt.s(MLP)[i];
                    opt.setS(MLP, i, s0 + eps);
                    double up = opt.softLoss(batch);
                    opt.setS(MLP, i, s0 - eps);
                    double down = opt.softLoss(batch);
                    opt.setS(MLP, i, s0);
                    double fd = (up - down) / (2 * eps);
                    worst = Math.max(worst, Math.abs(fd - analytic[i]) / Math.abs(analytic[i]));
                    assertEquals(
                            analytic[i],
                            fd,
                            0.05 * Math.abs(analytic[i]) + 2e-5,
                            method + " entry " + i + ": analytic " + analytic[i] + " vs finite difference " + fd);
                }
                assertTrue(Math.abs(analytic[top[0]]) > 1e-3, "gradient too small to test: " + analytic[top[0]]);
                System.out.printf(
                        "%s: |dL/dS| up to %.3g, worst relative error vs finite differences %.2e%n",
                        method, Math.abs(analytic[top[0]]), worst);
            }
        }
    }

    private static int[] topAbs(float[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(Math.abs(v[b]), Math.abs(v[a])));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    @Test
    void oneStepMovesSByMinusEtaTimesTheGradientAndKeepsLiveArraysFlat() {
        try (Transformer model = Transformer.random(Toy.config(), 3, Device.cpu())) {
            Map<String, float[]> pre = new LinkedHashMap<>();
            Map<String, float[]> ft = new LinkedHashMap<>();
            pair(model, pre, ft);
            LocalizationSettings s =
                    LocalizationSettings.of(0.05).withLearningRate(1e6).withProgress(false);
            MaskOptimizer opt = new MaskOptimizer(model, pre, ft, s, Toy.PAD);
            List<Sequence> batch = batch();
            float[] before = opt.s(MLP);
            float[] grad = opt.gradient(List.of(batch)).dS().get(MLP);
            opt.step(List.of(batch));
            float[] after = opt.s(MLP);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i] - (float) 1e6 * grad[i], after[i], 0f, "entry " + i);
            }
            int live = model.liveArrays();
            for (int i = 0; i < 20; i++) {
                opt.step(List.of(batch, batch));
                opt.binary();
            }
            assertEquals(live, model.liveArrays());
        }
    }

    @Test
    void basePatchIsExactlyTheGlobalTopKOfAbsDelta() {
        Map<String, float[]> delta = new LinkedHashMap<>();
        delta.put("a", new float[] {0.5f, -3f, 0.1f});
        delta.put("b", new float[] {2f, -0.05f, 3f, 0.7f});
        Map<String, BitSet> top3 = MaskOptimizer.topK(delta, 3); // |Δ| 3 (a1), 3 (b2), 2 (b0)
        assertEquals(bits(1), top3.get("a"));
        assertEquals(bits(0, 2), top3.get("b"));
        Map<String, BitSet> top1 = MaskOptimizer.topK(delta, 1); // a tie at 3: tensor order decides
        assertEquals(bits(1), top1.get("a"));
        assertEquals(bits(), top1.get("b"));
        Map<String, BitSet> top5 = MaskOptimizer.topK(delta, 5); // + 0.7 (b3), 0.5 (a0)
        assertEquals(bits(0, 1), top5.get("a"));
        assertEquals(bits(0, 2, 3), top5.get("b"));
        // with θ_pre ≠ 0 it is |θ_ft − θ_pre| that counts
        Map<String, float[]> pre = Map.of("w", new float[] {10, -1, 4});
        Map<String, float[]> ft = Map.of("w", new float[] {10.5f, 1, 3.9f});
        assertEquals(bits(1), MaskOptimizer.topK(pre, ft, 1).get("w"));
    }

    @Test
    void binaryMaskIsBasePatchXorSAboveBias() {
        try (Transformer model = Transformer.random(Toy.config(), 3, Device.cpu())) {
            Map<String, float[]> pre = new LinkedHashMap<>();
            Map<String, float[]> ft = new LinkedHashMap<>();
            pair(model, pre, ft);
            MaskOptimizer opt = new MaskOptimizer(
                    model, pre, ft, LocalizationSettings.of(0.01).withProgress(false), Toy.PAD);
            Mask base = opt.baseMask();
            assertEquals(opt.k(), base.cardinality());
            assertEquals(Math.round(0.01 * opt.included()), opt.k());
            assertEquals(base, opt.binary()); // S ∈ [0, 1) < b: nothing flipped
            BitSet sel = base.selected(MLP);
            int in = sel.nextSetBit(0);
            int out = sel.nextClearBit(0);
            opt.setS(MLP, in, 10.5f); // S > b inside the base patch: removed
            opt.setS(MLP, out, 11f); // S > b outside: added
            opt.setS(MLP, out + 1 == in ? out + 2 : out + 1, 10f); // S = b: not flipped
            Mask m = opt.binary();
            BitSet expected = (BitSet) sel.clone();
            expected.flip(in);
            expected.flip(out);
            assertEquals(expected, m.selected(MLP));
            assertEquals(base.cardinality(), m.cardinality());
        }
    }

    private static BitSet bits(int... idx) {
        BitSet b = new BitSet();
        for (int i : idx) {
            b.set(i);
        }
        return b;
    }
}
