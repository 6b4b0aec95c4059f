package io.skillscope.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling measurement of docs/spark.md, run only when asked ({@code -Dskillscope.spark.scaling=true}):
 * one standalone cluster of two one-core workers; applications alternately limited to one executor
 * ({@code spark.cores.max=1}) and two, each probing the same corpus (a short warm-up pass loads the model on
 * the executors, then a timed pass over the corpus). Prints rows per second per run and the medians, and writes them to
 * {@code target/spark-scaling.txt}.
 */
class SparkScalingIT {
    @TempDir
    Path dir;

    @Test
    void probeThroughputOnOneAndTwoWorkers() throws Exception {
        assumeTrue(Boolean.getBoolean("skillscope.spark.scaling"), "set -Dskillscope.spark.scaling=true");
        int rows = Integer.getInteger("skillscope.spark.scaling.rows", 1024);
        int rounds = Integer.getInteger("skillscope.spark.scaling.rounds", 3);
        Path corpus = SparkFixtures.corpus(dir, "add", rows, 3);
        Path warm = SparkFixtures.corpus(dir, "rev", 64, 3);
        ProbeSettings settings =
                ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_pre").withBatchSize(32);
        Path home = Path.of("target", "spark-scaling-" + ProcessHandle.current().pid())
                .toAbsolutePath();
        StringBuilder report = new StringBuilder();
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(home, 2, "1g")) {
            for (int r = 0; r < rounds; r++) {
                for (int executors : new int[] {1, 2}) {
                    SparkSettings s = SparkSettings.of(cluster.master(), "scaling")
                            .with("spark.driver.host", "127.0.0.1")
                            .with("spark.driver.bindAddress", "127.0.0.1")
                            .with("spark.executor.memory", "640m")
                            .with("spark.executor.cores", "1")
                            .with("spark.cores.max", Integer.toString(executors))
                            .with("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                            .with("spark.scheduler.maxRegisteredResourcesWaitingTime", "180s");
                    try (JavaSparkContext sc = s.open()) {
                        // warm-up: every executor loads the model (one task each)
                        DistributedProbe.run(
                                sc, SparkFixtures.MODEL, Corpus.of(warm.toString()), settings, 2 * executors);
                        long t0 = System.nanoTime();
                        DistributedProbe.run(
                                sc, SparkFixtures.MODEL, Corpus.of(corpus.toString()), settings, 2 * executors);
                        double rps = rows / ((System.nanoTime() - t0) / 1e9);
                        (executors == 1 ? one : two).add(rps);
                        String line = String.format(
                                Locale.ROOT,
                                "round %d, %d executor(s): %.1f rows/s, load average %s",
                                r,
                                executors,
                                rps,
                                Files.readString(Path.of("/proc/loadavg")).trim());
                        System.out.println(line);
                        report.append(line).append('\n');
                    }
                }
            }
        }
        String summary = String.format(
                Locale.ROOT,
                "median rows/s: 1 executor %.1f, 2 executors %.1f, speed-up %.2fx (%d rows of add, every token,"
                        + " blocks.*.mlp.hook_pre, batch 32)",
                median(one),
                median(two),
                median(two) / median(one),
                rows);
        System.out.println(summary);
        report.append(summary).append('\n');
        Files.writeString(Path.of("target", "spark-scaling.txt"), report.toString());
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
