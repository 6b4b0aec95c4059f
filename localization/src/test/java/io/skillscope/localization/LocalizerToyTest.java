package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.grafting.Graft;
import io.skillscope.grafting.Mask;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Localization on the toy task: a tiny Llama pre-trained on three operators, its blocks fine-tuned with
 * SGD to re-wire one of them (see {@link Toy}).
 */
class LocalizerToyTest {
    @TempDir
    static Path tmp;

    static Path pre;
    static Path ft;
    static TaskData data;
    static LocalizationResult result;

    static LocalizationSettings settings(double sparsity) {
        // the paper's η = 1e7 flips most of a model this small in one step; 1e5 suits it
        return LocalizationSettings.of(sparsity)
                .withSteps(20)
                .withLearningRate(1e5)
                .withBatches(60, 1);
    }

    @BeforeAll
    static void trainAndLocalize() {
        pre = Toy.pretrain(tmp.resolve("pre"), 200);
        data = Toy.task(14, 60, 10, 30, 5);
        ft = Toy.finetune(
                pre, tmp.resolve("ft"), data, TrainConfig.sgd(0.3, 0.9).withClipNorm(1.0), 200);
        // a budget of 2%: the mask is capped at its target (before the cap, a 1% target learned up to 2%)
        result = Localizer.localize(pre, ft, data, settings(2e-2));
        System.out.println(result);
    }

    @Test
    void aTwoPercentGraftRecoversTheFinetunedAccuracy() {
        assertTrue(result.pre().accuracy() <= 0.2, "pre-trained model should fail the new skill: " + result.pre());
        assertTrue(result.ft().accuracy() >= 0.9, "fine-tuning should learn it: " + result.ft());
        assertTrue(
                result.mask().sparsity() <= 0.02 + 1.0 / result.mask().included(),
                result.mask().toString());
        // 30 test items: one answer is 0.033. With the mask capped at its target the graft recovered 26 of 30
        // (0.867) at this commit; the fine-tune's float rounding moves it by an item or two.
        assertTrue(result.recovered() >= 0.8, "recovered " + result.recovered());
        assertTrue(result.relativeGain() >= 0.8, "relative gain " + result.relativeGain());
        assertTrue(result.agreement() >= 0.8, "agreement " + result.agreement());
        assertEquals(21, result.history().size());
        assertEquals(
                result.history().get(result.bestStep()).score(),
                result.history().stream()
                        .mapToDouble(LocalizationResult.StepRecord::score)
                        .max()
                        .orElseThrow());
    }

    @Test
    void aSavedMaskAppliedToFreshModelsReproducesTheGraft() throws Exception {
        Path out = tmp.resolve("mask");
        result.save(out);
        Mask back = Mask.load(out);
        assertEquals(result.mask(), back);
        assertEquals(
                result.mask().attributes().get("ft_sha256"), back.attributes().get("ft_sha256"));
        try (TensorSource p = TensorSource.open(pre);
                TensorSource f = TensorSource.open(ft)) {
            Graft.apply(p, f, back, tmp.resolve("grafted"));
        }
        try (Transformer fromDisk = Transformer.load(tmp.resolve("grafted"), Device.cpu());
                Localizer.Session session = Localizer.open(pre, ft, data, settings(1e-2))) {
            Predictions p = session.evaluate(back);
            assertEquals(result.graft().accuracy(), p.accuracy(), 0.0);
            try (TensorSource p2 = TensorSource.open(pre);
                    TensorSource f2 = TensorSource.open(ft)) {
                Graft.apply(session.model(), p2, f2, back);
            }
            int[] ids = TaskEval.concat(
                    data.test().get(0).prompt(), data.test().get(0).answer());
            float[][] a = session.model().logits(ids);
            float[][] b = fromDisk.logits(ids);
            for (int t = 0; t < ids.length; t++) {
                assertArrayEquals(a[t], b[t], 0f);
            }
            assertEquals(
                    result.graft().accuracy(),
                    TaskEval.predict(fromDisk, data, data.test(), 64, Confidence.SEQUENCE)
                            .accuracy(),
                    0.0);
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("result.json")))
                .getAsJsonObject();
        for (String key : new String[] {"sparsity", "n_selected", "n_included"}) {
            assertTrue(json.has(key), key);
        }
        assertEquals(result.mask().cardinality(), json.get("n_selected").getAsLong());
        assertEquals(
                result.graft().accuracy(),
                json.getAsJsonObject("accuracy").get("graft").getAsDouble(),
                0.0);
        assertEquals(result.ft().ece(), json.getAsJsonObject("ece").get("ft").getAsDouble(), 0.0);
        assertEquals(
                64,
                json.getAsJsonObject("attributes")
                        .get("pre_sha256")
                        .getAsString()
                        .length());
    }

    @Test
    void teacherForcedExactMatchEqualsGreedyGeneration() {
        try (Transformer m = Transformer.load(ft, Device.cpu())) {
            for (TaskData d : new TaskData[] {data, Toy.task(13, 60, 10, 30, 5)}) {
                Predictions p = TaskEval.predict(m, d, d.test(), 16, Confidence.SEQUENCE);
                assertArrayEquals(p.correct(), TaskEval.teacherForcedCorrect(m, d.test(), 16, Toy.PAD));
            }
        }
    }

    @Test
    void sweepAndLocalizeAndStitchOnTheSamePair() {
        try (Localizer.Session s = Localizer.open(pre, ft, data, settings(1e-2).withProgress(false))) {
            SweepResult sweep = s.sweep(settings(1e-2).withProgress(false), 1e-3, 3e-2);
            System.out.print(sweep.table());
            assertEquals(2, sweep.points().size());
            assertTrue(sweep.points().get(0).mask().cardinality()
                    < sweep.points().get(1).mask().cardinality());
            sweep.smallestRecovering(0.9).ifPresent(r -> assertTrue(r.recovered() >= 0.9));
            LocalizationResult ls = s.localize(settings(3e-2)
                    .withMethod(MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1)
                    .withProgress(false));
            System.out.println("Localize-and-Stitch, paper-L1 variant: " + ls);
            assertEquals("LOCALIZE_AND_STITCH_PAPER_L1", ls.mask().attributes().get("method"));
            assertTrue(ls.graft().accuracy() > ls.pre().accuracy(), ls.toString());
            LocalizationResult ref = s.localize(
                    settings(3e-2).withMethod(MaskMethod.LOCALIZE_AND_STITCH).withProgress(false));
            System.out.println("Localize-and-Stitch, authors' code: " + ref);
            assertEquals("LOCALIZE_AND_STITCH", ref.mask().attributes().get("method"));
            assertEquals(
                    String.valueOf(settings(3e-2).steps()),
                    ref.mask().attributes().get("best_step"),
                    "the reference form keeps the last step's mask");
            assertTrue(ref.graft().accuracy() > ref.pre().accuracy(), ref.toString());
        }
    }
}
