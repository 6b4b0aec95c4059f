package io.skillscope.unlearning;

import java.util.Arrays;

/**
 * How wide a Key Space Detection cube is and how far the forget keys stand from zero and from the retain
 * keys, per dimension, from plain means and standard deviations (no native memory).
 *
 * <p>For forget keys (μ_f, σ_f) and retain keys (μ_r, σ_r) of the same activation, over the dimensions with
 * σ_f &gt; 0 (the cube's dimensions, {@link KeySpaceCube}):
 * <pre>
 *   offset_f,i = |μ_f,i| / σ_f,i        how many forget σ the forget mean stands from 0
 *   offset_r,i = |μ_r,i| / σ_r,i        the same for the retain keys (dimensions with σ_r,i &gt; 0)
 *   gap_i      = |μ_f,i − μ_r,i| / σ_f,i  how many forget σ the retain mean stands from the forget mean
 * </pre>
 * The cube μ_f ± h·k_max·σ_f holds the origin iff h ≥ max_i offset_f,i / k_max, and the retain mean iff
 * h ≥ max_i gap_i / k_max; a dimension with gap_i &gt; h·k_max keeps the retain mean out.
 *
 * @param offsetForget distribution of |μ_f|/σ_f
 * @param offsetRetain distribution of |μ_r|/σ_r
 * @param gap distribution of |μ_f − μ_r|/σ_f
 * @param sigmaRatio distribution of σ_f/σ_r (a box narrower than the retain spread has ratios below 1)
 */
public record KeySpaceStats(
        Distribution offsetForget, Distribution offsetRetain, Distribution gap, Distribution sigmaRatio) {

    /**
     * Quantiles of a per-dimension quantity and how many dimensions exceed 1 and 3.
     *
     * @param dims dimensions counted
     * @param q10 10th percentile
     * @param median 50th percentile
     * @param q90 90th percentile
     * @param q99 99th percentile
     * @param max the largest
     * @param over1 dimensions above 1
     * @param over3 dimensions above 3
     */
    public record Distribution(
            int dims, double q10, double median, double q90, double q99, double max, int over1, int over3) {
        /**
         * Of the given values (NaN entries skipped); quantiles by linear interpolation between order statistics
         * (numpy's default).
         */
        public static Distribution of(double[] values) {
            double[] v =
                    Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) {
                return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
            }
            int over1 = 0;
            int over3 = 0;
            for (double x : v) {
                over1 += x > 1 ? 1 : 0;
                over3 += x > 3 ? 1 : 0;
            }
            return new Distribution(
                    v.length,
                    quantile(v, 0.10),
                    quantile(v, 0.5),
                    quantile(v, 0.9),
                    quantile(v, 0.99),
                    v[v.length - 1],
                    over1,
                    over3);
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "q10 %.3f, median %.3f, q90 %.3f, q99 %.3f, max %.3f; > 1: %d, > 3: %d of %d",
                    q10,
                    median,
                    q90,
                    q99,
                    max,
                    over1,
                    over3,
                    dims);
        }
    }

    /** The q-quantile (0 ≤ q ≤ 1) of sorted values, linear between order statistics. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The statistics over the dimensions with σ_f &gt; 0. */
    public static KeySpaceStats of(double[] muForget, double[] sigmaForget, double[] muRetain, double[] sigmaRetain) {
        int n = muForget.length;
        if (sigmaForget.length != n || muRetain.length != n || sigmaRetain.length != n) {
            throw new IllegalArgumentException("KeySpaceStats: μ_f has " + n + " dimensions but σ_f, μ_r, σ_r have "
                    + sigmaForget.length + ", " + muRetain.length + ", " + sigmaRetain.length);
        }
        double[] of = new double[n];
        double[] or = new double[n];
        double[] gap = new double[n];
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            boolean inCube = sigmaForget[i] > 0;
            of[i] = inCube ? Math.abs(muForget[i]) / sigmaForget[i] : Double.NaN;
            or[i] = inCube && sigmaRetain[i] > 0 ? Math.abs(muRetain[i]) / sigmaRetain[i] : Double.NaN;
            gap[i] = inCube ? Math.abs(muForget[i] - muRetain[i]) / sigmaForget[i] : Double.NaN;
            ratio[i] = inCube && sigmaRetain[i] > 0 ? sigmaForget[i] / sigmaRetain[i] : Double.NaN;
        }
        return new KeySpaceStats(
                Distribution.of(of), Distribution.of(or), Distribution.of(gap), Distribution.of(ratio));
    }
}
