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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed probe on {@code local[2]} against {@link Probe#run} on one machine, over 96 rows of
 * {@code add} in batches of 8 (12 batches): every position of every row at every layer's
 * {@code mlp.hook_post}, with a 24-bin histogram.
 */
class DistributedProbeTest {
    @TempDir
    static Path dir;

    static JavaSparkContext sc;
    static Path corpus;
    static ProbeSettings settings;
    static ProbeResult single;

    @BeforeAll
    static void start() throws Exception {
        corpus = SparkFixtures.corpus(dir, "add", 96, 7);
        settings = ProbeSettings.of(PositionMode.ALL, "blocks.*.mlp.hook_post")
                .withBatchSize(8)
                .withHistogram(new HistogramSpec(-1, 2, 24));
        try (ModelCodec codec = ModelCodec.of(SparkFixtures.MODEL);
                Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            ProbeDataset ds = ProbeDataset.fromExamples(
                    "add", Jsonl.read(corpus, FieldNames.DEFAULT, "add"), codec.codec(), true);
            single = Probe.run(m, ds, settings);
        }
        sc = SparkFixtures.local("local[2]").open();
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    @Test
    void onePartitionGivesTheSingleMachineStatistics() {
        ProbeResult r = DistributedProbe.run(sc, SparkFixtures.MODEL, Corpus.of(corpus.toString()), settings, 1);
        SparkFixtures.assertSameStats(single, r);
        assertEquals("add", r.datasetName());
    }

    @Test
    void twoAndSevenPartitionsGiveTheSingleMachineStatistics() {
        int loadsBefore = ModelCache.loads();
        for (int p : new int[] {2, 7}) {
            ProbeResult r = DistributedProbe.run(sc, SparkFixtures.MODEL, Corpus.of(corpus.toString()), settings, p);
            SparkFixtures.assertSameStats(single, r);
        }
        // the histogram is not trivial: values land in several bins and in the overflow slot
        long[] h = single.get("blocks.0.mlp.hook_post").histogramCounts();
        long nonEmpty = java.util.Arrays.stream(h).filter(c -> c > 0).count();
        assertTrue(nonEmpty > 100, "histogram slots used: " + nonEmpty);
        assertTrue(ModelCache.loads() - loadsBefore <= 1, "the executor JVM loads the model once");
    }

    @Test
    void theJobWritesTheFolderSkillscopeProbeWrites() throws Exception {
        Path out = dir.resolve("probe-out");
        List<ProbeResult> rs = ProbeJob.run(
                sc, SparkFixtures.MODEL, List.of(Corpus.of(corpus.toString())), settings, 3, out, false, line -> {});
        assertEquals(1, rs.size());
        assertTrue(AtomicFolder.isComplete(out));
        assertTrue(Files.isRegularFile(out.resolve("result.json")));
        ProbeResult loaded = ProbeResult.load(out.resolve("add"));
        SparkFixtures.assertSameStats(single, loaded);
        assertEquals(settings, loaded.settings());
    }
}
