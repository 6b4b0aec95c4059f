package io.skillscope.analysis.overlap;

import java.util.Locale;

/**
 * Overlap counts of two sets A and B drawn from a universe of {@code universe} elements.
 *
 * <p>Undefined ratios are NaN: {@link #asymmetric()} when B is empty, {@link #jaccard()} when both
 * are empty, {@link #chance()} when the universe is unknown (0).
 *
 * @param intersection |A∩B|
 * @param sizeA        |A|
 * @param sizeB        |B|
 * @param universe     number of elements A and B were drawn from, or 0 when unknown
 */
public record OverlapResult(long intersection, long sizeA, long sizeB, long universe) {
    /** Validates that the counts are consistent. */
    public OverlapResult {
        if (intersection < 0 || sizeA < 0 || sizeB < 0 || universe < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got intersection=" + intersection + ", sizeA="
                    + sizeA + ", sizeB=" + sizeB + ", universe=" + universe);
        }
        if (intersection > Math.min(sizeA, sizeB)) {
            throw new IllegalArgumentException(
                    "intersection " + intersection + " exceeds min(|A|, |B|) = " + Math.min(sizeA, sizeB));
        }
        if (universe > 0 && (sizeA > universe || sizeB > universe)) {
            throw new IllegalArgumentException("set sizes " + sizeA + ", " + sizeB + " exceed universe " + universe);
        }
    }

    /** |A∪B| = |A| + |B| − |A∩B|. */
    public long union() {
        return sizeA + sizeB - intersection;
    }

    /**
     * The grafting paper's asymmetric overlap |A∩B| / |B| (Panigrahi et al., ICML 2023): the share of
     * B's region that A also holds. NaN when B is empty.
     */
    public double asymmetric() {
        return sizeB == 0 ? Double.NaN : (double) intersection / sizeB;
    }

    /** Jaccard index |A∩B| / |A∪B|; NaN when both sets are empty. */
    public double jaccard() {
        long u = union();
        return u == 0 ? Double.NaN : (double) intersection / u;
    }

    /**
     * Expected {@link #asymmetric()} if A were drawn uniformly at random from the universe: |A| / n.
     * NaN when the universe is unknown.
     */
    public double chance() {
        return universe == 0 ? Double.NaN : (double) sizeA / universe;
    }

    /** {@code Overlap[|A∩B|=3, |A|=5, |B|=4; |A∩B|/|B|=0.750, Jaccard=0.500, chance 0.0500]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "Overlap[|A∩B|=%,d, |A|=%,d, |B|=%,d; |A∩B|/|B|=%.3f, Jaccard=%.3f, chance %.3g]",
                intersection,
                sizeA,
                sizeB,
                asymmetric(),
                jaccard(),
                chance());
    }
}
