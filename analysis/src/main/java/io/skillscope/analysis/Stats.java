package io.skillscope.analysis;

import java.util.Arrays;
import java.util.Objects;

/**
 * Summary statistics of {@code double[]} and {@code float[]} samples: median, quantiles, mean and
 * sample standard deviation.
 *
 * <p>NaN policy: NaN entries are skipped (a zero update has an undefined cosine, and one such tensor
 * should not void a layer's median); {@link Summary#nanCount()} says how many were skipped. A sample
 * with no finite-or-infinite values left gives NaN statistics. Inputs are never modified.
 */
public final class Stats {
    private Stats() {}

    /** Median of the non-NaN values (mean of the two middle values for an even count); NaN if none. */
    public static double median(double[] x) {
        return quantile(x, 0.5);
    }

    /** Median of the non-NaN values; see {@link #median(double[])}. */
    public static double median(float[] x) {
        return median(toDouble(x));
    }

    /**
     * The q-quantile of the non-NaN values with linear interpolation between order statistics
     * (Hyndman–Fan type 7, numpy's default): position h = (n − 1)q, value x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
     *
     * @throws IllegalArgumentException if q is outside [0, 1]
     */
    public static double quantile(double[] x, double q) {
        return quantiles(x, q)[0];
    }

    /** The q-quantile of a {@code float[]}; see {@link #quantile(double[], double)}. */
    public static double quantile(float[] x, double q) {
        return quantile(toDouble(x), q);
    }

    /** Several quantiles at once (one sort); see {@link #quantile(double[], double)}. */
    public static double[] quantiles(double[] x, double... qs) {
        Objects.requireNonNull(x, "x");
        for (double q : qs) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
            }
        }
        double[] s = sortedNonNaN(x);
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = sortedQuantile(s, qs[i]);
        }
        return out;
    }

    /** Arithmetic mean of the non-NaN values; NaN if none. */
    public static double mean(double[] x) {
        Objects.requireNonNull(x, "x");
        double sum = 0;
        int n = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Arithmetic mean of a {@code float[]}, accumulated in double. */
    public static double mean(float[] x) {
        return mean(toDouble(x));
    }

    /** Sample standard deviation (ddof 1) of the non-NaN values: √(Σ(x − x̄)² / (n − 1)); NaN if n &lt; 2. */
    public static double sd(double[] x) {
        double m = mean(x);
        double ss = 0;
        int n = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                ss += (v - m) * (v - m);
                n++;
            }
        }
        return n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
    }

    /** Sample standard deviation of a {@code float[]}; see {@link #sd(double[])}. */
    public static double sd(float[] x) {
        return sd(toDouble(x));
    }

    /** Count, mean ± sd, min, quartiles and max in one record. */
    public static Summary summary(double[] x) {
        Objects.requireNonNull(x, "x");
        double[] s = sortedNonNaN(x);
        int nan = x.length - s.length;
        if (s.length == 0) {
            return new Summary(
                    0, nan, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(
                s.length,
                nan,
                mean(s),
                sd(s),
                s[0],
                sortedQuantile(s, 0.25),
                sortedQuantile(s, 0.5),
                sortedQuantile(s, 0.75),
                s[s.length - 1]);
    }

    /** Summary of a {@code float[]}; see {@link #summary(double[])}. */
    public static Summary summary(float[] x) {
        return summary(toDouble(x));
    }

    /** Widens a {@code float[]} to a new {@code double[]}. */
    public static double[] toDouble(float[] x) {
        Objects.requireNonNull(x, "x");
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static double[] sortedNonNaN(double[] x) {
        double[] s = Arrays.stream(x).filter(v -> !Double.isNaN(v)).toArray();
        Arrays.sort(s);
        return s;
    }

    private static double sortedQuantile(double[] s, double q) {
        if (s.length == 0) {
            return Double.NaN;
        }
        double h = (s.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, s.length - 1);
        double frac = h - lo;
        return frac == 0 ? s[lo] : s[lo] + frac * (s[hi] - s[lo]);
    }

    /**
     * Summary of a sample: count of non-NaN values, NaNs skipped, mean ± sample sd, min, quartiles, max.
     *
     * @param n        values used (non-NaN)
     * @param nanCount NaN values skipped
     */
    public record Summary(
            int n,
            int nanCount,
            double mean,
            double sd,
            double min,
            double q25,
            double median,
            double q75,
            double max) {
        /** Validates the counts. */
        public Summary {
            if (n < 0 || nanCount < 0) {
                throw new IllegalArgumentException("counts must be >= 0, got n=" + n + ", nanCount=" + nanCount);
            }
        }

        /** {@code "0.0123 ± 0.0045 (n=24, median 0.0110, range [0.0010, 0.0300])"}. */
        @Override
        public String toString() {
            String s = String.format(
                    java.util.Locale.ROOT,
                    "%.4g ± %.4g (n=%d, median %.4g, range [%.4g, %.4g])",
                    mean,
                    sd,
                    n,
                    median,
                    min,
                    max);
            return nanCount == 0 ? s : s + ", " + nanCount + " NaN skipped";
        }
    }
}
