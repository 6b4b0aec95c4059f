package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fits of {@link KsdFitOn}, {@link KeySpaceStats} and {@link KeyTracePass}. */
class KsdKeysTest {
    private static final TokenCodec CODEC = TokenCodec.of(CharTokenizer.standard());

    @Test
    void offsetsGapsAndCountsOfAConstructedKeySet() {
        // σ_f = 0 in the last dimension: left out, as the cube leaves it out
        double[] muF = {3, -0.5, 0, 10, 7};
        double[] sdF = {1, 1, 2, 2, 0};
        double[] muR = {1, -0.5, 4, 10, 1};
        double[] sdR = {2, 0.5, 1, 4, 1};
        KeySpaceStats s = KeySpaceStats.of(muF, sdF, muR, sdR);
        // |μ_f|/σ_f = 3, 0.5, 0, 5 → sorted 0, 0.5, 3, 5
        KeySpaceStats.Distribution f = s.offsetForget();
        assertEquals(4, f.dims());
        assertEquals(0.15, f.q10(), 1e-12); // 0 + 0.3·0.5
        assertEquals(1.75, f.median(), 1e-12); // (0.5 + 3)/2
        assertEquals(4.4, f.q90(), 1e-12); // 3 + 0.7·2
        assertEquals(5, f.max(), 0);
        assertEquals(2, f.over1()); // 3 and 5
        assertEquals(1, f.over3()); // 5; 3 is not above 3
        // |μ_r|/σ_r = 0.5, 1, 4, 2.5
        assertEquals(2, s.offsetRetain().over1()); // 4 and 2.5; 1 is not above 1
        assertEquals(1, s.offsetRetain().over3());
        // |μ_f − μ_r|/σ_f = 2, 0, 2, 0
        assertEquals(2, s.gap().over1());
        assertEquals(0, s.gap().over3());
        assertEquals(1.0, s.gap().median(), 1e-12);
        // σ_f/σ_r = 0.5, 2, 2, 0.5
        assertEquals(1.25, s.sigmaRatio().median(), 1e-12);
        // the cube holds the origin from h = max |μ_f|/σ_f / k_max
        KeySpaceCube cube = new KeySpaceCube("blocks.0.mlp.hook_post", muF, sdF, 2.5, 0);
        assertEquals(f.max() / 2.5, cube.originH(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> KeySpaceStats.of(muF, sdF, new double[2], sdR));
    }

    @Test
    void eachFitReadsItsOwnPositions() {
        Example e = new Example("abc=", "cba", "rev");
        int bos = CODEC.bosId().getAsInt();
        int[] p = CODEC.encode("abc=");
        int[] a = CODEC.encode("cba");

        ProbeDataset.Row prompt =
                KsdFitOn.PROMPT.dataset("f", List.of(e), CODEC).rows().get(0);
        assertArrayEquals(CODEC.promptIds("abc="), prompt.tokens());
        assertEquals(5, prompt.promptLength());
        // the same rows (and hash) the prompt fit always read
        assertEquals(
                ProbeDataset.fromExamples("f", List.of(e), CODEC, false).sha256(),
                KsdFitOn.PROMPT.dataset("f", List.of(e), CODEC).sha256());

        ProbeDataset.Row text =
                KsdFitOn.ANSWER_TEXT.dataset("f", List.of(e), CODEC).rows().get(0);
        assertArrayEquals(new int[] {bos, a[0], a[1], a[2]}, text.tokens(), "[bos] answer, no prompt, no end token");
        assertEquals(4, text.promptLength());
        assertArrayEquals(new int[] {3}, selected(KsdFitOn.ANSWER_TEXT, text), "the answer's last token");

        ProbeDataset.Row tokens =
                KsdFitOn.ANSWER_TOKENS.dataset("f", List.of(e), CODEC).rows().get(0);
        assertArrayEquals(new int[] {bos, p[0], p[1], p[2], p[3], a[0], a[1], a[2]}, tokens.tokens());
        assertEquals(5, tokens.promptLength());
        assertArrayEquals(new int[] {5, 6, 7}, selected(KsdFitOn.ANSWER_TOKENS, tokens), "every answer token, no end");
        assertArrayEquals(new int[] {4}, selected(KsdFitOn.PROMPT, tokens), "the prompt fit reads '='");

        assertEquals(KsdFitOn.ANSWER_TEXT, KsdFitOn.parse(" Answer-Text "));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> KsdFitOn.parse("answers"));
        assertEquals("unknown KSD fit 'answers'; use one of prompt, answer-text, answer-tokens", bad.getMessage());
    }

