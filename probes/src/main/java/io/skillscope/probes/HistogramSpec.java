package io.skillscope.probes;

/**
 * A fixed-range histogram per neuron: {@code bins} equal bins over {@code [lo, hi)}, plus an underflow
 * bin (values below {@code lo}) and an overflow bin (values at or above {@code hi}). Fixed edges make
 * histograms of shards add up exactly.
 *
 * @param lo lower edge of the first bin
 * @param hi upper edge of the last bin (exclusive)
 * @param bins number of interior bins, at least 1
 */
public record HistogramSpec(double lo, double hi, int bins) {
    public HistogramSpec {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException(
                    "histogram range must be finite with lo < hi, got [" + lo + ", " + hi + ")");
        }
        if (bins < 1 || bins > 100_000) {
            throw new IllegalArgumentException("histogram bins must be in [1, 100000], got " + bins);
        }
    }

    /** Slots per neuron: underflow, the interior bins, overflow. */
    public int slots() {
        return bins + 2;
    }

    /**
     * The slot of a value: 0 below {@code lo}, {@code 1..bins} inside, {@code bins + 1} at or above
     * {@code hi}; computed as {@code clip(floor((x − lo)·bins/(hi − lo)), −1, bins) + 1}, the same
     * float64 arithmetic the device uses.
     */
    public int slot(double x) {
        double b = Math.floor((x - lo) * (bins / (hi - lo)));
        return (int) Math.max(-1, Math.min(bins, b)) + 1;
    }

    /** The lower edge of interior bin {@code i} (0-based). */
    public double edge(int i) {
        return lo + (hi - lo) * i / bins;
    }
}
