package io.skillscope.reports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The colour scale of a heat map: fixed bounds and the words that state them in the chart's title, so a
 * reader never has to guess what a colour means. The scale is diverging (blue, white at 0, red) when it
 * spans both signs and sequential otherwise. A value outside the bounds is refused rather than drawn in
 * the end colour.
 *
 * @param min lower bound of the colour scale
 * @param max upper bound, greater than {@code min}
 * @param label how the title states the scale, e.g. "−1 to 1"
 */
public record HeatScale(double min, double max, String label) {
    /** Cosines: −1 to 1, white at 0. */
    public static final HeatScale COSINE = new HeatScale(-1, 1, "−1 to 1");

    /** Shares and Jaccard indices: 0 to 1. */
    public static final HeatScale FRACTION = new HeatScale(0, 1, "0 to 1");

    public HeatScale {
        if (!(Double.isFinite(min) && Double.isFinite(max) && max > min)) {
            throw new IllegalArgumentException(
                    "heat scale needs finite bounds with max > min, got " + min + " to " + max);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("heat scale needs a label that states its bounds");
        }
    }

    /**
     * A scale symmetric about 0 for data of either sign: ±m, where m is the largest |value| rounded up to
     * two significant digits (1 when every value is 0), so equal distances from white mean equal values.
     */
    public static HeatScale symmetric(double[][] values) {
        double m = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
        }
        m = m == 0
                ? 1
                : new BigDecimal(m).round(new MathContext(2, RoundingMode.UP)).doubleValue();
        return new HeatScale(-m, m, String.format(Locale.ROOT, "±%s, symmetric", Format.number(m)));
    }

    /** Whether the scale spans both signs, so it is drawn blue–white–red. */
    public boolean diverging() {
        return min < 0 && max > 0;
    }

    /** Whether {@code v} lies within the bounds (NaN cells are blank and always allowed). */
    boolean holds(double v) {
        return Double.isNaN(v) || (v >= min && v <= max);
    }
}
