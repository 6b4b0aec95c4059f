package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.testing.Diffs;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeuronStatsTest {

    /** Data with a large offset, where a naive sum-of-squares variance loses digits. */
    private static float[][] data(int n, int w, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                x[i][j] = (float) (1000 + j + (1 + j % 3) * nextGaussian(rng));
            }
        }
        return x;
    }

    static double nextGaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void equalsTwoPassComputationWithinOneInAMillion() {
        float[][] x = data(5000, 16, 1);
        NeuronStats s = NeuronStats.of(x, null);
        assertEquals(5000, s.count());
        for (int j = 0; j < 16; j++) {
            double mean = 0;
            for (float[] r : x) {
                mean += r[j];
            }
            mean /= x.length;
            double ss = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float[] r : x) {
                ss += (r[j] - mean) * (r[j] - mean);
                lo = Math.min(lo, r[j]);
                hi = Math.max(hi, r[j]);
            }
            assertTrue(Diffs.relErr(mean, s.mean(j)) < 1e-6, "mean " + j);
            assertTrue(Diffs.relErr(ss / x.length, s.variance()[j]) < 1e-6, "var " + j);
            assertTrue(Diffs.relErr(ss / (x.length - 1), s.sampleVariance()[j]) < 1e-6, "sample var " + j);
            assertEquals(lo, s.min()[j]);
            assertEquals(hi, s.max()[j]);
        }
    }

    @Test
    void mergedShardsEqualOnePass() {
        float[][] x = data(3001, 8, 2);
        NeuronStats whole = NeuronStats.of(x, new HistogramSpec(995, 1015, 20));
        NeuronStats a = NeuronStats.of(Arrays.copyOfRange(x, 0, 17), new HistogramSpec(995, 1015, 20));
        NeuronStats b = NeuronStats.of(Arrays.copyOfRange(x, 17, 2000), new HistogramSpec(995, 1015, 20));
        NeuronStats c = NeuronStats.of(Arrays.copyOfRange(x, 2000, 3001), new HistogramSpec(995, 1015, 20));
        NeuronStats merged = a.merge(b).merge(c);
        NeuronStats otherOrder = c.merge(a.merge(b));
        assertEquals(3001, merged.count());
        for (int j = 0; j < 8; j++) {
            assertTrue(Diffs.relErr(whole.mean(j), merged.mean(j)) < 1e-12);
            assertTrue(Diffs.relErr(whole.variance()[j], merged.variance()[j]) < 1e-9);
            assertTrue(Diffs.relErr(whole.variance()[j], otherOrder.variance()[j]) < 1e-9);
            assertEquals(whole.min()[j], merged.min()[j]);
            assertEquals(whole.max()[j], merged.max()[j]);
            assertArrayEquals(whole.histogram(j), merged.histogram(j));
            assertEquals(3001, Arrays.stream(merged.histogram(j)).sum());
        }
        // merging with nothing changes nothing
        assertEquals(whole, whole.merge(NeuronStats.empty(8, new HistogramSpec(995, 1015, 20))));
        assertThrows(IllegalArgumentException.class, () -> whole.merge(NeuronStats.empty(8, null)));
        assertThrows(
                IllegalArgumentException.class,
                () -> whole.merge(NeuronStats.empty(7, new HistogramSpec(995, 1015, 20))));
    }

    @Test
    void histogramSlotsCountUnderAndOverflow() {
        HistogramSpec h = new HistogramSpec(0, 1, 4);
        NeuronStats s = NeuronStats.of(new float[][] {{-0.5f}, {0f}, {0.24f}, {0.25f}, {0.99f}, {1f}, {7f}}, h);
        // under | [0,.25) x2 | [.25,.5) x1 | [.5,.75) 0 | [.75,1) x1 | over x2
        assertArrayEquals(new long[] {1, 2, 1, 0, 1, 2}, s.histogram(0));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSpec(1, 1, 4));
    }
}
