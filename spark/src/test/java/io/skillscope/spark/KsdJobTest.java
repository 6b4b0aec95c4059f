package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.core.Json;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.FieldNames;
import io.skillscope.datasets.Jsonl;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.unlearning.KeySpaceCube;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KsdCalibrator;
import io.skillscope.unlearning.KsdFit;
import io.skillscope.unlearning.KsdFitOn;
import io.skillscope.unlearning.KsdOptions;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.LayerChoice;
import io.skillscope.unlearning.Unlearning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key Space Detection fitted from statistics probed over partitions ({@code local[2]}, 3 partitions of 48
 * rows of {@code add}) against {@link KsdFit} and {@link KsdCalibrator} on one machine, with h calibrated on
 * 12 dev prompts of {@code add} (forget) and of {@code rev} (retain).
 */
class KsdJobTest {
    private static final int MAX_NEW = 12;

    @TempDir
    Path dir;

    @Test
    void theDistributedBoxAndItsCalibratedHEqualOneMachines() throws Exception {
        Path forget = SparkFixtures.corpus(dir, "add", 48, 3);
        Path devDir = Files.createDirectories(dir.resolve("dev"));
        Path devForget = SparkFixtures.corpus(devDir, "add", 12, 7);
        Path devRetain = SparkFixtures.corpus(devDir, "rev", 12, 8);
        KsdOptions o = KsdPreset.PAPER.options().withBatchSize(8);
        List<String> fPrompts = prompts(devForget, "add");
        Map<String, List<String>> rPrompts = Map.of("rev", prompts(devRetain, "rev"));

        KeySpaceDetector single;
        NeuronStats singleStats;
        ProbeResult singleAnswerText;
        try (ModelCodec codec = ModelCodec.of(SparkFixtures.MODEL);
                Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            List<Example> fx = Jsonl.read(forget, FieldNames.DEFAULT, "add");
            ProbeDataset keys = KsdFitOn.PROMPT.dataset("add", fx, codec.codec());
            KeySpaceDetector box = KsdFit.fit(m, keys, o.settings(), PositionMode.LAST_PROMPT_TOKEN);
            singleStats = Probe.run(
                            m,
                            keys,
                            ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, HookFilter.parse(box.hook()))
                                    .withBatchSize(8))
                    .get(box.hook());
            single = KsdCalibrator.calibrate(m, codec.codec(), box, fPrompts, rPrompts, MAX_NEW);
            singleAnswerText = Probe.run(
                    m,
                    KsdFitOn.ANSWER_TEXT.dataset("add", fx, codec.codec()),
                    ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, "blocks.1.mlp.hook_post")
                            .withBatchSize(8),
                    m.parameters().sha256());
        }

        Path out = dir.resolve("ksd");
        KsdJob.Fit fit;
        ProbeResult answerText;
        try (JavaSparkContext sc = SparkFixtures.local("local[2]").open()) {
            fit = KsdJob.run(
                    sc,
                    SparkFixtures.MODEL,
                    Corpus.of(forget.toString()),
                    o,
                    KsdPreset.PAPER,
                    new KsdJob.Dev(Corpus.of(devForget.toString()), List.of(Corpus.of(devRetain.toString())), MAX_NEW),
                    3,
                    out,
                    false,
                    line -> {});
            answerText = DistributedProbe.run(
                    sc,
                    SparkFixtures.MODEL,
                    Corpus.of(forget.toString()),
                    ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, "blocks.1.mlp.hook_post")
                            .withBatchSize(8),
                    3,
                    new RowForm.KsdKeys(KsdFitOn.ANSWER_TEXT));
            // --max-new-tokens 0: the limit unlearn ksd gives JSONL sets, over every dev answer
            KsdJob.Fit auto = KsdJob.fit(
                    sc,
                    SparkFixtures.MODEL,
                    Corpus.of(forget.toString()),
                    o,
                    new KsdJob.Dev(Corpus.of(devForget.toString()), List.of(Corpus.of(devRetain.toString())), 0),
                    3);
            List<Example> devAll = new java.util.ArrayList<>(Jsonl.read(devForget, FieldNames.DEFAULT, "add"));
            devAll.addAll(Jsonl.read(devRetain, FieldNames.DEFAULT, "rev"));
            int limit = io.skillscope.unlearning.EvalPart.jsonlGenerationLimit(devAll);
            assertTrue(limit > 2 && limit < 64, "limit " + limit);
            assertEquals(Integer.toString(limit), auto.dev().get("max_new_tokens"));
        }
        KeySpaceDetector spread = fit.detector();
        // the box: the last block's key (4 blocks), 48 vectors, mu and sigma within 1e-6, min and max exact
        assertEquals("blocks.3.mlp.hook_post", spread.hook());
        KeySpaceCube a = single.cube();
        KeySpaceCube b = spread.cube();
        assertEquals(48, a.count());
        assertEquals(a.count(), b.count());
        SparkFixtures.assertRelative(a.mu(), b.mu(), "mu");
        SparkFixtures.assertRelative(a.sigma(), b.sigma(), "sigma");
        SparkFixtures.assertRelative(new double[] {a.kMax()}, new double[] {b.kMax()}, "k_max");
        NeuronStats st = fit.forgetStats().get(spread.hook());
        assertEquals(singleStats.count(), st.count());
        assertArrayEquals(singleStats.min(), st.min(), 0.0, "min");
        assertArrayEquals(singleStats.max(), st.max(), 0.0, "max");
        // h, calibrated on the driver on the same dev prompts, and its dev rates
        assertTrue(single.h() > 0, single.toString());
        assertEquals(single.h(), spread.h(), 1e-9 * single.h());
        assertEquals(
                single.calibration().forgetDetection(), spread.calibration().forgetDetection());
        assertEquals(single.describe().get("inputs"), spread.describe().get("inputs"));
        // the answer-text keys (the authors' probe-script default) through the same rows
        SparkFixtures.assertSameStats(singleAnswerText, answerText);
        assertEquals("add (answer-text)", answerText.datasetName());
        // the artifact: complete, re-applied by KeySpaceDetector.load and Unlearning.load
        assertTrue(AtomicFolder.isComplete(out), "the output folder is complete");
        KeySpaceDetector loaded = assertInstanceOf(KeySpaceDetector.class, Unlearning.load(out.resolve("artifact")));
        assertEquals(spread.h(), loaded.h());
        assertArrayEquals(spread.mu(), loaded.mu());
        JsonObject result = Json.read(out.resolve("result.json"));
        assertEquals("paper", result.get("preset").getAsString());
        assertEquals(48, result.get("forget_rows").getAsInt());
        assertTrue(result.getAsJsonObject("dev").has("dev_retain/rev_sha256"), result.toString());
    }

    @Test
    void theCommandLineChoosesTheLayerOnDevAsOneMachineDoes() throws Exception {
        Path forget = SparkFixtures.corpus(dir, "add", 32, 11);
        Path devDir = Files.createDirectories(dir.resolve("dev"));
        Path devForget = SparkFixtures.corpus(devDir, "add", 8, 12);
        Path devRetain = SparkFixtures.corpus(devDir, "rev", 8, 13);
        KeySpaceDetector single;
        try (ModelCodec codec = ModelCodec.of(SparkFixtures.MODEL);
                Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            KeySpaceDetector.Settings s = KsdPreset.PAPER
                    .options()
                    .withLayer(LayerChoice.CHOSEN_ON_DEV)
                    .withBatchSize(8)
                    .settings();
            ProbeDataset keys =
                    KsdFitOn.PROMPT.dataset("add", Jsonl.read(forget, FieldNames.DEFAULT, "add"), codec.codec());
            single = KsdCalibrator.best(
                    m,
                    codec.codec(),
                    KsdFit.fitLayers(m, keys, s),
                    prompts(devForget, "add"),
                    Map.of("rev", prompts(devRetain, "rev")),
                    MAX_NEW);
        }
        Path out = dir.resolve("cli");
        SparkMainTest.Run run = SparkMainTest.run(
                "fit-ksd",
                "--master",
                "local[2]",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--model",
                SparkFixtures.MODEL.toString(),
                "--forget",
                forget.toString(),
                "--dev-forget",
                devForget.toString(),
                "--dev-retain",
                devRetain.toString(),
                "--max-new-tokens",
                Integer.toString(MAX_NEW),
                "--layer",
                "auto",
                "--batch",
                "8",
                "--partitions",
                "3",
                "--out",
                out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("dev forget detection"), run.out());
        KeySpaceDetector loaded = KeySpaceDetector.load(out.resolve("artifact"));
        assertEquals(single.label(), loaded.label());
        assertEquals(single.h(), loaded.h(), 1e-9 * Math.max(1, single.h()));
        assertEquals(single.layerSearch().keySet(), loaded.layerSearch().keySet());
        // refusals before Spark starts: exit 2 naming the value
        SparkMainTest.Run badPreset = fitKsdWith("--preset", "nope");
        assertEquals(2, badPreset.code());
        assertTrue(badPreset.err().contains("'nope'"), badPreset.err());
        SparkMainTest.Run badLayer = fitKsdWith("--layer", "middle");
        assertEquals(2, badLayer.code());
        assertTrue(badLayer.err().contains("'middle'"), badLayer.err());
        assertTrue(Files.notExists(dir.resolve("x")), "nothing is written");
    }

    /** {@code fit-ksd} with placeholder paths and one option set to a bad value, writing to {@code dir/x}. */
    private SparkMainTest.Run fitKsdWith(String option, String value) {
        return SparkMainTest.run(
                "fit-ksd",
                "--model",
                "m",
                "--forget",
                "f.jsonl",
                "--dev-forget",
                "a.jsonl",
                "--dev-retain",
                "b.jsonl",
                option,
                value,
                "--out",
                dir.resolve("x").toString());
    }

    private static List<String> prompts(Path file, String skill) {
        return Jsonl.read(file, FieldNames.DEFAULT, skill).stream()
                .map(Example::prompt)
                .toList();
    }
}
