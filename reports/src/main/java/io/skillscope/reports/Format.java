package io.skillscope.reports;

import java.util.Locale;

/** Number formatting for tables and metric cards: short, locale-independent, NaN as "n/a". */
public final class Format {
    private Format() {}

    /**
     * A number as a person reads it: integers without decimals ({@code 8500}), moderate values with
     * four significant digits ({@code 0.9612}, {@code 12.35}), very small or large ones in scientific
     * notation ({@code 3.142e-05}); NaN as {@code n/a}.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String s = new java.math.BigDecimal(v)
                    .round(new java.math.MathContext(4))
                    .stripTrailingZeros()
                    .toPlainString();
            return s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** A share as a percentage with two decimals, e.g. {@code 0.0123 → "1.23%"}; NaN as {@code n/a}. */
    public static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }
}
