package io.skillscope.bench;

import io.skillscope.core.runtime.ThreadSettings;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What {@link ForwardBenchmark#compare} measured: for each load (idle, and {@code N} busy threads of a
 * {@link BackgroundLoad}), every round's {@link BenchReport} and, when an anchor ran, its tokens/s. Every
 * figure is the median over rounds; the ratio to the anchor is the median of the per-round ratios (each
 * round's two runs shared the same load).
 *
 * @param settings what was run
 * @param conditions one per load, idle first
 */
public record LoadComparison(BenchSettings settings, List<Condition> conditions) {

    /** The aim for {@link Condition#anchorRatio()} when idle (issue 18). */
    public static final double IDLE_ANCHOR_AIM = 1.3;

    /** The aim for {@link Condition#anchorRatio()} with one core kept busy. */
    public static final double LOADED_ANCHOR_AIM = 1.2;

    /**
     * One load's rounds.
     *
     * @param loadThreads busy threads of the background load (0: idle)
     * @param reports one per round
     * @param anchor the anchor's runs, one per round (empty when no anchor ran)
     */
    public record Condition(int loadThreads, List<BenchReport> reports, List<TorchAnchor.Result> anchor) {
        public Condition {
            reports = List.copyOf(reports);
            anchor = List.copyOf(anchor);
        }

        /** Median forward tokens/s. */
        public double tokensPerSecond() {
            return median(reports, BenchReport::tokensPerSecond);
        }

        /** Median matmul rate, GFLOP/s. */
        public double matmulGflops() {
            return median(reports, r -> r.matmul().flopsPerSecond() / 1e9);
        }

        /** Median forward FLOP/s ÷ matmul FLOP/s (each round's own ratio). */
        public double efficiency() {
            return median(reports, BenchReport::efficiency);
        }

        /** Median hooked ÷ plain forward time. */
        public double hookOverhead() {
            return median(reports, BenchReport::hookOverhead);
        }

        /** Median anchor tokens/s, or NaN without an anchor. */
        public double anchorTokensPerSecond() {
            return anchor.isEmpty() ? Double.NaN : median(anchor, TorchAnchor.Result::tokensPerSecond);
        }

        /** Median anchor matmul GFLOP/s, or NaN. */
        public double anchorMatmulGflops() {
            return anchor.isEmpty() ? Double.NaN : median(anchor, TorchAnchor.Result::matmulGflops);
        }

        /**
         * skillscope's tokens/s over the anchor's, the median of the rounds' ratios.
         *
         * @return the ratio, or NaN without an anchor
         */
        public double anchorRatio() {
            if (anchor.isEmpty()) {
                return Double.NaN;
            }
            double[] r = new double[Math.min(reports.size(), anchor.size())];
            for (int i = 0; i < r.length; i++) {
                r[i] = reports.get(i).tokensPerSecond() / anchor.get(i).tokensPerSecond();
            }
            return ThreadStudy.median(r);
        }

        String label() {
            return loadThreads == 0 ? "idle" : loadThreads + " busy";
        }
    }

    /**
     * The table: one column per load, one row per figure, with the aims.
     *
     * @param threads the settings line of this process ({@link ThreadSettings.Effective#line()})
     * @return several lines
     */
    public String table(String threads) {
        BenchSettings s = settings;
        StringBuilder sb = new StringBuilder();
        sb.append(fmt(
                "GPT-2-shaped model, random weights: %d layers, d_model %d, d_mlp %d, %d heads, vocab %d%n",
                s.layers(), s.hidden(), 4 * s.hidden(), s.heads(), s.vocab()));
        sb.append(fmt("batch %d x %d tokens on %s; threads: %s%n", s.batch(), s.sequence(), s.device(), threads));
        sb.append(fmt(
                "%d alternating round(s), each %d warm-up + median of %d; medians over rounds; "
                        + "'busy' = threads spinning in another process%n%n",
                conditions.get(0).reports().size(), s.warmup(), s.repetitions()));
        sb.append(fmt("%-36s", "figure"));
        for (Condition c : conditions) {
            sb.append(fmt(" %12s", c.label()));
        }
        sb.append(fmt("  %s%n", "aim"));
        row(sb, "forward tokens/s", "%12.1f", Condition::tokensPerSecond, "");
        row(sb, "fp32 matmul GFLOP/s", "%12.1f", Condition::matmulGflops, "");
        row(
                sb,
                "forward FLOP/s / matmul FLOP/s",
                "%12.3f",
                Condition::efficiency,
                fmt(">= %.2f", BenchReport.EFFICIENCY_AIM));
        row(
                sb,
                "hooked / plain forward time",
                "%12.3f",
                Condition::hookOverhead,
                fmt("<= %.2f", BenchReport.HOOK_OVERHEAD_AIM));
        if (!conditions.get(0).anchor().isEmpty()) {
            row(sb, "PyTorch eager tokens/s", "%12.1f", Condition::anchorTokensPerSecond, "");
            row(sb, "PyTorch eager matmul GFLOP/s", "%12.1f", Condition::anchorMatmulGflops, "");
            row(
                    sb,
                    "skillscope / PyTorch eager",
                    "%12.3f",
                    Condition::anchorRatio,
                    fmt(">= %.1f idle, >= %.1f with one core busy", IDLE_ANCHOR_AIM, LOADED_ANCHOR_AIM));
        }
        return sb.toString();
    }

    private void row(StringBuilder sb, String name, String format, ToDoubleFunction<Condition> f, String aim) {
        sb.append(fmt("%-36s", name));
        for (Condition c : conditions) {
            sb.append(' ').append(fmt(format, f.applyAsDouble(c)));
        }
        sb.append(aim.isEmpty() ? "" : "  " + aim).append(System.lineSeparator());
    }

    private static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
        double[] v = new double[xs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(xs.get(i));
        }
        return ThreadStudy.median(v);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
