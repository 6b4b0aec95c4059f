package io.skillscope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.RunUntil;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Gradients;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.Trainer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.lab.Recipe;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.MaskOptimizer;
import io.skillscope.localization.TaskData;
import io.skillscope.localization.TensorSelection;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.Unlearner;
import io.skillscope.unlearning.Unlearning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Times the methods users call, each against a plain forward, generation or training step of the same
 * model in the same run ({@code skillscope bench methods}): the probe ({@link Probe#run}, one
 * {@code StatsCollector} on every {@code blocks.*.mlp.hook_post}) against the same forward without hooks;
 * one Neuron Adjust and one Key Space Detection generation pass ({@link NeuronAdjust#answer},
 * {@link KeySpaceDetector#answer}) against plain greedy generation ({@link Unlearner#none()}); one grafting
 * step ({@link MaskOptimizer#step} and {@link MaskOptimizer#binary}, as {@code localize} runs them)
 * against one fine-tuning step of the lab's {@link Trainer} on the same batch; KV-cache decoding against
 * prefill ({@link Generator}); and the peak memory of a streamed TIES merge of two checkpoints
 * ({@link MergeMemory}) over one model's weight bytes.
 *
 * <p>Each pair's samples alternate (the order rotates), so drift in the machine's load hits both alike;
 * each figure is the median of the repetitions. Two models: the shipped skill-lab model with skill-lab
 * data, and a GPT-2-shaped model with random weights fed the same examples through the character
 * tokenizer.
 *
 * <pre>{@code
 * MethodsBenchmark.Report r = MethodsBenchmark.measure(MethodsBenchmark.Settings.quick(Path.of("models/skill-lab-base")));
 * System.out.print(r.table());
 * }</pre>
 */
public final class MethodsBenchmark {
    private static final long WEIGHT_SEED = 20240521L;
    private static final long DATA_SEED = 3L;
    private static final String FORGET = "add";
    private static final String RETAIN = "rev";
    private static final String MASK_SKILL = "sort";

    private MethodsBenchmark() {}

    /**
     * What to run.
     *
     * @param skillLab the skill-lab model folder ({@code models/skill-lab-base})
     * @param gpt2 the GPT-2-shaped random model (layers, width, heads, vocabulary; batch and sequence unused)
     * @param sizes rows, prompts, tokens and batches of every measurement
     * @param warmup untimed samples of each kind before measuring
     * @param repetitions timed samples of each kind; the report gives medians
     * @param mergeHeap {@code -Xmx} of the merge's child JVM (the launcher's {@code 3g})
     * @param graftLayers the GPT-2 shape's blocks the grafting step's mask covers, as {@code localize
     *     --layers} (empty: every block, {@code localize}'s default; the skill-lab model always uses every
     *     block)
     * @param device where the models run
     */
    public record Settings(
            Path skillLab,
            BenchSettings gpt2,
            Sizes sizes,
            int warmup,
            int repetitions,
            String mergeHeap,
            java.util.Set<Integer> graftLayers,
            Device device) {
        /** Checks the counts. */
        public Settings {
            graftLayers = java.util.Set.copyOf(graftLayers);
            if (warmup < 0 || repetitions < 1) {
                throw new IllegalArgumentException(
                        "warmup must be >= 0 and repetitions >= 1, got " + warmup + ", " + repetitions);
            }
        }

        /**
         * GPT-2 small (12 layers) and the full sizes, 1 warm-up and 5 repetitions; the GPT-2 grafting step
         * masks the last two blocks ({@code localize --layers 10,11}, as the README advises for large
         * models: every block's θ_pre, θ_ft and S need 12 bytes per weight on the heap beside the
         * fine-tuning step's AdamW state).
         */
        public static Settings full(Path skillLab, Device device) {
            return new Settings(
                    skillLab, BenchSettings.full(device), Sizes.FULL, 1, 5, "3g", java.util.Set.of(10, 11), device);
        }

        /** 2 layers of GPT-2 small's widths and the quick sizes, 1 warm-up and 3 repetitions: seconds. */
        public static Settings quick(Path skillLab, Device device) {
            return new Settings(
                    skillLab, BenchSettings.quick(device), Sizes.QUICK, 1, 3, "3g", java.util.Set.of(), device);
        }
    }

    /**
     * The work of each sample.
     *
     * @param probeRows examples (prompt and answer) per probe pass
     * @param prompts prompts per generation pass (NA, KSD, plain)
     * @param maxNewTokens generation limit of those passes
     * @param fitRows forget and retain examples that NA and KSD are fitted on (once, untimed)
     * @param trainBatch sequences per fine-tuning and grafting step
     * @param decodePrompts prompts of the prefill/decode pair
     * @param decodeTokens new tokens of the decode sample (no stop token)
     */
    public record Sizes(
            int probeRows,
            int prompts,
            int maxNewTokens,
            int fitRows,
            int trainBatch,
            int decodePrompts,
            int decodeTokens) {
        /** A seconds-long run. */
        public static final Sizes QUICK = new Sizes(16, 8, 6, 16, 8, 4, 8);

        /** The full run. */
        public static final Sizes FULL = new Sizes(64, 32, 16, 64, 16, 8, 24);
    }

    /**
     * The rows of one run and how it ran.
     *
     * @param settings the settings
     * @param rows one per measurement and model
     * @param environment threads and versions
     */
    public record Report(Settings settings, List<MethodRow> rows, Map<String, String> environment) {
        /**
         * The table for a terminal, with the exact settings.
         *
         * @return several lines
         */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append("methods against a plain forward, generation or training step, same run, alternating samples,");
            sb.append(String.format(" %d warm-up, median of %d%n", settings.warmup(), settings.repetitions()));
            sb.append("threads: ").append(environment.get("threads")).append('\n');
            sb.append("ratio: time per unit, method / baseline (memory: peak above the JVM / one model's weights)\n\n");
            sb.append(String.format(
                    java.util.Locale.ROOT,
                    "%-10s %-44s %-36s %7s%n",
                    "model",
                    "method",
                    "rate  vs  baseline rate",
                    "ratio"));
            for (MethodRow r : rows) {
                sb.append(r.line());
            }
            return sb.toString();
        }

        /**
         * The report as JSON: settings, rows with their rates and ratios, environment.
         *
         * @return a JSON tree
         */
        public com.google.gson.JsonObject json() {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("kind", "bench-methods");
            com.google.gson.JsonObject s = new com.google.gson.JsonObject();
            s.addProperty("skill_lab", settings.skillLab().toString());
            s.addProperty("gpt2_layers", settings.gpt2().layers());
            s.addProperty("gpt2_hidden", settings.gpt2().hidden());
            s.addProperty("gpt2_vocab", settings.gpt2().vocab());
            s.add("sizes", io.skillscope.core.Json.GSON.toJsonTree(settings.sizes()));
            s.addProperty("warmup", settings.warmup());
            s.addProperty("repetitions", settings.repetitions());
            s.addProperty("merge_heap", settings.mergeHeap());
            s.addProperty("device", settings.device().toString());
            o.add("settings", s);
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            for (MethodRow r : rows) {
                com.google.gson.JsonObject j =
                        io.skillscope.core.Json.GSON.toJsonTree(r).getAsJsonObject();
                j.add("rate", io.skillscope.core.Json.num(r.rate()));
                j.add("baseline_rate", io.skillscope.core.Json.num(r.baselineRate()));
                j.add("ratio", io.skillscope.core.Json.num(r.ratio()));
                a.add(j);
            }
            o.add("rows", a);
            com.google.gson.JsonObject env = new com.google.gson.JsonObject();
            environment.forEach(env::addProperty);
            o.add("environment", env);
            return o;
        }
    }

    /**
     * Runs every measurement on both models.
     *
     * @param settings what to run
     * @return the rows, skill-lab model first
     */
    public static Report measure(Settings settings) {
        List<MethodRow> rows = new ArrayList<>();
        CharTokenizer tok = CharTokenizer.load(settings.skillLab().resolve("tokenizer.json"));
        SkillSuite suite = Recipe.suiteOf(settings.skillLab());
        Data data = Data.of(tok, suite, settings.sizes());
        try (Transformer lab = Transformer.load(settings.skillLab(), settings.device())) {
            rows.addAll(measure("skill-lab", lab, data, settings, java.util.Set.of()));
        }
        BenchSettings g = settings.gpt2();
        String name = "gpt2-" + g.layers() + "L";
        try (Transformer gpt2 = Transformer.random(g.modelConfig(), WEIGHT_SEED, settings.device())) {
            rows.addAll(measure(name, gpt2, data, settings, settings.graftLayers()));
        }
        rows.add(merge(name, g.modelConfig(), settings.mergeHeap()));
        return new Report(settings, rows, environment());
    }

    /** The examples every model is fed, tokenized with the skill lab's character tokenizer. */
    record Data(
            TokenCodec codec,
            int padId,
            List<Example> forget,
            List<Example> retain,
            List<Example> probe,
            List<String> prompts,
            TaskData task) {
        static Data of(CharTokenizer tok, SkillSuite suite, Sizes z) {
            int n = Math.max(z.fitRows(), Math.max(z.probeRows(), z.prompts()));
            SkillDataset f = Splits.generate(List.of(suite.get(FORGET)), new SplitSizes(n, 1, n), DATA_SEED);
            SkillDataset r = Splits.generate(List.of(suite.get(RETAIN)), new SplitSizes(n, 1, n), DATA_SEED + 1);
            SkillDataset m = Splits.generate(
                    List.of(suite.get(MASK_SKILL)), new SplitSizes(z.trainBatch(), 1, 1), DATA_SEED + 2);
            List<Example> probe = new ArrayList<>();
            List<String> prompts = new ArrayList<>();
            for (int i = 0; probe.size() < z.probeRows(); i++) {
                probe.add((i % 2 == 0 ? f : r).test().get(i / 2));
            }
            for (int i = 0; prompts.size() < z.prompts(); i++) {
                prompts.add((i % 2 == 0 ? f : r).test().get(i / 2).prompt());
            }
            return new Data(
                    TokenCodec.of(tok),
                    tok.padId(),
                    f.train().subList(0, z.fitRows()),
                    r.train().subList(0, z.fitRows()),
                    probe,
                    prompts,
                    TaskData.of(m, tok));
        }
    }

    private static List<MethodRow> measure(
            String subject, Transformer model, Data d, Settings s, java.util.Set<Integer> graftLayers) {
        List<MethodRow> rows = new ArrayList<>();
        rows.add(probe(subject, model, d, s));
        rows.addAll(unlearning(subject, model, d, s));
        rows.add(decode(subject, model, d, s));
        rows.add(graft(subject, model, d, s, graftLayers));
        return rows;
    }

    /** {@link Probe#run} at every {@code mlp.hook_post}, all tokens, against the same passes without hooks. */
    private static MethodRow probe(String subject, Transformer model, Data d, Settings s) {
        ProbeDataset ds = ProbeDataset.fromExamples("bench", d.probe(), d.codec(), true);
        ProbeSettings ps = ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_post");
        List<HookName> hooks = ps.resolve(model);
        RunUntil until = RunUntil.covering(hooks);
        List<ProbeDataset.Row> rowsOf = ds.rows();
        long[][] t = alternate(
                s,
                () -> time(() -> Probe.run(model, ds, ps, "unhashed")),
                () -> time(() -> {
                    for (int from = 0; from < rowsOf.size(); from += ps.batchSize()) {
                        List<int[]> ids = new ArrayList<>();
                        for (ProbeDataset.Row r :
                                rowsOf.subList(from, Math.min(rowsOf.size(), from + ps.batchSize()))) {
                            ids.add(r.tokens());
                        }
                        try (NDManager m = model.manager().newSubManager()) {
                            model.forward(m, TokenBatch.rightPadded(ids, 0), until);
                        }
                    }
                }));
        double tokens = ds.tokens();
        return new MethodRow(
                subject,
                "probe (Probe.run, StatsCollector x " + hooks.size() + ")",
                MethodRow.Kind.TIME,
                "tokens",
                tokens,
                Timing.medianSeconds(t[0]),
                "the same forward passes, no hooks",
                tokens,
                Timing.medianSeconds(t[1]),
                1.05,
                String.format("%d rows, %.0f tokens, batch %d", ds.size(), tokens, ps.batchSize()));
    }

    /** One NA and one KSD generation pass, each against plain greedy generation of the same prompts. */
    private static List<MethodRow> unlearning(String subject, Transformer model, Data d, Settings s) {
        NeuronAdjust.Settings nas = NeuronAdjust.Settings.defaults();
        NeuronAdjust na = Unlearning.neuronAdjust(model, d.codec(), d.forget(), d.retain(), nas);
        KeySpaceDetector.Settings ks = KeySpaceDetector.Settings.defaults();
        KeySpaceDetector ksd =
                KeySpaceDetector.fit(model, ProbeDataset.fromExamples("forget", d.forget(), d.codec(), false), ks);
        int maxNew = s.sizes().maxNewTokens();
        List<MethodRow> out = new ArrayList<>();
        for (Object[] m : new Object[][] {
            {"Neuron Adjust pass (NeuronAdjust.answer)", na, nas.batchSize()},
            {"KSD pass (KeySpaceDetector.answer)", ksd, ks.batchSize()}
        }) {
            Unlearner u = (Unlearner) m[1];
            int batch = (Integer) m[2];
            long[][] t = alternate(
                    s,
                    () -> time(() -> u.answer(model, d.codec(), d.prompts(), maxNew, batch)),
                    () -> time(() -> Unlearner.none().answer(model, d.codec(), d.prompts(), maxNew, batch)));
            double n = d.prompts().size();
            out.add(new MethodRow(
                    subject,
                    (String) m[0],
                    MethodRow.Kind.TIME,
                    "prompts",
                    n,
                    Timing.medianSeconds(t[0]),
                    "plain greedy generation (Unlearner.none)",
                    n,
                    Timing.medianSeconds(t[1]),
                    Double.NaN,
                    String.format(
                            "%d prompts, <= %d new tokens, batch %d",
                            d.prompts().size(), maxNew, batch)));
        }
        return out;
    }

    /**
     * {@link Generator} with {@code N} new tokens against 1: decode tokens/s is {@code B (N − 1)} over the
     * difference of the medians, prefill tokens/s the prompt tokens over the 1-token median.
     */
    private static MethodRow decode(String subject, Transformer model, Data d, Settings s) {
        List<int[]> prompts = new ArrayList<>();
        long promptTokens = 0;
        for (String p : d.prompts().subList(0, s.sizes().decodePrompts())) {
            int[] ids = d.codec().promptIds(p);
            prompts.add(ids);
            promptTokens += ids.length;
        }
        int n = s.sizes().decodeTokens();
        GenerationConfig one = GenerationConfig.greedy(1, d.padId()); // no stop token: exactly N new tokens
        GenerationConfig many = GenerationConfig.greedy(n, d.padId());
        long[][] t = alternate(
                s,
                () -> time(() -> Generator.generate(model, prompts, many)),
                () -> time(() -> Generator.generate(model, prompts, one)));
        double prefill = Timing.medianSeconds(t[1]);
        return new MethodRow(
                subject,
                "KV-cache decode (Generator)",
                MethodRow.Kind.TIME,
                "tokens",
                (double) prompts.size() * (n - 1),
                Timing.medianSeconds(t[0]) - prefill,
                "prefill (Generator, 1 new token)",
                promptTokens,
                prefill,
                Double.NaN,
                String.format("%d prompts, %d prompt tokens, %d new tokens each", prompts.size(), promptTokens, n));
    }

    /**
     * One grafting step ({@link MaskOptimizer#step} on one batch, then {@link MaskOptimizer#binary}, as
     * {@code localize} runs each step before scoring the mask) against one step of the lab's trainer
     * (AdamW, every parameter, as {@code train sft}) on the same batch. Both run on the same model: θ_ft
     * is θ_pre plus seeded noise in the localizer's default regions, and each sample first restores which
     * parameters require gradients for its method (untimed), so each backward computes what its command's
     * does.
     */
    static MethodRow graft(String subject, Transformer model, Data d, Settings s, java.util.Set<Integer> layers) {
        List<Sequence> batch = d.task().trainSequences().subList(0, s.sizes().trainBatch());
        LocalizationSettings ls =
                LocalizationSettings.of(1e-3).withBatches(batch.size(), 1).withProgress(false);
        ParameterStore params = model.parameters();
        Map<String, float[]> pre = new LinkedHashMap<>();
        Map<String, float[]> ft = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(DATA_SEED);
        TensorSelection selection = new TensorSelection(layers, false, null, 0);
        for (String name : params.names()) {
            if (selection.admits(params.spec(name), ls.regions())) {
                float[] a = params.get(name).toFloatArray();
                float[] b = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    b[i] = a[i] + (float) ((rng.nextDouble() - 0.5) * 2e-3);
                }
                pre.put(name, a);
                ft.put(name, b);
            }
        }
        List<String> outside = new ArrayList<>(params.names());
        outside.removeAll(pre.keySet());
        MaskOptimizer opt = new MaskOptimizer(model, pre, ft, ls, d.padId());
        Recipe.Optim optim =
                new Recipe.Optim(OptimizerKind.ADAMW, 1e-4, 0, 0.01, 1.0, LrSchedule.Kind.CONSTANT, 0, 1.0, 0);
        try (Trainer trainer = new Trainer(model, optim.toTrainConfig(1000), Trainer.all(model))) {
            long[][] t = alternate(
                    s,
                    () -> {
                        Gradients.require(params, outside, false); // localize trains S only
                        System.gc(); // untimed: the previous sample's host copies, not this one's
                        return time(() -> {
                            opt.step(List.of(batch));
                            opt.binary();
                        });
                    },
                    () -> {
                        Gradients.require(params, trainer.trainable(), true);
                        System.gc();
                        return time(() -> trainer.step(batch, d.padId()));
                    });
            opt.writePre();
            long tokens = batch.stream().mapToLong(q -> q.tokens().length).sum();
            return new MethodRow(
                    subject,
                    String.format(
                            "grafting step (MaskOptimizer, %sN=%,d)",
                            layers.isEmpty() ? "" : "layers " + new java.util.TreeSet<>(layers) + ", ", opt.included()),
                    MethodRow.Kind.TIME,
                    "steps",
                    1,
                    Timing.medianSeconds(t[0]),
                    "fine-tuning step (Trainer, AdamW, all weights)",
                    1,
                    Timing.medianSeconds(t[1]),
                    1.5,
                    String.format("batch %d sequences, %d tokens", batch.size(), tokens));
        }
    }

    /** The peak of a streamed TIES merge of two random fine-tunes of {@code config}, in a child JVM. */
    private static MethodRow merge(String subject, ModelConfig config, String heap) {
        Path work = null;
        try {
            work = Files.createTempDirectory("skillscope-bench-merge");
            Path spec = MergeMemory.writeInputs(config, work);
            MergeMemory.Result r = MergeMemory.measure(spec, work.resolve("merged"), heap);
            return new MethodRow(
                    subject,
                    "streamed TIES merge of 2 (MergeSpec.run)",
                    MethodRow.Kind.MEMORY,
                    "bytes",
                    r.merged(),
                    1,
                    "one model's float32 weights",
                    r.modelBytes(),
                    1,
                    1 + 4.0 * r.largestTensorBytes() / r.modelBytes(),
                    String.format(
                            "child -Xmx%s, VmHWM %.0f MiB - JVM %.0f MiB; largest tensor %.1f MiB",
                            heap,
                            r.peakBytes() / 1048576.0,
                            r.baselineBytes() / 1048576.0,
                            r.largestTensorBytes() / 1048576.0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the merge's work folder", e);
        } finally {
            if (work != null) {
                delete(work);
            }
        }
    }

    /**
     * Samples two kinds in turn, the first kind first in even repetitions and second in odd ones.
     *
     * @return nanoseconds {@code [kind][repetition]}
     */
    static long[][] alternate(Settings s, LongSupplier a, LongSupplier b) {
        long[][] out = new long[2][s.repetitions()];
        for (int r = -s.warmup(); r < s.repetitions(); r++) {
            boolean aFirst = Math.floorMod(r, 2) == 0;
            long x = aFirst ? a.getAsLong() : b.getAsLong();
            long y = aFirst ? b.getAsLong() : a.getAsLong();
            if (r >= 0) {
                out[0][r] = aFirst ? x : y;
                out[1][r] = aFirst ? y : x;
            }
        }
        return out;
    }

    private static long time(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return System.nanoTime() - t0;
    }

    /** Threads as the engine reports them, and versions. */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(io.skillscope.core.Provenance.environment());
        env.put(
                "threads",
                String.format(
                        "torch intra-op %d, inter-op %d (ai.djl.pytorch.num_threads=%s, OMP_NUM_THREADS=%s), %d cores",
                        ai.djl.pytorch.jni.JniUtils.getNumThreads(),
                        ai.djl.pytorch.jni.JniUtils.getNumInteropThreads(),
                        System.getProperty("ai.djl.pytorch.num_threads", "unset"),
                        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                        Runtime.getRuntime().availableProcessors()));
        try {
            env.put("load_average", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (java.io.IOException | RuntimeException e) {
            env.put("load_average", "unknown");
        }
        return env;
    }

    private static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind
        }
    }

    /**
     * {@code skillscope bench methods [--quick] [--model DIR] [--out FILE.json]}: prints the table, and
     * writes the JSON when asked.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        if (args.length == 3 && args[0].equals(MergeMemory.CHILD_FLAG)) {
            MergeMemory.child(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        boolean quick = false;
        Path model = Path.of("models", "skill-lab-base");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--model" -> model = Path.of(value(args, ++i, "--model"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + "; use [--quick] [--model DIR] [--out FILE.json]");
            }
        }
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw new IllegalArgumentException("--model " + model + " has no config.json (the skill-lab model folder)");
        }
        Device device = Transformer.defaultDevice();
        Report r = measure(quick ? Settings.quick(model, device) : Settings.full(model, device));
        System.out.print(r.table());
        if (out != null) {
            io.skillscope.core.Json.write(out, r.json());
            System.out.println("wrote " + out);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
