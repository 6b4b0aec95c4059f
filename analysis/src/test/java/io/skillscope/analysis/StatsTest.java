package io.skillscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianAndQuantilesInterpolateLinearly() {
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}), 1e-12);
        assertEquals(3.0, Stats.median(new float[] {5, 1, 3}), 1e-12);
        // sorted {1,2,3,4}: h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1) = 1.75
        assertEquals(1.75, Stats.quantile(new double[] {4, 1, 3, 2}, 0.25), 1e-12);
        assertArrayEquals(new double[] {1, 4}, Stats.quantiles(new double[] {4, 1, 3, 2}, 0, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.quantile(new double[] {1}, 1.5));
    }

    @Test
    void meanAndSampleSd() {
        // {2,4,4,4,5,5,7,9}: mean 5, Σ(x−5)² = 32, sd = √(32/7)
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5.0, Stats.mean(x), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), Stats.sd(x), 1e-12);
        assertTrue(Double.isNaN(Stats.sd(new double[] {1})));
    }

    @Test
    void summarySkipsNaN() {
        Stats.Summary s = Stats.summary(new double[] {1, Double.NaN, 3});
        assertEquals(2, s.n());
        assertEquals(1, s.nanCount());
        assertEquals(2.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2), s.sd(), 1e-12);
        assertEquals(2.0, s.median(), 1e-12);
        assertEquals(1.0, s.min(), 0);
        assertEquals(3.0, s.max(), 0);
        assertTrue(s.toString().startsWith("2.000 ± 1.414 (n=2"), s.toString());
        assertTrue(Double.isNaN(Stats.summary(new double[0]).mean()));
    }
}
