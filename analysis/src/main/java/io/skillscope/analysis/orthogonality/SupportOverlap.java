package io.skillscope.analysis.orthogonality;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * Overlap of the top-magnitude supports of two updates of one tensor: take the k = ⌈f·n⌉ entries of
 * largest |value| in each (ties broken by lower index), then |S_A ∩ S_B| / k, against the chance level
 * k / n of two independent random supports (docs/methods.md §3).
 *
 * @param k            entries kept in each support
 * @param n            tensor size
 * @param intersection |S_A ∩ S_B|
 */
public record SupportOverlap(int k, int n, int intersection) {
    /** Validates 0 ≤ intersection ≤ k ≤ n. */
    public SupportOverlap {
        if (n < 1 || k < 0 || k > n || intersection < 0 || intersection > k) {
            throw new IllegalArgumentException("need 0 <= intersection <= k <= n and n >= 1, got intersection="
                    + intersection + ", k=" + k + ", n=" + n);
        }
    }

    /** Support overlap of two equally long updates at top fraction {@code topFraction} ∈ (0, 1]. */
    public static SupportOverlap of(float[] a, float[] b, double topFraction) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("updates differ in length: " + a.length + " vs " + b.length);
        }
        int k = topCount(a.length, topFraction);
        BitSet sa = topK(a, k);
        sa.and(topK(b, k));
        return new SupportOverlap(k, a.length, sa.cardinality());
    }

    /** k = max(1, ⌈f·n⌉). */
    public static int topCount(int n, double topFraction) {
        if (!(topFraction > 0 && topFraction <= 1)) {
            throw new IllegalArgumentException("top fraction must be in (0, 1], got " + topFraction);
        }
        return (int) Math.max(1, Math.min(n, Math.ceil(topFraction * n - 1e-9)));
    }

    /** The k entries of largest |value|, ties broken by lower index. */
    public static BitSet topK(float[] values, int k) {
        if (k < 0 || k > values.length) {
            throw new IllegalArgumentException("k must be in [0, " + values.length + "], got " + k);
        }
        BitSet out = new BitSet(values.length);
        if (k == 0) {
            return out;
        }
        float[] abs = new float[values.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(values[i]);
        }
        float[] sorted = abs.clone();
        Arrays.sort(sorted);
        float threshold = sorted[sorted.length - k];
        int above = 0;
        for (int i = 0; i < abs.length; i++) {
            if (abs[i] > threshold) {
                out.set(i);
                above++;
            }
        }
        for (int i = 0; i < abs.length && above < k; i++) {
            if (abs[i] == threshold) {
                out.set(i);
                above++;
            }
        }
        return out;
    }

    /** |S_A ∩ S_B| / k. */
    public double fraction() {
        return k == 0 ? Double.NaN : (double) intersection / k;
    }

    /** The chance level k / n. */
    public double chance() {
        return (double) k / n;
    }

    /** {@code SupportOverlap[top 10 of 1,000: 3 shared (0.300, chance 0.0100)]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "SupportOverlap[top %,d of %,d: %,d shared (%.3f, chance %.3g)]",
                k,
                n,
                intersection,
                fraction(),
                chance());
    }
}
