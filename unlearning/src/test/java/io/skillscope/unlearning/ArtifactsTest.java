package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.core.testing.TinyPrompts;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.probes.TokenCodec;
import io.skillscope.probes.testing.TinyProbeData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {
    private static final TokenCodec CODEC = TokenCodec.of(CharTokenizer.standard());

    @TempDir
    Path tmp;

    @Test
    void savedArtifactsApplyToAFreshlyLoadedModelWithIdenticalOutputs() {
        List<String> prompts = TinyPrompts.prompts(4, "abcdefgh", 1);
        Path modelDir = tmp.resolve("model");
        try (Transformer model = TinyModels.charLlama(8)) {
            model.save(modelDir, Map.of());
            NeuronAdjust na = NeuronAdjustTest.fitted(model, 20, false, 5);
            KeySpaceDetector ksd = KeySpaceDetector.fit(
                            model, TinyProbeData.bosRows("forget", 10, 20, 40, 4), KeySpaceDetector.Settings.defaults())
                    .withH(1.7);
            SelectivePruning sp = SelectivePruning.fit(
                    model,
                    TinyProbeData.bosRows("f", 10, 20, 40, 1),
                    TinyProbeData.bosRows("r", 10, 60, 90, 2),
                    SelectivePruning.Settings.of(10));
            na.save(tmp.resolve("na"));
            ksd.save(tmp.resolve("ksd"));
            sp.save(tmp.resolve("prune"));
            List<Answer> naOut = na.answer(model, CODEC, prompts, 5, 4);
            KeySpaceDetector.Detections ksdOut = ksd.detect(model, CODEC, prompts, 5, 4);
            List<Answer> spOut = sp.answer(model, CODEC, prompts, 5, 4);

            NeuronAdjust na2 = NeuronAdjust.load(tmp.resolve("na"));
            KeySpaceDetector ksd2 = KeySpaceDetector.load(tmp.resolve("ksd"));
            SelectivePruning sp2 = SelectivePruning.load(tmp.resolve("prune"));
            assertEquals(na.selected(), na2.selected());
            assertEquals(na.settings(), na2.settings());
            assertEquals(na.threshold(), na2.threshold());
            for (String h : na.layers().keySet()) {
                assertArrayEquals(
                        na.layers().get(h).index(), na2.layers().get(h).index());
                assertArrayEquals(
                        na.layers().get(h).stdRetain(), na2.layers().get(h).stdRetain(), 0);
            }
            assertArrayEquals(ksd.mu(), ksd2.mu(), 0);
            assertArrayEquals(ksd.sigma(), ksd2.sigma(), 0);
            assertEquals(ksd.kMax(), ksd2.kMax(), 0);
            assertEquals(1.7, ksd2.h(), 0);
            assertEquals(ksd.hook(), ksd2.hook());
            assertEquals(sp.selected(), sp2.selected());

            try (Transformer fresh = Transformer.load(modelDir, Device.cpu())) {
                assertEquals(naOut, na2.answer(fresh, CODEC, prompts, 5, 4));
                KeySpaceDetector.Detections again = ksd2.detect(fresh, CODEC, prompts, 5, 4);
                assertEquals(ksdOut.answers(), again.answers());
                assertArrayEquals(ksdOut.scores(), again.scores(), 0);
                assertEquals(spOut, sp2.answer(fresh, CODEC, prompts, 5, 4));
            }
            // the interventions act (random models' greedy answers are robust, so look at the logits)
            int[] ids = CODEC.promptIds(prompts.get(0));
            float[][] plain = model.logits(ids);
            try (var s = sp2.install(model)) {
                assertTrue(!java.util.Arrays.deepEquals(plain, model.logits(ids)), "pruning changes the logits");
            }
            try (var s = na2.install(model)) {
                assertTrue(!java.util.Arrays.deepEquals(plain, model.logits(ids)), "adjusting changes the logits");
            }
        }
    }
}
