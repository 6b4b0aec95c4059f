package io.skillscope.core.testing;

/** Distances between expected and actual numbers, for tolerance assertions. */
public final class Diffs {
    private Diffs() {}

    /** max_i |a_i - b_i|; an {@link AssertionError} when the lengths differ. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** max over rows of {@link #maxAbsDiff(float[], float[])}. */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, maxAbsDiff(a[i], b[i]));
        }
        return m;
    }

    /** |a - b| / max(|a|, |b|, 1e-12). */
    public static double relErr(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-12, Math.max(Math.abs(a), Math.abs(b)));
    }
}
