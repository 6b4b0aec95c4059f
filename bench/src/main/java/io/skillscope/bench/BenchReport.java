package io.skillscope.bench;

import java.util.Locale;

/**
 * What {@link ForwardBenchmark} measured: medians of wall-clock times and the ratios derived from them.
 *
 * @param settings what was run
 * @param flops the analytic FLOP count of one forward pass
 * @param matmul the fp32 matmul rate measured in the same run
 * @param forwardSeconds median seconds of a plain forward pass
 * @param hookedSeconds median seconds of a forward pass streaming every {@code blocks.*.mlp.hook_post}
 *     into per-neuron statistics
 * @param statsHooks hook points that gathered statistics
 * @param statsPositions positions folded into each hook point's statistics (warm-up included)
 * @param leakedArrays NDArrays left in the model's manager after all passes (0 when nothing leaks)
 */
public record BenchReport(
        BenchSettings settings,
        ForwardFlops flops,
        MatmulRate matmul,
        double forwardSeconds,
        double hookedSeconds,
        int statsHooks,
        long statsPositions,
        int leakedArrays) {

    /** The aim for {@link #efficiency()} (issue 18). */
    public static final double EFFICIENCY_AIM = 0.85;

    /** The aim for {@link #hookOverhead()} (issue 18). */
    public static final double HOOK_OVERHEAD_AIM = 1.05;

    /**
     * Forward throughput.
     *
     * @return tokens per second of a plain forward pass
     */
    public double tokensPerSecond() {
        return settings.tokens() / forwardSeconds;
    }

    /**
     * Achieved rate of the forward pass.
     *
     * @return counted FLOP per second
     */
    public double forwardFlopsPerSecond() {
        return flops.total() / forwardSeconds;
    }

    /**
     * The forward pass's FLOP/s as a fraction of the matmul rate (1 means it runs as fast as bare
     * products of the MLP's shape; the aim is at least {@value #EFFICIENCY_AIM}).
     *
     * @return achieved ÷ matmul FLOP/s
     */
    public double efficiency() {
        return forwardFlopsPerSecond() / matmul.flopsPerSecond();
    }

    /**
     * The cost of streaming statistics (the aim is at most {@value #HOOK_OVERHEAD_AIM}).
     *
     * @return hooked ÷ plain forward time
     */
    public double hookOverhead() {
        return hookedSeconds / forwardSeconds;
    }

    /**
     * The report as a table for a terminal.
     *
     * @return several lines
     */
    public String table() {
        BenchSettings s = settings;
        StringBuilder sb = new StringBuilder();
        sb.append(fmt(
                "GPT-2-shaped model, random weights: %d layers, d_model %d, d_mlp %d, %d heads, vocab %d%n",
                s.layers(), s.hidden(), 4 * s.hidden(), s.heads(), s.vocab()));
        sb.append(fmt(
                "batch %d x %d tokens on %s; %d warm-up, median of %d repetitions%n%n",
                s.batch(), s.sequence(), s.device(), s.warmup(), s.repetitions()));
        sb.append(fmt("%-40s %12s  %s%n", "measurement", "median", "rate"));
        sb.append(fmt(
                "%-40s %12s  %s%n",
                fmt("fp32 matmul [%dx%d]·[%dx%d]", matmul.m(), matmul.k(), matmul.k(), matmul.n()),
                time(matmul.secondsPerProduct()),
                fmt("%.1f GFLOP/s", matmul.flopsPerSecond() / 1e9)));
        sb.append(fmt(
                "%-40s %12s  %s%n",
                "forward",
                time(forwardSeconds),
                fmt(
                        "%.0f tokens/s, %.1f GFLOP/s (%.1f GFLOP per pass)",
                        tokensPerSecond(), forwardFlopsPerSecond() / 1e9, flops.total() / 1e9)));
        sb.append(fmt(
                "%-40s %12s  %s%n",
                "forward + mlp.hook_post statistics",
                time(hookedSeconds),
                fmt(
                        "%.0f tokens/s (%d hooks, %d positions each)",
                        s.tokens() / hookedSeconds, statsHooks, statsPositions)));
        sb.append(fmt("%nFLOP per pass: %s%n%n", flops));
        sb.append(fmt("%-40s %12.3f  (aim >= %.2f)%n", "forward FLOP/s / matmul FLOP/s", efficiency(), EFFICIENCY_AIM));
        sb.append(
                fmt("%-40s %12.3f  (aim <= %.2f)%n", "hooked / plain forward time", hookOverhead(), HOOK_OVERHEAD_AIM));
        return sb.toString();
    }

    private static String time(double seconds) {
        return seconds >= 1 ? fmt("%.3f s", seconds) : fmt("%.1f ms", seconds * 1e3);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    @Override
    public String toString() {
        return fmt(
                "BenchReport[%d layers, batch %dx%d, %.0f tokens/s, matmul %.1f GFLOP/s, efficiency %.3f,"
                        + " hook overhead %.3f]",
                settings.layers(),
                settings.batch(),
                settings.sequence(),
                tokensPerSecond(),
                matmul.flopsPerSecond() / 1e9,
                efficiency(),
                hookOverhead());
    }
}
