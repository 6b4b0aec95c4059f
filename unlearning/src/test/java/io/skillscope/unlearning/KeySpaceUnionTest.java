package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.core.testing.TinyPrompts;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySpaceUnionTest {
    private static final TokenCodec CODEC = TokenCodec.of(CharTokenizer.standard());

    private static ProbeDataset prompts(String name, List<String> prompts) {
        return ProbeDataset.fromExamples(
                name, prompts.stream().map(p -> new Example(p, "", name)).toList(), CODEC, false);
    }

    @Test
    void scoreIsTheSmallestCubeScoreAndEveryProbeVectorIsInside() {
        try (Transformer model = TinyModels.charLlama(21)) {
            List<String> abc = TinyPrompts.prompts(15, "abc", 1);
            List<String> xyz = TinyPrompts.prompts(15, "xyz", 2);
            Map<String, ProbeDataset> parts = new LinkedHashMap<>();
            parts.put("abc", prompts("abc", abc));
            parts.put("xyz", prompts("xyz", xyz));
            KeySpaceDetector.Settings s = KeySpaceDetector.Settings.defaults().withCheckDecode(false);
            KeySpaceUnion u = KeySpaceUnion.fit(model, parts, s);
            KeySpaceDetector a = KeySpaceDetector.fit(model, parts.get("abc"), s);
            KeySpaceDetector x = KeySpaceDetector.fit(model, parts.get("xyz"), s);
            assertEquals(a.kMax(), u.cubes().get(0).kMax(), 0);
            assertEquals(x.kMax(), u.cubes().get(1).kMax(), 0);

            List<String> all = new java.util.ArrayList<>(abc);
            all.addAll(xyz);
            all.addAll(TinyPrompts.prompts(10, "789", 3));
            KeySpaceDetector.Detections d = u.withH(1.001).detect(model, CODEC, all, 1, 8);
            double[] sa = a.detect(model, CODEC, all, 1, 8).scores();
            double[] sx = x.detect(model, CODEC, all, 1, 8).scores();
            for (int i = 0; i < all.size(); i++) {
                assertEquals(Math.min(sa[i], sx[i]), d.scores()[i], 1e-12, all.get(i));
            }
            // at h = 1 (+ rounding of the left-padded generation pass) every probe prompt lies in its own cube: all 30
            // refused
            for (int i = 0; i < 30; i++) {
                assertEquals(0, d.detectedAt()[i], all.get(i));
                assertEquals(
                        KeySpaceDetector.DEFAULT_REFUSAL, d.answers().get(i).text());
            }
            // at h = 0 nothing is detected and the answers are the model's own
            List<Answer> plain = Unlearner.none().answer(model, CODEC, all, 3, 8);
            assertEquals(plain, u.withH(0).answer(model, CODEC, all, 3, 8));
        }
    }

    @Test
    void calibrationSavesAndLoads(@TempDir Path dir) {
        try (Transformer model = TinyModels.charLlama(22)) {
            Map<String, ProbeDataset> parts = new LinkedHashMap<>();
            parts.put("abc", prompts("abc", TinyPrompts.prompts(15, "abc", 4)));
            parts.put("xyz", prompts("xyz", TinyPrompts.prompts(15, "xyz", 5)));
            KeySpaceUnion u = KeySpaceUnion.fit(model, parts, KeySpaceDetector.Settings.defaults())
                    .calibrate(
                            model,
                            CODEC,
                            TinyPrompts.prompts(10, "abcxyz", 6),
                            Map.of("digits", TinyPrompts.prompts(10, "789", 7)),
                            3);
            assertTrue(
                    u.calibration() != null && u.calibration().retainDetection().get("digits") <= 0.05);
            assertEquals(u.calibration().h(), u.h(), 0);
            u.save(dir.resolve("u"));
            KeySpaceUnion back = KeySpaceUnion.load(dir.resolve("u"));
            assertEquals(u.names(), back.names());
            assertEquals(u.h(), back.h(), 0);
            assertEquals(u.calibration(), back.calibration());
            List<String> probe = TinyPrompts.prompts(12, "abcxyz789", 8);
            assertEquals(u.answer(model, CODEC, probe, 3, 8), back.answer(model, CODEC, probe, 3, 8));
            assertThrows(
                    SkillscopeException.class,
                    () -> KeySpaceDetector.load(dir.resolve("u")),
                    "a union's folder is not a single cube");
            assertThrows(
                    SkillscopeException.class,
                    () -> KeySpaceUnion.fit(
                            model, parts, KeySpaceDetector.Settings.defaults().withLayer(LayerChoice.CHOSEN_ON_DEV)));
        }
    }
}
