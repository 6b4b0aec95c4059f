package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.core.testing.TinyPrompts;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySpaceDetectorTest {
    private static final TokenCodec CODEC = TokenCodec.of(CharTokenizer.standard());

    @Test
    void kMaxPutsEveryProbeVectorInsideAtHOneAndAFarVectorOutside() {
        try (Transformer model = TinyModels.charLlama(5)) {
            ProbeDataset forget = TinyProbeData.bosRows("forget", 25, 20, 40, 3);
            KeySpaceDetector d = KeySpaceDetector.fit(
                    model, forget, KeySpaceDetector.Settings.defaults().withLayer(LayerChoice.LAST));
            assertEquals("blocks.1.mlp.hook_post", d.hook());
            double[] s = d.promptScores(model, forget);
            double max = Arrays.stream(s).max().orElseThrow();
            assertEquals(1.0, max, 0, "the vector that defines k_max scores exactly 1");
            assertTrue(Arrays.stream(s).allMatch(v -> v <= 1.0));
            // k_max is the smallest such multiplier: shrink h and that vector falls out
            assertTrue(Arrays.stream(s).filter(v -> v <= 0.999).count() < s.length);

            // a vector 10·k_max·σ away from μ in one dimension only scores 10: outside at h = 1, inside at h = 10
            double[] mu = d.mu();
            double[] sd = d.sigma();
            float[] far = new float[mu.length];
            for (int i = 0; i < far.length; i++) {
                far[i] = (float) mu[i];
            }
            int dim = 3;
            far[dim] = (float) (mu[dim] + 10 * d.kMax() * sd[dim]);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.create(far, new Shape(1, 1, far.length));
                double score = d.cube().scores(x, m)[0];
                assertEquals(10.0, score, 1e-5);
            }
        }
    }

    @Test
    void detectionAtADecodeStepReplacesTheWholeAnswer() {
        try (Transformer model = TinyModels.charLlama(6)) {
            List<String> prompts = List.of("abcd=", "zyx=");
            // the key of the first prompt at its second generated token
            float[][] key = new float[1][];
            try (HookSession s = model.hooks()) {
                s.read("blocks.1.mlp.hook_post", (x, ctx) -> {
                    if (ctx.phase() == Phase.DECODE && ctx.step() == 2) {
                        float[] flat = x.toFloatArray(); // [B, 1, F]
                        key[0] = Arrays.copyOfRange(flat, 0, flat.length / 2);
                    }
                });
                Generations.answer(model, CODEC, prompts, 4, 2);
            }
            double[] mu = new double[key[0].length];
            double[] sd = new double[mu.length];
            for (int i = 0; i < mu.length; i++) {
                mu[i] = key[0][i];
                sd[i] = 1e-3;
            }
            KeySpaceDetector d =
                    KeySpaceDetector.of("blocks.1.mlp.hook_post", mu, sd, 1, 1, KeySpaceDetector.Settings.defaults());
            List<Answer> plain = Generations.answer(model, CODEC, prompts, 4, 2);
            KeySpaceDetector.Detections det = d.detect(model, CODEC, prompts, 4, 2);
            assertEquals(2, det.detectedAt()[0], "detected at the second generated token, not at prefill");
            assertEquals(-1, det.detectedAt()[1]);
            assertEquals(KeySpaceDetector.DEFAULT_REFUSAL, det.answers().get(0).text());
            assertTrue(det.answers().get(0).refused());
            assertFalse(det.answers().get(1).refused());
            assertEquals(plain.get(1).text(), det.answers().get(1).text());
            // checking the prompt only, the same cube never fires
            KeySpaceDetector.Detections promptOnly = KeySpaceDetector.of(
                            "blocks.1.mlp.hook_post",
                            mu,
                            sd,
                            1,
                            1,
                            KeySpaceDetector.Settings.defaults().withCheckDecode(false))
                    .detect(model, CODEC, prompts, 4, 2);
            assertEquals(-1, promptOnly.detectedAt()[0]);
            assertEquals(plain, promptOnly.answers());
            assertTrue(det.scores()[0] <= 1e-3, "the decode key is (almost) μ itself: " + det.scores()[0]);
            assertTrue(det.scores()[1] > 1);
        }
    }

    @Test
    void calibrationPicksTheBestFeasibleH() {
        double[] forget = {0.2, 0.4, 0.6, 0.8, 3.0};
        double[] a = new double[20];
        double[] b = new double[20];
        for (int i = 0; i < 20; i++) {
            a[i] = 2 + i;
            b[i] = 4 + i;
        }
        a[0] = 0.7; // one of 20 = 5%: allowed
        b[0] = 0.5;
        b[1] = 0.9; // two of 20 below 0.9 = 10%: not allowed
        Map<String, double[]> retain = new LinkedHashMap<>();
        retain.put("a", a);
        retain.put("b", b);
        KsdCalibration c = KsdCalibration.choose(forget, retain, 0.05);
        // feasible thresholds stop below 0.9; the best is 0.8 (forget 4/5, each retain 1/20, J = 0.75);
        // h sits halfway to the next observed score, 0.9
        assertEquals(0.85, c.h(), 1e-12);
        assertEquals(0.8, c.forgetDetection(), 1e-12);
        assertEquals(0.05, c.retainDetection().get("a"), 1e-12);
        assertEquals(0.05, c.retainDetection().get("b"), 1e-12);
        assertEquals(0.75, c.objective(), 1e-12);
        // no retain false positives allowed: 0.6 is the best (forget 3/5, retain 0 since 0.5 < 0.6 is in b... )
        KsdCalibration strict = KsdCalibration.choose(forget, retain, 0.0);
        // every threshold >= 0.5 detects b[0]; below 0.5 only 0.2 and 0.4 qualify: best 0.4, h = (0.4 + 0.5)/2
        assertEquals(0.45, strict.h(), 1e-12);
        assertEquals(0.4, strict.forgetDetection(), 1e-12);
    }

    @Test
    void layerChosenOnDevHasTheBestObjectiveAndSurvivesSaveAndLoad(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (Transformer model = TinyModels.charLlama(12)) {
            List<String> forget = TinyPrompts.prompts(12, "abc", 1);
            List<String> retain = TinyPrompts.prompts(12, "789", 2);
            ProbeDataset train = ProbeDataset.fromExamples(
                    "forget",
                    forget.stream()
                            .map(p -> new io.skillscope.datasets.Example(p, "", "f"))
                            .toList(),
                    CODEC,
                    false);
            List<KeySpaceDetector> layers = KsdFit.fitLayers(model, train, KeySpaceDetector.Settings.defaults());
            assertEquals(
                    List.of("blocks.0.mlp.hook_post", "blocks.1.mlp.hook_post"),
                    layers.stream().map(KeySpaceDetector::hook).toList());
            List<String> forgetDev = TinyPrompts.prompts(10, "abc", 3);
            Map<String, List<String>> retainDev = Map.of("digits", TinyPrompts.prompts(10, "789", 4));
            KeySpaceDetector best = KsdCalibrator.best(model, CODEC, layers, forgetDev, retainDev, 3);
            assertEquals(2, best.layerSearch().size());
            double top = best.layerSearch().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElseThrow();
            assertEquals(top, best.calibration().objective(), 0);
            assertEquals(top, best.layerSearch().get(best.label()), 0);
            // each candidate alone calibrates to its own recorded objective
            for (KeySpaceDetector k : layers) {
                assertEquals(
                        best.layerSearch().get(k.label()),
                        KsdCalibrator.calibrate(model, CODEC, k, forgetDev, retainDev, 3)
                                .calibration()
                                .objective(),
                        1e-12);
            }
            best.save(dir);
            KeySpaceDetector back = KeySpaceDetector.load(dir);
            assertEquals(best.layerSearch(), back.layerSearch());
            assertEquals(best.calibration(), back.calibration());
            assertTrue(retain.size() == 12);
            // AUTO: every layer twice, prompt-only and every-token checks
            List<KeySpaceDetector> auto = KsdFit.fitLayers(
                    model, train, KeySpaceDetector.Settings.defaults().withLayer(LayerChoice.CHOSEN_ON_DEV));
            assertEquals(
                    List.of(
                            "blocks.0.mlp.hook_post prefill",
                            "blocks.0.mlp.hook_post prefill+decode",
                            "blocks.1.mlp.hook_post prefill",
                            "blocks.1.mlp.hook_post prefill+decode"),
                    auto.stream().map(KeySpaceDetector::label).toList());
        }
    }

    @Test
    void aSiteOtherThanTheKeyIsReadSavedAndOldArtifactsReadTheKey(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        try (Transformer model = TinyModels.charLlama(14);
                Transformer gpt2 = TinyModels.charGpt2(2)) {
            ProbeDataset train = ProbeDataset.fromExamples(
                    "forget",
                    TinyPrompts.prompts(12, "abc", 1).stream()
                            .map(p -> new io.skillscope.datasets.Example(p, "", "f"))
                            .toList(),
                    CODEC,
                    false);
            KeySpaceDetector.Settings up = KeySpaceDetector.Settings.defaults().withSite(HookSite.MLP_PRE_LINEAR);
            KeySpaceDetector k = KeySpaceDetector.fit(model, train, up);
            assertEquals("blocks.1.mlp.hook_pre_linear", k.hook());
            assertEquals(48, k.mu().length, "the MLP width");
            KeySpaceDetector resid = KeySpaceDetector.fit(
                    model, train, up.withSite(HookSite.RESID_MID).withLayer(LayerChoice.block(0)));
            assertEquals("blocks.0.hook_resid_mid", resid.hook());
            assertEquals(32, resid.mu().length, "the model width");
            assertEquals(
                    List.of(
                            "blocks.0.mlp.hook_pre_linear prefill",
                            "blocks.0.mlp.hook_pre_linear prefill+decode",
                            "blocks.1.mlp.hook_pre_linear prefill",
                            "blocks.1.mlp.hook_pre_linear prefill+decode"),
                    KsdFit.fitLayers(model, train, up.withLayer(LayerChoice.CHOSEN_ON_DEV)).stream()
                            .map(KeySpaceDetector::label)
                            .toList());
            // the detector reads its own hook: every probe vector inside at h = 1
            assertTrue(Arrays.stream(k.promptScores(model, train)).allMatch(v -> v <= 1.0));

            io.skillscope.core.SkillscopeException notGated = org.junit.jupiter.api.Assertions.assertThrows(
                    io.skillscope.core.SkillscopeException.class, () -> KeySpaceDetector.fit(gpt2, train, up));
            assertTrue(
                    notGated.getMessage().contains("mlp.hook_pre_linear")
                            && notGated.getMessage().contains("not gated"),
                    notGated.getMessage());
            IllegalArgumentException global = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> up.withSite(HookSite.EMBED));
            assertTrue(global.getMessage().contains("hook_embed"), global.getMessage());

            k.save(dir.resolve("up"));
            assertEquals(
                    HookSite.MLP_PRE_LINEAR,
                    KeySpaceDetector.load(dir.resolve("up")).settings().site());
            // an artifact written before sites existed has no "site": it is the key
            KeySpaceDetector key = KeySpaceDetector.fit(model, train, KeySpaceDetector.Settings.defaults());
            key.save(dir.resolve("old"));
            java.nio.file.Path json = dir.resolve("old").resolve("result.json");
            String text = java.nio.file.Files.readString(json);
            String stripped = text.replaceAll(",\\s*\"site\"\\s*:\\s*\"MLP_POST\"", "");
            assertTrue(!stripped.equals(text) && !stripped.contains("\"site\""), stripped);
            java.nio.file.Files.writeString(json, stripped);
            KeySpaceDetector old = KeySpaceDetector.load(dir.resolve("old"));
            assertEquals(HookSite.MLP_POST, old.settings().site());
            assertEquals(key.settings(), old.settings());
        }
    }
}
