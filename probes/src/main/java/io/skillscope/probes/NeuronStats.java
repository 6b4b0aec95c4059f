package io.skillscope.probes;

import java.util.Arrays;

/**
 * Per-neuron statistics of one hook point over the selected positions of a dataset: count, mean,
 * variance, minimum, maximum, and optionally a fixed-range histogram. Immutable; {@link #merge}
 * combines two sets of statistics exactly (Chan, Golub and LeVeque 1979):
 *
 * <pre>
 *   n = n_a + n_b,  δ = μ_b − μ_a,  μ = μ_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n
 * </pre>
 *
 * so shards computed apart give the one-pass result (up to float64 rounding). Every neuron of a hook
 * sees the same positions, so the count is one number. Arrays returned are copies.
 */
public final class NeuronStats {
    private final int width;
    private final long count;
    private final double[] mean;
    private final double[] m2;
    private final double[] min;
    private final double[] max;
    private final HistogramSpec histogram; // null when off
    private final long[] hist; // [width * slots], null when off

    NeuronStats(
            int width,
            long count,
            double[] mean,
            double[] m2,
            double[] min,
            double[] max,
            HistogramSpec histogram,
            long[] hist) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        for (double[] a : new double[][] {mean, m2, min, max}) {
            if (a.length != width) {
                throw new IllegalArgumentException("statistic arrays must have length " + width + ", got " + a.length);
            }
        }
        if ((histogram == null) != (hist == null)
                || (hist != null && hist.length != (long) width * histogram.slots())) {
            throw new IllegalArgumentException("histogram counts do not match the histogram spec " + histogram);
        }
        this.width = width;
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.min = min;
        this.max = max;
        this.histogram = histogram;
        this.hist = hist;
    }

    /** No observations yet: mean 0, min +∞, max −∞. */
    public static NeuronStats empty(int width, HistogramSpec histogram) {
        double[] lo = new double[width];
        double[] hi = new double[width];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        return new NeuronStats(
                width,
                0,
                new double[width],
                new double[width],
                lo,
                hi,
                histogram,
                histogram == null ? null : new long[width * histogram.slots()]);
    }

    /**
     * Statistics restored from stored arrays (as {@link ProbeResult#load} does); the arrays are copied.
     *
     * @param hist counts {@code [width × (bins + 2)]} or null when {@code histogram} is null
     */
    public static NeuronStats of(
            long count, double[] mean, double[] m2, double[] min, double[] max, HistogramSpec histogram, long[] hist) {
        return new NeuronStats(
                mean.length,
                count,
                mean.clone(),
                m2.clone(),
                min.clone(),
                max.clone(),
                histogram,
                hist == null ? null : hist.clone());
    }

    /** One-pass Welford statistics of host vectors {@code [n][width]} (a reference and a convenience). */
    public static NeuronStats of(float[][] vectors, HistogramSpec histogram) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("no vectors");
        }
        NeuronStats s = empty(vectors[0].length, histogram);
        long n = 0;
        for (float[] v : vectors) {
            if (v.length != s.width) {
                throw new IllegalArgumentException("vector of length " + v.length + ", expected " + s.width);
            }
            n++;
            for (int i = 0; i < s.width; i++) {
                double x = v[i];
                double d = x - s.mean[i];
                s.mean[i] += d / n;
                s.m2[i] += d * (x - s.mean[i]);
                s.min[i] = Math.min(s.min[i], x);
                s.max[i] = Math.max(s.max[i], x);
                if (s.hist != null) {
                    s.hist[i * histogram.slots() + histogram.slot(x)]++;
                }
            }
        }
        return new NeuronStats(s.width, n, s.mean, s.m2, s.min, s.max, histogram, s.hist);
    }

    /**
     * The exact combination of two sets of statistics of the same hook (Chan et al.).
     *
     * @throws IllegalArgumentException if widths or histogram specs differ
     */
    public NeuronStats merge(NeuronStats o) {
        if (o.width != width) {
            throw new IllegalArgumentException("cannot merge statistics of width " + width + " and " + o.width);
        }
        if (!java.util.Objects.equals(histogram, o.histogram)) {
            throw new IllegalArgumentException("cannot merge histograms " + histogram + " and " + o.histogram);
        }
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            return o;
        }
        long n = count + o.count;
        double[] mu = new double[width];
        double[] s2 = new double[width];
        double[] lo = new double[width];
        double[] hi = new double[width];
        double wb = (double) o.count / n;
        double cross = (double) count * o.count / n;
        for (int i = 0; i < width; i++) {
            double delta = o.mean[i] - mean[i];
            mu[i] = mean[i] + delta * wb;
            s2[i] = m2[i] + o.m2[i] + delta * delta * cross;
            lo[i] = Math.min(min[i], o.min[i]);
            hi[i] = Math.max(max[i], o.max[i]);
        }
        long[] h = null;
        if (hist != null) {
            h = hist.clone();
            for (int i = 0; i < h.length; i++) {
                h[i] += o.hist[i];
            }
        }
        return new NeuronStats(width, n, mu, s2, lo, hi, histogram, h);
    }

    /** Number of neurons. */
    public int width() {
        return width;
    }

    /** Number of observations (selected positions) per neuron. */
    public long count() {
        return count;
    }

    /** Per-neuron mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** Mean of one neuron. */
    public double mean(int i) {
        return mean[i];
    }

    /** Per-neuron sum of squared deviations from the mean (M2). */
    public double[] m2() {
        return m2.clone();
    }

    /** Population variance M2 / n (ddof 0); NaN without observations. */
    public double[] variance() {
        return variance(0);
    }

    /** Sample variance M2 / (n − 1) (ddof 1); NaN with fewer than two observations. */
    public double[] sampleVariance() {
        return variance(1);
    }

    private double[] variance(int ddof) {
        double[] v = new double[width];
        double denom = count - ddof;
        for (int i = 0; i < width; i++) {
            v[i] = denom > 0 ? m2[i] / denom : Double.NaN;
        }
        return v;
    }

    /** Population standard deviation (ddof 0). */
    public double[] std() {
        return sqrt(variance());
    }

    /** Sample standard deviation (ddof 1). */
    public double[] sampleStd() {
        return sqrt(sampleVariance());
    }

    private static double[] sqrt(double[] v) {
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = Math.sqrt(v[i]);
        }
        return s;
    }

    /** Per-neuron minimum (+∞ without observations). */
    public double[] min() {
        return min.clone();
    }

    /** Per-neuron maximum (−∞ without observations). */
    public double[] max() {
        return max.clone();
    }

    /** The histogram spec, or null when no histogram was kept. */
    public HistogramSpec histogramSpec() {
        return histogram;
    }

    /** Histogram counts of one neuron: underflow, the bins, overflow; null when no histogram was kept. */
    public long[] histogram(int neuron) {
        if (hist == null) {
            return null;
        }
        int s = histogram.slots();
        return Arrays.copyOfRange(hist, neuron * s, (neuron + 1) * s);
    }

    /** All histogram counts, {@code [width × (bins + 2)]}, or null. */
    public long[] histogramCounts() {
        return hist == null ? null : hist.clone();
    }

    // Accumulation from a batch reduced on the device; package-private, used by StatsCollector.
    NeuronStats plusBatch(long n, double[] bMean, double[] bM2, double[] bMin, double[] bMax, long[] bHist) {
        return merge(new NeuronStats(width, n, bMean, bM2, bMin, bMax, histogram, bHist));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NeuronStats s)) {
            return false;
        }
        return width == s.width
                && count == s.count
                && Arrays.equals(mean, s.mean)
                && Arrays.equals(m2, s.m2)
                && Arrays.equals(min, s.min)
                && Arrays.equals(max, s.max)
                && java.util.Objects.equals(histogram, s.histogram)
                && Arrays.equals(hist, s.hist);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count) + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        double avgMean = 0;
        double avgStd = 0;
        double[] sd = std();
        for (int i = 0; i < width; i++) {
            avgMean += mean[i] / width;
            avgStd += (Double.isNaN(sd[i]) ? 0 : sd[i]) / width;
        }
        return String.format(
                "NeuronStats[width=%d, count=%d, avg mean=%.4g, avg std=%.4g%s]",
                width, count, avgMean, avgStd, histogram == null ? "" : ", histogram " + histogram.bins() + " bins");
    }
}
