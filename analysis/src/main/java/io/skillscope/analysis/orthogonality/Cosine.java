package io.skillscope.analysis.orthogonality;

import java.util.Objects;

/**
 * Cosine similarity of two flat updates, cos = ⟨a, b⟩ / (‖a‖ ‖b‖), accumulated in double.
 *
 * <p>Orthogonal vectors give 0, parallel 1, antiparallel −1. A zero vector has no direction, so its
 * cosine is NaN (summaries skip NaNs; see {@link io.skillscope.analysis.Stats}).
 */
public final class Cosine {
    private Cosine() {}

    /**
     * The cosine of two equally long vectors; NaN if either is zero.
     *
     * @throws IllegalArgumentException if the lengths differ or are 0
     */
    public static double of(float[] a, float[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("vectors are empty");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        // Rounding can push |cos| of (anti)parallel vectors a hair past 1.
        return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
    }

    /** The cosine of two tensors of the same shape; see {@link #of(float[], float[])}. */
    public static double of(ShapedArray a, ShapedArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shapes differ: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
        return of(a.values(), b.values());
    }
}
