package io.skillscope.spark;

import io.skillscope.core.SkillscopeException;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code skillscope-spark bench-scaling}: the probe's throughput on one and on two one-core executors of a
 * standalone cluster on 127.0.0.1 (a Master and two one-core Workers, separate JVMs started here and
 * stopped at the end). Each round runs two applications in alternation, limited to one executor
 * ({@code spark.cores.max=1}) and to two; each first probes a short warm-up corpus (every executor loads the
 * model), then times a probe of {@code --rows} rows of {@code add} (every token, {@code
 * blocks.*.mlp.hook_pre}, 2 partitions per executor). Prints rows/s per run, the medians, their ratio and
 * the machine's load average before and after. A measurement, not a test: run it on a quiet machine.
 */
@Command(
        name = "bench-scaling",
        mixinStandardHelpOptions = true,
        description = {
            "Probe throughput (rows/s) on 1 and 2 one-core executors of a standalone cluster on 127.0.0.1 that this",
            "command starts and stops; rounds alternate the two, medians and their ratio are printed with the load",
            "average before and after. Run it on a quiet machine."
        })
final class ScalingBenchCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            defaultValue = "models/skill-lab-base",
            paramLabel = "DIR",
            description = "The model probed (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = "--rows",
            defaultValue = "1024",
            paramLabel = "N",
            description = "Rows of add probed per timed run (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            paramLabel = "R",
            description = "Rounds, each one run on 1 executor and one on 2 (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--batch",
            defaultValue = "32",
            paramLabel = "N",
            description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--executor-memory",
            defaultValue = "640m",
            paramLabel = "SIZE",
            description = "Heap of each executor (default: ${DEFAULT-VALUE}); workers offer 1g each.")
    String executorMemory;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Folder for the cluster's Spark home, logs and corpora (default: a new temporary folder).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the lines printed to FILE.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cmd = spec.commandLine();
        if (rows < 1 || rounds < 1 || batch < 1) {
            throw new ParameterException(
                    cmd, "--rows, --rounds and --batch must be >= 1, got " + rows + ", " + rounds + ", " + batch);
        }
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw new ParameterException(cmd, "--model " + model + " is not a model folder (no config.json)");
        }
        Path dir = work == null ? Files.createTempDirectory("skillscope-bench-scaling") : work;
        Files.createDirectories(dir);
        Path corpus = corpus(dir, "add", rows, 3);
        Path warm = corpus(dir, "rev", 64, 3);
        Path abs = model.toAbsolutePath().normalize();
        ProbeSettings settings =
                ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_pre").withBatchSize(batch);
        PrintWriter w = cmd.getOut();
        List<String> report = new ArrayList<>();
        java.util.function.Consumer<String> say = line -> {
            w.println(line);
            w.flush();
            report.add(line);
        };
        say.accept("load average before: " + loadAverage());
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("spark-home"), 2, "1g")) {
            for (int r = 0; r < rounds; r++) {
                for (int executors : new int[] {1, 2}) {
                    SparkSettings s = SparkSettings.of(cluster.master(), "skillscope bench-scaling")
                            .with("spark.driver.host", "127.0.0.1")
                            .with("spark.driver.bindAddress", "127.0.0.1")
                            .with("spark.executor.memory", executorMemory)
                            .with("spark.executor.cores", "1")
                            .with("spark.cores.max", Integer.toString(executors))
                            .with("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                            .with("spark.scheduler.maxRegisteredResourcesWaitingTime", "180s");
                    try (JavaSparkContext sc = s.open()) {
                        // warm-up: every executor loads the model
                        DistributedProbe.run(sc, abs, Corpus.of(warm.toString()), settings, 2 * executors);
                        long t0 = System.nanoTime();
                        DistributedProbe.run(sc, abs, Corpus.of(corpus.toString()), settings, 2 * executors);
                        double rps = rows / ((System.nanoTime() - t0) / 1e9);
                        (executors == 1 ? one : two).add(rps);
                        say.accept(String.format(
                                Locale.ROOT,
                                "round %d, %d executor(s): %.1f rows/s, load average %s",
                                r + 1,
                                executors,
                                rps,
                                loadAverage()));
                    }
                }
            }
        }
        say.accept(String.format(
                Locale.ROOT,
                "median rows/s: 1 executor %.1f, 2 executors %.1f, ratio %.2fx (%d rows of add, every token,"
                        + " blocks.*.mlp.hook_pre, batch %d, %d round%s)",
                median(one),
                median(two),
                median(two) / median(one),
                rows,
                batch,
                rounds,
                rounds == 1 ? "" : "s"));
        say.accept("load average after: " + loadAverage());
        if (out != null) {
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.writeString(tmp, String.join("\n", report) + "\n");
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            w.println("wrote " + out);
            w.flush();
        }
        return 0;
    }

    /** {@code n} test examples of {@code skill} drawn with {@code seed}, as JSONL in {@code dir}. */
    static Path corpus(Path dir, String skill, int n, long seed) {
        List<Example> ex = Splits.generate(List.of(SkillSuite.standard().get(skill)), new SplitSizes(0, 0, n), seed)
                .test();
        Path file = dir.resolve(skill + ".jsonl");
        Jsonl.write(file, ex);
        return file;
    }

    /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or {@code n/a}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            throw new SkillscopeException("no runs to take a median of");
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
