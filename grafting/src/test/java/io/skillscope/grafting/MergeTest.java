package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.testing.TinyCheckpoints;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeTest {
    @TempDir
    Path tmp;

    private float[] merged(Map<String, float[]> pre, List<Map<String, float[]>> models, MergeConfig cfg) {
        Path p = TinyCheckpoints.write(tmp.resolve("pre"), pre);
        TensorSource[] srcs = new TensorSource[models.size()];
        for (int i = 0; i < srcs.length; i++) {
            srcs[i] = TensorSource.open(TinyCheckpoints.write(tmp.resolve("m" + i), models.get(i)));
        }
        try (TensorSource ps = TensorSource.open(p)) {
            Merger.merge(ps, List.of(srcs), cfg, tmp.resolve("out"));
        } finally {
            for (TensorSource s : srcs) {
                s.close();
            }
        }
        return TinyCheckpoints.read(tmp.resolve("out"), "w");
    }

    @Test
    void taskArithmeticOfOneVectorAtLambdaOneIsTheFinetunedModelExactly() {
        SplittableRandom rng = new SplittableRandom(4);
        float[] pre = TinyCheckpoints.random(rng, 5000, 2.0);
        float[] ft = TinyCheckpoints.plus(pre, TinyCheckpoints.random(rng, 5000, 0.37));
        float[] pre2 = TinyCheckpoints.random(rng, 77, 1e-3);
        float[] ft2 = TinyCheckpoints.plus(pre2, TinyCheckpoints.random(rng, 77, 50)); // large relative updates too
        Path p = TinyCheckpoints.write(tmp.resolve("p"), Map.of("w", pre, "v", pre2));
        Path f = TinyCheckpoints.write(tmp.resolve("f"), Map.of("w", ft, "v", ft2));
        try (TensorSource ps = TensorSource.open(p);
                TensorSource fs = TensorSource.open(f)) {
            Merger.merge(ps, List.of(fs), MergeConfig.taskArithmetic(1.0), tmp.resolve("ta"));
            Merger.merge(ps, List.of(fs), MergeConfig.ties(1.0, 1.0), tmp.resolve("ties"));
            try (TensorSource ta = TensorSource.open(tmp.resolve("ta"));
                    TensorSource ties = TensorSource.open(tmp.resolve("ties"))) {
                assertEquals(Hashing.sha256(fs), Hashing.sha256(ta));
                assertEquals(Hashing.sha256(fs), Hashing.sha256(ties));
            }
        }
    }

    @Test
    void taskArithmeticWithWeightsMatchesHandComputation() {
        // τ1 = [1, 0, -1], τ2 = [0, 2, 0]; Σ w τ with w = (1, 0.5) = [1, 1, -1]; θ = 1 + 2·[1, 1, -1]
        float[] out = merged(
                Map.of("w", new float[] {1, 1, 1}),
                List.of(Map.of("w", new float[] {2, 1, 0}), Map.of("w", new float[] {1, 3, 1})),
                MergeConfig.taskArithmetic(2.0, 1.0, 0.5));
        assertArrayEquals(new float[] {3, 3, -1}, out, 0f);
    }

    @Test
    void tiesMatchesHandComputation() {
        // density 0.5 keeps 2 of 4 per model:
        // τ̂1 = [0.5, 0, 0, 0.9], τ̂2 = [0, -0.6, 0, 0.8], τ̂3 = [0, 0.5, -0.7, 0]
        // Σ τ̂ = [0.5, -0.1, -0.7, 1.7] → signs [+, -, -, +]
        // disjoint means: [0.5, -0.6, -0.7, (0.9 + 0.8) / 2 = 0.85]; θ_pre = 0, λ = 1
        float[] out = merged(
                Map.of("w", new float[4]),
                List.of(
                        Map.of("w", new float[] {0.5f, -0.4f, 0.1f, 0.9f}),
                        Map.of("w", new float[] {-0.2f, -0.6f, 0.3f, 0.8f}),
                        Map.of("w", new float[] {0.3f, 0.5f, -0.7f, 0.05f})),
                MergeConfig.ties(0.5, 1.0));
        assertArrayEquals(new float[] {0.5f, -0.6f, -0.7f, 0.85f}, out, 1e-6f);
    }

    @Test
    void trimKeepsExactlyKAndBreaksTiesByIndex() {
        assertArrayEquals(new double[] {1, -1, 0, 0}, MergeMath.trim(new double[] {1, -1, 1, 0.5}, 0.5));
        assertArrayEquals(new double[] {0, -3, 0, 0, 2}, MergeMath.trim(new double[] {1, -3, 0.5, -1.5, 2}, 0.4));
        assertEquals(7.0, MergeMath.kthLargest(new double[] {3, 9, 7, 1, 7}, 2));
    }

    @Test
    void dareDropAndRescaleMatchesHandComputation() {
        BitSet kept = new BitSet();
        kept.set(0);
        kept.set(2);
        assertArrayEquals(
                new double[] {0.4, 0, 1.2, 0},
                MergeMath.dropAndRescale(new double[] {0.2, -0.4, 0.6, 0.8}, kept, 0.5),
                1e-12);
        // DARE then TIES with the same kept pattern and a second vector [0, 1, -2, 0.1] kept {1, 2} at d = 0.5:
        // rescaled [0.4, 0, 1.2, 0] and [0, 2, -4, 0]; density 1; Σ = [0.4, 2, -2.8, 0] → [+, +, -, 0]
        // disjoint mean = [0.4, 2, -4, 0]
        BitSet kept2 = new BitSet();
        kept2.set(1);
        kept2.set(2);
        double[][] taus = {
            MergeMath.dropAndRescale(new double[] {0.2, -0.4, 0.6, 0.8}, kept, 0.5),
            MergeMath.dropAndRescale(new double[] {0, 1, -2, 0.1}, kept2, 0.5)
        };
        assertArrayEquals(new double[] {0.4, 2, -4, 0}, MergeMath.ties(taus, 1.0), 1e-12);
    }

    @Test
    void dareKeepPatternIsSeededAndKeepsTheRequestedShare() {
        BitSet a = MergeMath.dareKeep(7, 0, "w", 100_000, 0.3);
        assertEquals(a, MergeMath.dareKeep(7, 0, "w", 100_000, 0.3));
        assertNotEquals(a, MergeMath.dareKeep(7, 1, "w", 100_000, 0.3));
        assertNotEquals(a, MergeMath.dareKeep(8, 0, "w", 100_000, 0.3));
        assertEquals(0.3, a.cardinality() / 100_000.0, 0.005);
    }

    @Test
    void dareMergeUsesTheSeededPattern() {
        float[] pre = {0, 0, 0, 0, 0, 0, 0, 0};
        float[] ft = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] out = merged(Map.of("w", pre), List.of(Map.of("w", ft)), MergeConfig.dare(0.5, 11, 1.0));
        BitSet kept = MergeMath.dareKeep(11, 0, "w", 8, 0.5);
        for (int i = 0; i < 8; i++) {
            assertEquals(kept.get(i) ? 2 * ft[i] : 0, out[i], 0f, "entry " + i);
        }
        assertEquals(List.of(1.0), MergeConfig.taskArithmetic(1.0, 1.0).weights());
    }

    /** The array reference the streamed merge replaced: task vectors as double arrays, then MergeMath. */
    static float[] reference(float[] pre, List<float[]> models, MergeConfig c, String name) {
        int n = pre.length;
        double[][] taus = new double[models.size()][n];
        for (int t = 0; t < taus.length; t++) {
            for (int i = 0; i < n; i++) {
                taus[t][i] = c.weight(t) * ((double) models.get(t)[i] - pre[i]);
            }
            if (c.method() == MergeMethod.DARE_SUM || c.method() == MergeMethod.DARE_TIES) {
                MergeMath.dropAndRescale(taus[t], MergeMath.dareKeep(c.seed(), t, name, n, c.keep()), c.keep());
            }
        }
        double[] merged = new double[n];
        if (c.method() == MergeMethod.TIES || c.method() == MergeMethod.DARE_TIES) {
            merged = MergeMath.ties(taus, c.density());
        } else {
            for (double[] tau : taus) {
                for (int i = 0; i < n; i++) {
                    merged[i] += tau[i];
                }
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (pre[i] + c.lambda() * merged[i]);
        }
        return out;
    }

    @Test
    void streamedMergeIsBitForBitTheArrayReferenceWithTiesAtTheTrimThreshold() {
        SplittableRandom rng = new SplittableRandom(12);
        int n = 20_011;
        float[] pre = TinyCheckpoints.random(rng, n, 1.0);
        List<float[]> models = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            float[] ft = TinyCheckpoints.plus(pre, TinyCheckpoints.random(rng, n, 0.05));
            for (int i = t; i < n; i += 7) {
                ft[i] = pre[i] + 0.25f; // many equal |τ| at the threshold, and exact zeros below
            }
            for (int i = t + 3; i < n; i += 5) {
                ft[i] = pre[i];
            }
            models.add(ft);
        }
        List<MergeConfig> configs = List.of(
                MergeConfig.taskArithmetic(0.7, 1.0, 0.5, 2.0),
                MergeConfig.ties(0.2, 1.0),
                MergeConfig.ties(0.9, 0.5),
                MergeConfig.dare(0.3, 5, 1.0),
                MergeConfig.dareTies(0.5, 0.1, 9, 1.0));
        for (int c = 0; c < configs.size(); c++) {
            MergeConfig cfg = configs.get(c);
            Path dir = tmp.resolve("case" + c);
            Path p = TinyCheckpoints.write(dir.resolve("pre"), Map.of("w", pre));
            TensorSource[] srcs = new TensorSource[models.size()];
            for (int i = 0; i < srcs.length; i++) {
                srcs[i] = TensorSource.open(TinyCheckpoints.write(dir.resolve("m" + i), Map.of("w", models.get(i))));
            }
            try (TensorSource ps = TensorSource.open(p)) {
                Merger.merge(ps, List.of(srcs), cfg, dir.resolve("out"));
            } finally {
                for (TensorSource s : srcs) {
                    s.close();
                }
            }
            float[] got = TinyCheckpoints.read(dir.resolve("out"), "w");
            float[] want = reference(pre, models, cfg, "w");
            for (int i = 0; i < n; i++) {
                assertEquals(
                        Float.floatToIntBits(want[i]),
                        Float.floatToIntBits(got[i]),
                        cfg.method() + " entry " + i + ": " + want[i] + " vs " + got[i]);
            }
        }
    }

    @Test
    void radixSelectionFindsTheQuickselectValue() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] v = new double[5001];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 11 == 0
                    ? 0.125
                    : i % 13 == 0 ? -0.0 : (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-8, 8));
        }
        for (int k : new int[] {1, 2, 17, 500, 2500, 4999, 5000, 5001}) {
            double[] abs = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                abs[i] = Math.abs(v[i]);
            }
            assertEquals(MergeMath.kthLargest(abs, k), MergeMath.kthLargestAbs(i -> v[i], v.length, k), "k=" + k);
        }
    }
}
