package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.api.ModelCodec;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.FieldNames;
import io.skillscope.datasets.Jsonl;
import io.skillscope.probes.HistogramSpec;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real standalone cluster: a Master and two Workers (one core each) as separate JVMs on 127.0.0.1,
 * started and stopped by the test. Through it, {@code skillscope-spark probe} reproduces {@link
 * Probe#run}'s statistics on one machine (counts and histograms exactly, means and variances within 1e-6
 * relative), and {@code skillscope-spark sweep localize} runs 2 skills × 3 sparsities as six tasks with one
 * {@code index.html}.
 */
class StandaloneClusterIT {
    @TempDir
    Path dir;

    @Test
    void aTwoWorkerClusterReproducesTheProbeAndRunsASweep() throws Exception {
        Path corpus = SparkFixtures.corpus(dir, "add", 96, 21);
        ProbeSettings settings = ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_post")
                .withBatchSize(8)
                .withHistogram(new HistogramSpec(-1, 2, 12));
        ProbeResult single;
        try (ModelCodec codec = ModelCodec.of(SparkFixtures.MODEL);
                Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            single = Probe.run(
                    m,
                    ProbeDataset.fromExamples(
                            "add", Jsonl.read(corpus, FieldNames.DEFAULT, "add"), codec.codec(), true),
                    settings);
        }
        Path home = Path.of("target", "spark-cluster-" + ProcessHandle.current().pid())
                .toAbsolutePath();
        try (StandaloneCluster cluster = StandaloneCluster.start(home, 2, "1g")) {
            List<String> spark = List.of(
                    "--master", cluster.master(),
                    "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.executor.memory=640m",
                    "--conf", "spark.executor.cores=1",
                    "--conf", "spark.cores.max=2",
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=180s");
            Path out = dir.resolve("probe");
            List<String> probe = new ArrayList<>(List.of("probe"));
            probe.addAll(spark);
            probe.addAll(List.of(
                    "--model", SparkFixtures.MODEL.toString(),
                    "--data", corpus.toString(),
                    "--hook", "blocks.*.mlp.hook_post",
                    "--position", "all",
                    "--batch", "8",
                    "--histogram", "-1,2,12",
                    "--partitions", "4",
                    "--out", out.toString()));
            run(cluster, probe);
            assertTrue(AtomicFolder.isComplete(out));
            SparkFixtures.assertSameStats(single, ProbeResult.load(out.resolve("add")));

            Path root = dir.resolve("sweep");
            List<String> sweep = new ArrayList<>(List.of("sweep", "localize"));
            sweep.addAll(spark);
            sweep.addAll(List.of(
                    "--base",
                    SweepAndRetryTest.PRE.toString(),
                    "--finetuned",
                    SweepAndRetryTest.FT.toString(),
                    "--skills",
                    "mul,add",
                    "--sparsities",
                    "0.001,0.003,0.01",
                    "--seeds",
                    "0",
                    "--out",
                    root.toString(),
                    "--"));
            sweep.addAll(SweepAndRetryTest.FAST);
            run(cluster, sweep);
            String index = Files.readString(root.resolve("index.html"));
            List<SweepPoint> grid = SweepGrid.localize(
                    SweepAndRetryTest.PRE,
                    SweepAndRetryTest.FT,
                    List.of("mul", "add"),
                    List.of("0.001", "0.003", "0.01"),
                    List.of(0L),
                    SweepAndRetryTest.FAST);
            assertEquals(6, grid.size());
            for (SweepPoint p : grid) {
                assertTrue(AtomicFolder.isComplete(root.resolve(p.name())), p.name());
                assertTrue(Files.isRegularFile(root.resolve(p.name()).resolve("result.json")), p.name());
                assertTrue(index.contains(p.name()), p.name());
            }
            assertTrue(cluster.alive(), "master and workers still up:\n" + cluster.logs());
        }
    }

    private static void run(StandaloneCluster cluster, List<String> args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SparkMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args.toArray(String[]::new));
        assertEquals(
                0, code, "skillscope-spark " + args + "\nstdout: " + out + "\nstderr: " + err + "\n" + cluster.logs());
    }
}
