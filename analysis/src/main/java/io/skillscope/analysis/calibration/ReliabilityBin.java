package io.skillscope.analysis.calibration;

import java.util.Locale;

/**
 * One bin of a reliability diagram: predictions whose confidence fell in [lower, upper) (the last bin
 * also holds confidence 1).
 *
 * @param index          bin number, 0-based
 * @param lower          lower edge
 * @param upper          upper edge
 * @param count          predictions in the bin
 * @param meanConfidence mean confidence of those predictions; NaN when empty
 * @param accuracy       share of them that were correct; NaN when empty
 */
public record ReliabilityBin(int index, double lower, double upper, int count, double meanConfidence, double accuracy) {
    /** Validates edges and count. */
    public ReliabilityBin {
        if (index < 0 || count < 0) {
            throw new IllegalArgumentException("index and count must be >= 0, got index=" + index + ", count=" + count);
        }
        if (!(lower >= 0 && lower < upper && upper <= 1)) {
            throw new IllegalArgumentException(
                    "bin edges must satisfy 0 <= lower < upper <= 1, got [" + lower + ", " + upper + ")");
        }
    }

    /** |accuracy − mean confidence|, the bin's calibration gap; NaN when empty. */
    public double gap() {
        return Math.abs(accuracy - meanConfidence);
    }

    /** {@code [0.90, 1.00): n=120, conf 0.953, acc 0.917}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "[%.2f, %.2f): n=%d, conf %.3f, acc %.3f", lower, upper, count, meanConfidence, accuracy);
    }
}
