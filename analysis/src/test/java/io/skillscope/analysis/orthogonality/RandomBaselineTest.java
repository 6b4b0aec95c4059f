package io.skillscope.analysis.orthogonality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.Stats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomBaselineTest {
    @Test
    void meanAbsCosineMatchesSqrtTwoOverPiN() {
        int n = 10_000;
        int draws = 400;
        double expected = Math.sqrt(2 / (Math.PI * n)); // 0.0079788
        assertEquals(0.0079788, RandomBaseline.expectedAbsCosine(n), 1e-7);

        float[] fixed = new float[n];
        for (int i = 0; i < n; i++) {
            fixed[i] = (i % 3) - 1; // a fixed non-random direction
        }
        Map<String, ShapedArray> like = new LinkedHashMap<>();
        for (int t = 0; t < draws; t++) {
            like.put("t" + t, ShapedArray.vector(fixed));
        }
        WeightUpdate random = RandomBaseline.like(WeightUpdate.of(like), 42);
        double[] abs = new double[draws];
        for (int t = 0; t < draws; t++) {
            abs[t] = Math.abs(Cosine.of(fixed, random.get("t" + t).values()));
        }
        // |cos|·√n is half-normal: sd of one draw ≈ 0.6/√n, of the mean of 400 ≈ 0.6/(√n·20) ≈ 3.0e-4,
        // so a ±10% band (±8.0e-4) is about ±2.7 standard errors.
        double mean = Stats.mean(abs);
        assertTrue(Math.abs(mean - expected) < 0.1 * expected, "mean |cos| " + mean + " vs " + expected);
        // and the standard deviation of cos itself is 1/√n = 0.01
        assertTrue(Math.abs(Math.sqrt(Stats.mean(square(abs))) - 0.01) < 0.001);
    }

    @Test
    void seededAndShapePreserving() {
        WeightUpdate u = WeightUpdate.of(Map.of("w", ShapedArray.matrix(2, 3, new float[6])));
        WeightUpdate r1 = RandomBaseline.like(u, 7);
        WeightUpdate r2 = RandomBaseline.like(u, 7);
        assertArrayEquals(new int[] {2, 3}, r1.get("w").shape());
        assertArrayEquals(r1.get("w").values(), r2.get("w").values());
    }

    private static double[] square(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * x[i];
        }
        return y;
    }

    @Test
    void aNormMatchedVectorHasEveryTensorsNormAndARandomDirection() {
        Map<String, ShapedArray> like = new LinkedHashMap<>();
        like.put("a", RandomBaseline.gaussian(new int[] {40, 50}, 1));
        float[] scaled = RandomBaseline.gaussian(new int[] {300}, 2).values().clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1e-3f;
        }
        like.put("b", ShapedArray.vector(scaled));
        like.put("zero", ShapedArray.vector(new float[7]));
        WeightUpdate v = WeightUpdate.of(like);
        WeightUpdate r = RandomBaseline.normMatched(v, 5);
        assertEquals(v.get("a").norm(), r.get("a").norm(), 1e-4 * v.get("a").norm());
        assertEquals(v.get("b").norm(), r.get("b").norm(), 1e-4 * v.get("b").norm());
        assertEquals(0.0, r.get("zero").norm());
        // a random direction: |cos| with v about √(2/(π n)) = 0.016 for n = 2,000, never near 1
        assertTrue(Math.abs(Cosine.of(v.get("a"), r.get("a"))) < 0.08);
        // another seed, another direction of the same norm
        WeightUpdate r2 = RandomBaseline.normMatched(v, 6);
        assertTrue(Math.abs(Cosine.of(r.get("a"), r2.get("a"))) < 0.08);
        assertEquals(r.get("a").norm(), r2.get("a").norm(), 1e-3);
    }
}