    private static int[] selected(KsdFitOn fit, ProbeDataset.Row row) {
        boolean[] m =
                fit.positions().mask(TokenBatch.rightPadded(List.of(row.tokens()), 0), new int[] {row.promptLength()});
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void answerTokenFitCountsEveryAnswerTokenAndLabelsSayWhatWasFitted() {
        List<Example> ex = List.of(
                new Example("abc=", "cba", "rev"),
                new Example("xy=", "yx", "rev"),
                new Example("pqrs=", "srqp", "rev"),
                new Example("mn=", "nm", "rev"));
        try (Transformer model = TinyModels.charLlama(7)) {
            KeySpaceDetector.Settings s = KeySpaceDetector.Settings.defaults();
            KeySpaceDetector tokens = KsdFit.fit(
                    model, KsdFitOn.ANSWER_TOKENS.dataset("f", ex, CODEC), s, KsdFitOn.ANSWER_TOKENS.positions());
            assertEquals(3 + 2 + 4 + 2, tokens.cube().count());
            KeySpaceDetector text = KsdFit.fit(
                    model, KsdFitOn.ANSWER_TEXT.dataset("f", ex, CODEC), s, KsdFitOn.ANSWER_TEXT.positions());
            assertEquals(4, text.cube().count());
        }
        KsdOptions paper = KsdPreset.PAPER.options();
        assertEquals(KsdPreset.PAPER.label(), KsdPreset.label(paper));
        assertTrue(KsdPreset.of(paper.withFitOn(KsdFitOn.ANSWER_TOKENS)).isEmpty());
        assertEquals(
                "KSD variant: last layer mlp.hook_post box, checked at the prompt and every generated token,"
                        + " fitted on every answer token in context (not in the paper)",
                KsdPreset.label(paper.withFitOn(KsdFitOn.ANSWER_TOKENS)));
        assertTrue(KsdPreset.label(paper.withFitOn(KsdFitOn.ANSWER_TEXT))
                .startsWith("KSD (paper, fitted as the authors' probe script does by default"));
        assertEquals(
                "KSD variant: last layer mlp.hook_pre_linear box, prompt only, fitted on the answer text's last token"
                        + " (not in the paper)",
                KsdPreset.label(KsdPreset.UP_PROJ_PROMPT_VARIANT.options().withFitOn(KsdFitOn.ANSWER_TEXT)));
        assertEquals(
                "KSD variant: up-projection prompt-only box (not in the paper)",
                KsdPreset.label(KsdPreset.UP_PROJ_PROMPT_VARIANT.options()));
    }

    @Test
    void tracesScoreWhatTheDetectorScores() {
        try (Transformer model = TinyModels.charLlama(8)) {
            List<Example> ex = List.of(
                    new Example("abc=", "cba", "rev"),
                    new Example("xyz=", "zyx", "rev"),
                    new Example("bca=", "acb", "rev"));
            KeySpaceDetector d =
                    KsdFit.fit(model, KsdFitOn.PROMPT.dataset("f", ex, CODEC), KeySpaceDetector.Settings.defaults());
            List<String> prompts = List.of("abc=", "zz=", "qrst=");
            List<KeyTracePass.Trace> tr = KeyTracePass.run(model, CODEC, d.cube(), prompts, 4, 2);
            KeySpaceDetector.Detections det = d.detect(model, CODEC, prompts, 4, 2);
            KeySpaceDetector.Detections promptOnly =
                    d.withSettings(d.settings().withCheckDecode(false)).detect(model, CODEC, prompts, 4, 2);
            for (int i = 0; i < prompts.size(); i++) {
                KeyTracePass.Trace t = tr.get(i);
                assertEquals(det.scores()[i], t.minScore(), 0, "prompt " + i);
                assertEquals(promptOnly.scores()[i], t.promptScore(), 0, "prompt " + i);
                assertTrue(t.decodeNorms().length >= 1 && t.decodeNorms().length <= 4);
                assertEquals(t.decodeNorms().length, t.decodeScores().length);
                assertTrue(t.promptNorm() > 0);
            }
            // a key equal to μ has norm ‖μ‖ and score 0: the first prompt's key is near the cube's centre only if
            // it is a training prompt; its score is at most 1 (every probe vector lies inside at h = 1)
            assertTrue(
                    tr.get(0).promptScore() <= 1 + 1e-9,
                    "a training prompt scores <= 1: " + tr.get(0).promptScore());
        }
    }
}
