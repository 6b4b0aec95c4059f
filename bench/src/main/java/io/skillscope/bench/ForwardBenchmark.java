package io.skillscope.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.PositionSelector;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.StatsCollector;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures, in one run on one machine: forward tokens/s of a GPT-2-shaped model with random weights;
 * the forward pass's achieved FLOP/s ({@link ForwardFlops}) as a ratio of the fp32 matmul rate
 * ({@link MatmulRate}, products shaped like the MLP's first projection); and the time of a forward
 * pass that streams every {@code blocks.*.mlp.hook_post} into per-neuron statistics as a ratio of a
 * plain one. The hooked pass uses what {@code skillscope probe} uses: the hooks of
 * {@link ProbeSettings} resolved on the model, read into a {@link StatsCollector} over every real token
 * ({@link PositionMode#ALL}). Matmul samples, plain and hooked passes take
 * turns (in rotating order), so drift in the machine's load hits all three alike; each figure is the
 * median of several repetitions.
 *
 * <p>{@link #compare} repeats that idle and under a {@link BackgroundLoad}, alternating, with an optional
 * PyTorch-eager baseline ({@link TorchAnchor}) run under the same load, and reports the ratios against the
 * aims of issue 18 ({@link LoadComparison}).
 *
 * <pre>{@code
 * BenchReport r = ForwardBenchmark.run(BenchSettings.quick(Device.cpu()));
 * System.out.print(r.table());
 * }</pre>
 */
public final class ForwardBenchmark {
    private static final long WEIGHT_SEED = 20240521L;
    private static final long TOKEN_SEED = 7L;

    private ForwardBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param settings sizes, repetitions and device
     * @return the medians and ratios
     */
    public static BenchReport run(BenchSettings settings) {
        try (Session session = new Session(settings)) {
            return session.measure();
        }
    }

    /**
     * Runs the benchmark {@code rounds} times idle and with {@code loadThreads} busy threads of a
     * {@link BackgroundLoad}, alternating (idle first in even rounds, loaded first in odd ones), and, when
     * {@code anchor} is given, the anchor right after (or before, alternating) each measurement under the
     * same load. One model serves every round.
     *
     * @param settings sizes, repetitions and device
     * @param loadThreads busy threads of the loaded runs ({@code 0}: idle only)
     * @param anchor the PyTorch-eager baseline, or null
     * @param rounds alternating rounds, {@code >= 1}
     * @param log one line per measurement (progress), or null
     * @return every round's figures per load
     */
    public static LoadComparison compare(
            BenchSettings settings, int loadThreads, TorchAnchor anchor, int rounds, PrintStream log) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        if (loadThreads < 0) {
            throw new IllegalArgumentException("load threads must be >= 0, got " + loadThreads);
        }
        int[] loads = loadThreads == 0 ? new int[] {0} : new int[] {0, loadThreads};
        List<List<BenchReport>> reports = new ArrayList<>();
        List<List<TorchAnchor.Result>> anchors = new ArrayList<>();
        for (int l = 0; l < loads.length; l++) {
            reports.add(new ArrayList<>());
            anchors.add(new ArrayList<>());
        }
        try (Session session = new Session(settings)) {
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < loads.length; i++) {
                    int l = (i + r) % loads.length;
                    try (BackgroundLoad load = BackgroundLoad.start(loads[l])) {
                        boolean anchorFirst = anchor != null && (r + i) % 2 == 1;
                        if (anchorFirst) {
                            anchors.get(l).add(logged(log, r, loads[l], anchor.run()));
                        }
                        reports.get(l).add(logged(log, r, loads[l], session.measure()));
                        if (anchor != null && !anchorFirst) {
                            anchors.get(l).add(logged(log, r, loads[l], anchor.run()));
                        }
                    }
                }
            }
        }
        List<LoadComparison.Condition> conditions = new ArrayList<>();
        for (int l = 0; l < loads.length; l++) {
            conditions.add(new LoadComparison.Condition(
                    loads[l], reports.get(l), anchor == null ? List.of() : anchors.get(l)));
        }
        return new LoadComparison(settings, conditions);
    }

    private static <T> T logged(PrintStream log, int round, int load, T result) {
        if (log != null) {
            log.printf(java.util.Locale.ROOT, "round %d, load %d: %s%n", round + 1, load, result);
        }
        return result;
    }

    /**
     * A model, a matmul probe and a batch, kept across measurements: each {@link #measure} runs the warm-up
     * and the repetitions of matmul samples, plain and hooked passes in rotating order.
     */
    private static final class Session implements AutoCloseable {
        private final BenchSettings settings;
        private final Transformer model;
        private final MatmulRate.Probe matmul;
        private final TokenBatch batch;
        private final List<HookName> hooks;
        private final StatsCollector stats;

        Session(BenchSettings settings) {
            this.settings = settings;
            this.model = Transformer.random(settings.modelConfig(), WEIGHT_SEED, settings.device());
            this.matmul = new MatmulRate.Probe(
                    settings.device(), settings.tokens(), settings.hidden(), 4 * settings.hidden());
            this.batch = randomBatch(settings);
            ProbeSettings probe = ProbeSettings.of(PositionMode.ALL, HookFilter.allLayers(HookSite.MLP_POST));
            this.hooks = probe.resolve(model);
            this.stats = new StatsCollector(PositionSelector.allTokens(), probe.histogram(), probe.absolute());
        }

        BenchReport measure() {
            int reps = settings.repetitions();
            int liveBefore = model.liveArrays();
            long[] products = new long[reps];
            long[] plain = new long[reps];
            long[] hooked = new long[reps];
            for (int r = -settings.warmup(); r < reps; r++) {
                // Rotate the order so that neither kind always runs first after the other.
                long[] t = new long[3];
                for (int i = 0; i < 3; i++) {
                    int kind = Math.floorMod(r + i, 3);
                    t[kind] = switch (kind) {
                        case 0 -> matmul.sample();
                        case 1 -> timeForward(model, batch, null, null);
                        default -> timeForward(model, batch, stats, hooks);
                    };
                }
                if (r >= 0) {
                    products[r] = t[0];
                    plain[r] = t[1];
                    hooked[r] = t[2];
                }
            }
            Map<HookName, NeuronStats> gathered = stats.stats();
            long positions = gathered.values().stream()
                    .mapToLong(NeuronStats::count)
                    .min()
                    .orElse(0);
            return new BenchReport(
                    settings,
                    ForwardFlops.of(model.config(), settings.batch(), settings.sequence()),
                    matmul.rate(products),
                    Timing.medianSeconds(plain),
                    Timing.medianSeconds(hooked),
                    gathered.size(),
                    positions,
                    model.liveArrays() - liveBefore);
        }

        @Override
        public void close() {
            try {
                matmul.close();
            } finally {
                model.close();
            }
        }
    }

    /** One forward pass in its own manager, hooked when {@code stats} is given; nanoseconds. */
    private static long timeForward(Transformer model, TokenBatch batch, StatsCollector stats, List<HookName> hooks) {
        HookSession session = stats == null ? null : model.hooks();
        try {
            if (session != null) {
                stats.attach(session, hooks);
            }
            long t0 = System.nanoTime();
            try (NDManager step = model.manager().newSubManager()) {
                sync(model.forward(step, batch)); // [B, T, V]
            }
            return System.nanoTime() - t0;
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /**
     * Waits for an array's computation by reading one element to the host (asynchronous devices
     * such as CUDA return from an operation before it has run).
     *
     * @param a any non-empty array
     * @return its first element
     */
    static float sync(NDArray a) {
        NDArray flat = a.reshape(-1);
        NDArray first = flat.get(0);
        float v = first.getFloat();
        first.close();
        flat.close();
        return v;
    }

    private static TokenBatch randomBatch(BenchSettings s) {
        SplittableRandom rng = new SplittableRandom(TOKEN_SEED);
        int[][] ids = new int[s.batch()][s.sequence()];
        boolean[][] mask = new boolean[s.batch()][s.sequence()];
        for (int b = 0; b < s.batch(); b++) {
            for (int t = 0; t < s.sequence(); t++) {
                ids[b][t] = rng.nextInt(s.vocab());
                mask[b][t] = true;
            }
        }
        return TokenBatch.of(ids, mask);
    }

    /**
     * Runs the full benchmark (GPT-2 small, batch 8 of 128 tokens), or with {@code --quick} the 2-layer,
     * batch-2 variant, on the default device, and prints the table.
     *
     * @param args {@code [--quick]}
     */
    public static void main(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        PrintStream out = System.out;
        var device = Transformer.defaultDevice();
        BenchReport report = run(quick ? BenchSettings.quick(device) : BenchSettings.full(device));
        out.print(report.table());
    }
}
