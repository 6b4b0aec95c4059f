package io.skillscope.bench;

import java.util.Locale;

/**
 * One measurement of {@link MethodsBenchmark}: a method's median against its baseline's median, both
 * taken in the same run with alternating samples.
 *
 * <p>For a {@link Kind#TIME} row the ratio is the cost per unit of work, method ÷ baseline:
 * {@code (seconds / amount) / (baselineSeconds / baselineAmount)}, so 1.0 means "as fast as the
 * baseline" and 1.3 "30 % slower per unit". For a {@link Kind#MEMORY} row it is {@code amount ÷
 * baselineAmount} (peak bytes over one model's weight bytes).
 *
 * @param subject the model measured ({@code skill-lab} or the GPT-2-shaped random model)
 * @param measurement what the method is, e.g. {@code probe (Probe.run, StatsCollector)}
 * @param kind time or memory
 * @param unit what {@code amount} counts: tokens, prompts, steps, bytes
 * @param amount units of work per sample (or peak bytes)
 * @param seconds median seconds per sample of the method (1 for a memory row)
 * @param baseline what the method is compared with
 * @param baselineAmount units of work per baseline sample (or one model's weight bytes)
 * @param baselineSeconds median seconds per baseline sample (1 for a memory row)
 * @param aim the aim for {@link #ratio()} ({@code NaN}: none)
 * @param settings batch, tokens and other sizes of this row
 */
public record MethodRow(
        String subject,
        String measurement,
        Kind kind,
        String unit,
        double amount,
        double seconds,
        String baseline,
        double baselineAmount,
        double baselineSeconds,
        double aim,
        String settings) {

    /** Whether a row compares times or bytes. */
    public enum Kind {
        /** Medians of wall-clock seconds. */
        TIME,
        /** Peak resident bytes over a model's weight bytes. */
        MEMORY
    }

    /**
     * The method's rate.
     *
     * @return units per second, or the peak bytes of a memory row
     */
    public double rate() {
        return kind == Kind.TIME ? amount / seconds : amount;
    }

    /**
     * The baseline's rate.
     *
     * @return units per second, or one model's weight bytes
     */
    public double baselineRate() {
        return kind == Kind.TIME ? baselineAmount / baselineSeconds : baselineAmount;
    }

    /**
     * Cost per unit of the method over that of the baseline (time), or peak over model bytes (memory).
     *
     * @return the ratio
     */
    public double ratio() {
        return kind == Kind.TIME ? (seconds / amount) / (baselineSeconds / baselineAmount) : amount / baselineAmount;
    }

    /**
     * Whether the ratio meets the aim.
     *
     * @return true when there is no aim or the ratio is at most the aim
     */
    public boolean meetsAim() {
        return Double.isNaN(aim) || ratio() <= aim;
    }

    /** One line of the table. */
    String line() {
        String r = kind == Kind.TIME
                ? rate(rate(), unit) + "  vs  " + rate(baselineRate(), unit)
                : String.format(Locale.ROOT, "%.1f MiB  vs  %.1f MiB", amount / MIB, baselineAmount / MIB);
        String a = Double.isNaN(aim)
                ? ""
                : String.format(Locale.ROOT, " (aim <= %.2f%s)", aim, meetsAim() ? "" : " MISSED");
        return String.format(
                Locale.ROOT,
                "%-10s %-44s %-36s %7.3f%s%n%-10s   vs %-40s %s%n",
                subject,
                measurement,
                r,
                ratio(),
                a,
                "",
                baseline,
                settings);
    }

    private static final double MIB = 1024.0 * 1024.0;

    private static String rate(double v, String unit) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s/s" : "%.2f %s/s", v, unit);
    }
}
