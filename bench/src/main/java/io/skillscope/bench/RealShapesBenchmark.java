package io.skillscope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.model.KvCache;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The real-shape benchmark ({@code skillscope bench real-shapes}).
 *
 * <pre>
 * real-shapes --write DIR [--shapes a,b] [--no-rope-scaling]   write the checkpoints (RealShapes)
 * real-shapes --dir DIR [--shapes a,b] [--prompts 1000] [--skip na,ksd,localize,merge] [--heap 3g]
 *                                                    measure and print a table; --heap: the children's -Xmx
 * </pre>
 *
 * <p>Per shape, each measurement runs in its own child JVM (same classpath) so that peak RSS ({@code VmHWM}
 * of the child) is its own: {@code load} (stored GB/s), {@code prefill} (1 x 128 tokens: tokens/s and the
 * fraction of the float32 matmul rate, {@link ForwardFlops} over {@link MatmulRate}), {@code decode} (32
 * tokens with the KV cache), {@code probe} (every layer's {@code mlp.hook_post} over the prompts), and,
 * through the command line in a child JVM, {@code unlearn na}, {@code unlearn ksd} (seconds per 1,000
 * prompts, the load subtracted) and {@code localize} on the MLPs of two layers (seconds per step per
 * million included weights), and {@code merge} (task arithmetic of the fine-tuned copy onto the base, into a
 * scratch folder deleted afterwards; its peak RSS only). Children run with {@code MALLOC_ARENA_MAX=2}, as the
 * launcher does. A family without an adapter yet is skipped with its config error.
 */
public final class RealShapesBenchmark {
    private RealShapesBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path write = null;
        Path dir = null;
        boolean noRope = false;
        int prompts = 1000;
        String heap = "3g";
        List<String> shapes = new ArrayList<>();
        List<String> skip = new ArrayList<>();
        String child = null;
        Path model = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--write" -> write = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--shapes" -> shapes.addAll(List.of(args[++i].split(",")));
                case "--skip" -> skip.addAll(List.of(args[++i].split(",")));
                case "--no-rope-scaling" -> noRope = true;
                case "--prompts" -> prompts = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--child" -> child = args[++i];
                case "--model" -> model = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i]
                                    + "; use --write DIR or --dir DIR, with --shapes, --prompts, --skip, --heap, --no-rope-scaling");
            }
        }
        if (child != null) {
            child(child, model, prompts);
            return;
        }
        if (prompts < 48) {
            // localize draws --train 32 --dev 8 --test 8 from the forget prompts
            throw new IllegalArgumentException("--prompts " + prompts + " is too few: localize needs at least 48");
        }
        if (write == null && dir == null) {
            throw new IllegalArgumentException("give --write DIR (write checkpoints) or --dir DIR (measure)");
        }
        for (RealShapes.Shape s : RealShapes.all()) {
            if (!shapes.isEmpty() && !shapes.contains(s.name()) && !shapes.contains(s.name() + "-norope")) {
                continue;
            }
            boolean scaled = s.config().has("rope_scaling")
                    && !s.config().get("rope_scaling").isJsonNull();
            RealShapes.Shape w =
                    scaled && (noRope || shapes.contains(s.name() + "-norope")) ? s.withoutRopeScaling() : s;
            if (write != null) {
                long t0 = System.nanoTime();
                RealShapes.write(w, write.resolve(w.name()), 1);
                System.out.printf(
                        Locale.ROOT,
                        "%s: %,d parameters (%s) in %.1f s -> %s%n",
                        w.name(),
                        w.parameters(),
                        w.dtype().safetensorsName(),
                        (System.nanoTime() - t0) / 1e9,
                        write.resolve(w.name()));
            } else {
                measure(w, dir, prompts, skip, heap);
            }
        }
    }

    /** Header of the printed table. */
    static final String HEADER = String.format(
            Locale.ROOT,
            "%-20s %8s %8s %9s %7s %8s %8s %9s %9s %11s %s%n",
            "shape",
            "params",
            "load",
            "prefill",
            "of mm",
            "decode",
            "probe",
            "NA",
            "KSD",
            "localize",
            "peak RSS / fp32 weights");

    private static void measure(RealShapes.Shape shape, Path dir, int prompts, List<String> skip, String heap)
            throws Exception {
        Path folder = dir.resolve(shape.name());
        if (!Files.isRegularFile(folder.resolve("model.safetensors"))) {
            RealShapes.write(shape, folder, 1);
        }
        try {
            ModelConfig.load(folder.resolve("config.json")); // a family without an adapter fails here, by name
        } catch (RuntimeException e) {
            System.out.printf(Locale.ROOT, "%-20s skipped: %s%n", shape.name(), e.getMessage());
            return;
        }
        double weights = shape.parameters() * 4.0;
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path forget = data.resolve("forget-" + prompts + ".jsonl");
        Path retain = data.resolve("retain-" + prompts + ".jsonl");
        if (!Files.exists(forget)) {
            RealShapes.writePrompts(forget, prompts, 16, 1);
            RealShapes.writePrompts(retain, prompts, 16, 2);
        }
        Map<String, Result> r = new LinkedHashMap<>();
        for (String task : List.of("load", "prefill", "decode", "probe")) {
            r.put(
                    task,
                    run(
                            heap,
                            List.of(
                                    benchMain(),
                                    "--child",
                                    task,
                                    "--model",
                                    folder.toString(),
                                    "--prompts",
                                    Integer.toString(prompts))));
        }
        double load = r.get("load").value("seconds");
        for (String method : List.of("na", "ksd")) {
            if (!skip.contains(method)) {
                r.put(
                        method,
                        run(
                                heap,
                                cli(
                                        "unlearn",
                                        method,
                                        "--model",
                                        folder.toString(),
                                        "--forget",
                                        forget.toString(),
                                        "--retain",
                                        retain.toString(),
                                        "--train",
                                        "8",
                                        "--dev",
                                        "1",
                                        "--test",
                                        "1",
                                        "--out",
                                        tmp(method).toString())));
            }
        }
        double included = 0;
        if (!skip.contains("localize")) {
            Path ft = dir.resolve(shape.name() + "-ft");
            if (!Files.isRegularFile(ft.resolve("model.safetensors"))) {
                RealShapes.writePerturbed(shape, ft, 1, name -> name.matches(".*layers\\.[01]\\.mlp\\..*"));
            }
            included = shape.tensors().stream()
                    .filter(t -> t.name().matches(".*layers\\.[01]\\.mlp\\..*"))
                    .mapToLong(RealShapes.Tensor::numel)
                    .sum();
            r.put(
                    "localize",
                    run(
                            heap,
                            cli(
                                    "localize",
                                    "--base",
                                    folder.toString(),
                                    "--finetuned",
                                    ft.toString(),
                                    "--data",
                                    forget.toString(),
                                    "--layers",
                                    "0,1",
                                    "--mlp-only",
                                    "--sparsity",
                                    "1e-3",
                                    "--steps",
                                    "2",
                                    "--batch",
                                    "8",
                                    "--accumulation",
                                    "1",
                                    "--train",
                                    "32",
                                    "--dev",
                                    "8",
                                    "--test",
                                    "8",
                                    "--quiet",
                                    "--out",
                                    tmp("loc").toString())));
        }
        if (!skip.contains("merge")) {
            // task arithmetic of the fine-tuned copy onto the base, written to a scratch folder deleted after
            Path ft = dir.resolve(shape.name() + "-ft");
            if (!Files.isRegularFile(ft.resolve("model.safetensors"))) {
                RealShapes.writePerturbed(shape, ft, 1, name -> name.matches(".*layers\\.[01]\\.mlp\\..*"));
            }
            Path scratch = tmp("merge");
            Path config = scratch.resolve("merge.json");
            com.google.gson.JsonObject spec = new com.google.gson.JsonObject();
            spec.addProperty("method", "task_arithmetic");
            spec.addProperty("base", folder.toAbsolutePath().toString());
            com.google.gson.JsonArray models = new com.google.gson.JsonArray();
            com.google.gson.JsonObject m = new com.google.gson.JsonObject();
            m.addProperty("model", ft.toAbsolutePath().toString());
            models.add(m);
            spec.add("models", models);
            spec.addProperty("lambda", 1.0);
            Files.writeString(config, spec.toString());
            try {
                r.put(
                        "merge",
                        run(
                                heap,
                                cli(
                                        "merge",
                                        "--config",
                                        config.toString(),
                                        "--out",
                                        scratch.resolve("out").toString())));
            } finally {
                deleteTree(scratch);
            }
        }
        // a child that failed (refused, killed) contributes no rate and its peak is marked, never counted
        double peak = r.values().stream()
                .filter(x -> x.exit() == 0)
                .mapToDouble(x -> x.peakRss)
                .max()
                .orElse(0);
        StringBuilder peaks = new StringBuilder();
        r.forEach((k, v) -> peaks.append(k)
                .append(' ')
                .append(v.exit() == 0 ? fmt(v.peakRss / weights, "%.2f") : "failed(exit " + v.exit() + ")")
                .append(' '));
        System.out.print(HEADER);
        System.out.printf(
                Locale.ROOT,
                "%-20s %7.2fB %10s %9s %7s %8s %8s %8s %8s %10s max %.2f (%s)%n",
                shape.name(),
                shape.parameters() / 1e9,
                rate(r.get("load"), "gb_per_s", 1, "%.2fGB/s"),
                rate(r.get("prefill"), "tokens_per_s", 1, "%.0ft/s"),
                rate(r.get("prefill"), "matmul_fraction", 100, "%.1f%%"),
                rate(r.get("decode"), "tokens_per_s", 1, "%.1ft/s"),
                rate(r.get("probe"), "tokens_per_s", 1, "%.0ft/s"),
                perThousand(r.get("na"), prompts),
                perThousand(r.get("ksd"), prompts),
                r.containsKey("localize") && r.get("localize").exit() == 0
                        ? fmt((r.get("localize").wall - 2 * load) / 2 / (included / 1e6), "%.2fs/st/M")
                        : "-",
                peak / weights,
                peaks.toString().trim());
        System.out.flush();
    }

    /** {@code scale·value} in {@code format}, or "-" when the child failed or did not print it. */
    static String rate(Result r, String key, double scale, String format) {
        if (r == null || r.exit() != 0 || Double.isNaN(r.value(key))) {
            return "-";
        }
        return fmt(scale * r.value(key), format);
    }

    /**
     * Fit seconds per 1,000 training prompts: the command's own "fitted ... in X s" over the 80 % of
     * both sets it trains on ({@code --train 8 --dev 1 --test 1}).
     */
    private static String perThousand(Result r, int prompts) {
        if (r == null || r.exit() != 0) {
            return "-";
        }
        return fmt(r.value("fit_seconds") * 1000.0 / (0.8 * 2 * prompts), "%.0fs/1k");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String fmt(double v, String f) {
        return String.format(Locale.ROOT, f, v);
    }

    private static Path tmp(String name) throws IOException {
        return Files.createTempDirectory("skillscope-bench-" + name);
    }

    private static String benchMain() {
        return RealShapesBenchmark.class.getName();
    }

    private static List<String> cli(String... args) {
        List<String> out = new ArrayList<>();
        out.add("io.skillscope.cli.Main");
        out.addAll(List.of(args));
        return out;
    }

    /** A child's wall seconds, peak RSS (bytes) and the {@code key=value} numbers it printed. */
    record Result(double wall, double peakRss, Map<String, Double> values, int exit) {
        double value(String key) {
            return values.getOrDefault(key, Double.NaN);
        }
    }

    /** Runs a main class in a child JVM with this classpath, polling its VmHWM. */
    private static Result run(String heap, List<String> mainAndArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap); // 3g as the launcher: weights are native, the heap holds per-batch copies
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(mainAndArgs);
        Path log = Files.createTempFile("skillscope-bench", ".log");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // as the launcher: two malloc arenas, not one per thread that frees what it did not allocate
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long hwm = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        hwm = Math.max(hwm, Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // exited between the check and the read
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(log);
        java.util.regex.Pattern fitted = java.util.regex.Pattern.compile("^fitted .* in ([0-9.]+) s;");
        for (String line : lines) {
            java.util.regex.Matcher fit = fitted.matcher(line);
            if (fit.find()) {
                values.put("fit_seconds", Double.parseDouble(fit.group(1)));
            }
            if (line.startsWith("bench ")) {
                for (String kv : line.substring(6).trim().split("\\s+")) {
                    String[] parts = kv.split("=", 2);
                    values.put(parts[0], Double.parseDouble(parts[1]));
                }
            }
        }
        if (values.containsKey("peak_rss")) {
            hwm = Math.max(hwm, values.get("peak_rss").longValue());
        }
        if (p.exitValue() != 0) {
            System.out.println("  " + String.join(" ", mainAndArgs) + " exited " + p.exitValue() + ":");
            lines.stream().skip(Math.max(0, lines.size() - 5)).forEach(l -> System.out.println("    " + l));
        }
        Files.deleteIfExists(log);
        return new Result(wall, hwm, values, p.exitValue());
    }

    /** One measurement in this (child) JVM; prints {@code bench key=value ...}. */
    private static void child(String task, Path folder, int prompts) {
        Device cpu = Device.cpu();
        long t0 = System.nanoTime();
        try (Transformer m = Transformer.load(folder, cpu)) {
            double load = (System.nanoTime() - t0) / 1e9;
            ModelConfig c = m.config();
            Random rng = new Random(1);
            int words = Math.min(RealShapes.TOKENIZER_WORDS, c.vocabSize());
            StringBuilder out = new StringBuilder("bench seconds=" + load);
            switch (task) {
                case "load" -> {
                    long bytes = folder.resolve("model.safetensors").toFile().length();
                    out.append(" gb_per_s=").append(bytes / 1e9 / load);
                }
                case "prefill" -> {
                    int[] ids = rng.ints(128, 2, words).toArray();
                    m.logits(ids); // warm-up
                    long s = System.nanoTime();
                    m.logits(ids);
                    double sec = (System.nanoTime() - s) / 1e9;
                    double flops = ForwardFlops.of(c, 1, 128).total();
                    MatmulRate rate = MatmulRate.measure(cpu, 128, c.hiddenSize(), c.intermediateSize(), 1, 3);
                    out.append(" tokens_per_s=").append(128 / sec);
                    out.append(" matmul_fraction=").append(flops / sec / rate.flopsPerSecond());
                }
                case "decode" -> {
                    int[] prompt = rng.ints(16, 2, words).toArray();
                    int steps = 32;
                    try (NDManager nd = m.manager().newSubManager()) {
                        KvCache cache = m.newCache(nd, 1);
                        m.forward(nd, TokenBatch.of(prompt), cache, Phase.PREFILL, 0);
                        long s = System.nanoTime();
                        for (int i = 0; i < steps; i++) {
                            try (NDManager step = nd.newSubManager()) {
                                m.forward(step, TokenBatch.of(2 + rng.nextInt(words - 2)), cache, Phase.DECODE, i);
                            }
                        }
                        out.append(" tokens_per_s=").append(steps / ((System.nanoTime() - s) / 1e9));
                    }
                }
                case "probe" -> {
                    List<ProbeDataset.Row> rows = new ArrayList<>();
                    long tokens = 0;
                    for (int i = 0; i < prompts; i++) {
                        int[] ids = rng.ints(16, 2, words).toArray();
                        rows.add(new ProbeDataset.Row(ids, ids.length));
                        tokens += ids.length;
                    }
                    ProbeDataset ds = ProbeDataset.of("bench", rows);
                    long s = System.nanoTime();
                    Probe.run(m, ds, ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_post"), "unhashed");
                    out.append(" tokens_per_s=").append(tokens / ((System.nanoTime() - s) / 1e9));
                }
                default -> throw new IllegalArgumentException("unknown child task " + task);
            }
            out.append(" peak_rss=").append(MemoryBudget.peakRss());
            System.out.println(out);
        }
    }
}
