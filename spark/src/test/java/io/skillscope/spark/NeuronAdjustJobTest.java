package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.api.ModelCodec;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.FieldNames;
import io.skillscope.datasets.Jsonl;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.unlearning.NeuronAdjust;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neuron Adjust fitted from statistics probed over partitions ({@code local[2]}, 3 partitions per
 * corpus) against {@link NeuronAdjust#fit} on one machine: 48 rows of {@code add} to forget, 48 of
 * {@code rev} to retain, 3% of the skill lab's feed-forward neurons.
 */
class NeuronAdjustJobTest {
    @TempDir
    Path dir;

    @Test
    void distributedFitSelectsTheSameNeuronsAsOneMachine() {
        Path forget = SparkFixtures.corpus(dir, "add", 48, 3);
        Path retain = SparkFixtures.corpus(dir, "rev", 48, 4);
        NeuronAdjust.Settings s = NeuronAdjust.Settings.of(3.0).withBatchSize(8);
        NeuronAdjust single;
        try (ModelCodec codec = ModelCodec.of(SparkFixtures.MODEL);
                Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            ProbeDataset f = ProbeDataset.fromExamples(
                    "add.jsonl", Jsonl.read(forget, FieldNames.DEFAULT, "add"), codec.codec(), true);
            ProbeDataset r = ProbeDataset.fromExamples(
                    "rev.jsonl", Jsonl.read(retain, FieldNames.DEFAULT, "rev"), codec.codec(), true);
            single = NeuronAdjust.fit(m, f, r, s);
        }
        Path out = dir.resolve("na");
        NeuronAdjust spread;
        try (JavaSparkContext sc = SparkFixtures.local("local[2]").open()) {
            spread = NeuronAdjustJob.run(
                    sc,
                    SparkFixtures.MODEL,
                    Corpus.of(forget.toString()),
                    Corpus.of(retain.toString()),
                    s,
                    3,
                    out,
                    false,
                    line -> {});
        }
        assertEquals(single.layers().keySet(), spread.layers().keySet());
        assertEquals(single.threshold(), spread.threshold(), 1e-9 * Math.abs(single.threshold()));
        int selected = 0;
        for (String h : single.layers().keySet()) {
            NeuronAdjust.Layer a = single.layers().get(h);
            NeuronAdjust.Layer b = spread.layers().get(h);
            assertArrayEquals(a.index(), b.index(), h + " selected neurons");
            SparkFixtures.assertRelative(a.muForget(), b.muForget(), h + " mu_forget");
            SparkFixtures.assertRelative(a.stdRetain(), b.stdRetain(), h + " std_retain");
            selected += a.index().length;
        }
        // 4 layers x 352 neurons: the threshold is the sorted score at floor(1408 * 0.97) = 1365, so the
        // 1408 - 1365 = 43 neurons at or above it are adjusted
        assertEquals(1408 - (int) Math.floor(1408 * 0.97), selected);
        assertTrue(AtomicFolder.isComplete(out), "the output folder is complete");
        NeuronAdjust loaded = NeuronAdjust.load(out.resolve("artifact"));
        assertEquals(single.layers().keySet(), loaded.layers().keySet());
    }
}
