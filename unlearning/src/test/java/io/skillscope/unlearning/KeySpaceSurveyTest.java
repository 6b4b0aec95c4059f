package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.core.testing.TinyPrompts;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySpaceSurveyTest {
    private static final TokenCodec CODEC = TokenCodec.of(CharTokenizer.standard());

    private static ProbeDataset probe(List<String> prompts) {
        return ProbeDataset.fromExamples(
                "forget", prompts.stream().map(p -> new Example(p, "", "f")).toList(), CODEC, false);
    }

    @Test
    void originHIsTheScoreOfTheZeroVector() {
        try (Transformer model = TinyModels.charLlama(21)) {
            KeySpaceDetector d = KeySpaceDetector.fit(
                    model, probe(TinyPrompts.prompts(30, "abcdef", 5)), KeySpaceDetector.Settings.defaults());
            double[] mu = d.mu();
            double[] sd = d.sigma();
            double expected = 0;
            for (int i = 0; i < mu.length; i++) {
                expected = Math.max(expected, Math.abs(mu[i]) / sd[i]);
            }
            expected /= d.kMax();
            assertEquals(expected, d.originH(), 1e-15);
            assertTrue(d.originH() > 0);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray zero = m.zeros(new Shape(1, 1, mu.length));
                assertEquals(d.originH(), d.cube().scores(zero, m)[0], 1e-12);
            }
            assertEquals(d.originH(), (double) d.describe().get("origin_h"), 0);
        }
    }

    @Test
    void surveyScoresEqualThoseOfEachDetectorAlone() {
        try (Transformer model = TinyModels.charLlama(22)) {
            ProbeDataset train = probe(TinyPrompts.prompts(16, "abc", 1));
            List<String> forgetDev = TinyPrompts.prompts(8, "abc", 2);
            Map<String, List<String>> retainDev = new LinkedHashMap<>();
            retainDev.put("digits", TinyPrompts.prompts(8, "789", 3));
            retainDev.put("xyz", TinyPrompts.prompts(6, "xyz", 4));
            List<String> hooks = List.of("blocks.1.mlp.hook_post", "blocks.0.mlp.hook_pre");
            List<KeySpaceSurvey.Entry> entries =
                    KeySpaceSurvey.run(model, CODEC, train, forgetDev, retainDev, hooks, 4, 5);
            assertEquals(hooks, entries.stream().map(KeySpaceSurvey.Entry::hook).toList());

            KeySpaceDetector alone = KeySpaceDetector.fit(model, train, KeySpaceDetector.Settings.defaults());
            KeySpaceSurvey.Entry e = entries.get(0);
            // other batch sizes sum in another order: equal to float precision
            assertEquals(alone.kMax(), e.cube().kMax(), 1e-6 * alone.kMax());
            assertEquals(
                    alone.settings(),
                    e.cube().settings().withCheckDecode(true).withLayer(LayerChoice.LAST),
                    "the survey's cube names its layer and site");
            assertEquals(1, e.cube().settings().layer().code());
            assertEquals(alone.describe().get("inputs"), e.cube().describe().get("inputs"));
            assertEquals(alone.originH(), e.originH(), 1e-6 * alone.originH());
            List<String> all = new java.util.ArrayList<>(forgetDev);
            retainDev.values().forEach(all::addAll);
            double[] every = alone.detect(model, CODEC, all, 4, 7).scores();
            double[] prefill = alone.withSettings(alone.settings().withCheckDecode(false))
                    .detect(model, CODEC, all, 4, 7)
                    .scores();
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(every, 0, 8), e.everyToken().forget(), 1e-5);
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(prefill, 0, 8), e.prefill().forget(), 1e-5);
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(every, 8, 16),
                    e.everyToken().retain().get("digits"),
                    1e-5);
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(prefill, 16, 22),
                    e.prefill().retain().get("xyz"),
                    1e-5);
            // the every-token score is a minimum over more positions: never above the prompt's
            for (int i = 0; i < every.length; i++) {
                assertTrue(every[i] <= prefill[i] + 1e-12);
            }

            // the gate pre-activation cube is its own: other width-independent numbers
            assertTrue(Math.abs(entries.get(1).cube().kMax() - e.cube().kMax()) > 1e-6);
            assertEquals(
                    io.skillscope.core.hooks.HookSite.MLP_PRE,
                    entries.get(1).cube().settings().site());
            for (boolean everyToken : new boolean[] {false, true}) {
                KsdCalibration c = entries.get(1).best(everyToken, 0.125);
                assertTrue(c.retainDetection().values().stream().allMatch(v -> v <= 0.125), c.toString());
            }
            String table = KeySpaceSurvey.table(entries, 0.05, 0.10);
            assertEquals(3, table.lines().count());
            assertTrue(table.lines().skip(1).allMatch(l -> l.startsWith("blocks.")), table);
        }
    }

    @Test
    void defaultHooksFollowTheFamilyAndBadInputIsNamed() {
        try (Transformer llama = TinyModels.charLlama(23);
                Transformer gpt2 = Transformer.random(ModelConfig.gpt2(99, 32, 3, 4, 64), 1, Device.cpu())) {
            List<String> l = KeySpaceSurvey.defaultHooks(llama);
            assertEquals(10, l.size());
            assertEquals("blocks.0.mlp.hook_post", l.get(0));
            assertTrue(l.contains("blocks.1.mlp.hook_pre_linear"));
            List<String> g = KeySpaceSurvey.defaultHooks(gpt2);
            assertEquals(12, g.size());
            assertTrue(g.stream().noneMatch(h -> h.endsWith("hook_pre_linear")));
            assertTrue(g.contains("blocks.2.hook_resid_post"));
            ProbeDataset train = probe(TinyPrompts.prompts(4, "abc", 1));
            SkillscopeException ex = assertThrows(
                    SkillscopeException.class,
                    () -> KeySpaceSurvey.run(llama, CODEC, train, List.of(), Map.of("r", List.of("ab=")), l, 2, 4));
            assertTrue(ex.getMessage().contains("held-out forget prompts"), ex.getMessage());
            SkillscopeException pattern = assertThrows(
                    SkillscopeException.class,
                    () -> KeySpaceSurvey.run(
                            llama,
                            CODEC,
                            train,
                            List.of("ab="),
                            Map.of("r", List.of("ab=")),
                            List.of("blocks.*.mlp.hook_post"),
                            2,
                            4));
            assertTrue(
                    pattern.getMessage().contains("'blocks.*.mlp.hook_post' is not one block's activation"),
                    pattern.getMessage());
        }
    }
}
