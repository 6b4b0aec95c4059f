package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.core.testing.TinyPrompts;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class EvaluationTest {
    private static final TokenCodec CODEC = TokenCodec.of(CharTokenizer.standard());

    @TempDir
    Path tmp;

    /** A set whose "answers" are what the model generates, so that the model scores 100% before. */
    private static EvalPart selfConsistent(Transformer model, String name, List<String> prompts, boolean corruptHalf) {
        List<Answer> gen = Unlearner.none().answer(model, CODEC, prompts, 5, 8);
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            String a = gen.get(i).text();
            ex.add(new Example(prompts.get(i), corruptHalf && i % 2 == 0 ? a + "#" : a, name));
        }
        EvalPart.Scorer ignoreEnd = (e, g, saw) -> g.equals(e.answer()) ? Outcome.CORRECT : Outcome.WRONG;
        return new EvalPart(name, ex, ex, ex, ignoreEnd, 5, "test");
    }

    @Test
    void accuracyDropsAndDetectionFlowIntoTableAndJson() throws Exception {
        try (Transformer model = TinyModels.charLlama(9)) {
            int live = model.liveArrays();
            EvalPart forget = selfConsistent(model, "forget", TinyPrompts.prompts(8, "abcd", 1), false);
            EvalPart retainA = selfConsistent(model, "retainA", TinyPrompts.prompts(8, "0123", 2), false);
            EvalPart retainB = selfConsistent(model, "retainB", TinyPrompts.prompts(6, "wxyz", 3), true);
            UnlearningData data = new UnlearningData(forget, List.of(retainA, retainB));
            int f = model.config().intermediateSize();
            double[] mu = new double[f];
            double[] sd = new double[f];
            Arrays.fill(sd, 1);
            // h = ∞ detects every query, h = 0 none (no key equals μ = 0 exactly in every dimension)
            KeySpaceDetector all = KeySpaceDetector.of(
                    "blocks.1.mlp.hook_post", mu, sd, 1, Double.MAX_VALUE, KeySpaceDetector.Settings.defaults());
            UnlearningReport r = UnlearningEvaluation.run(model, CODEC, all, data, 4);
            assertEquals(1.0, r.forget().before(), 0);
            assertEquals(0.0, r.forget().after(), 0);
            assertEquals(1.0, r.forget().relativeDrop(), 0);
            assertEquals(1.0, r.forget().detection(), 0);
            assertEquals(0.5, r.retain().get(1).before(), 0); // half the answers corrupted
            assertEquals(1.0, r.retain().get(1).relativeDrop(), 0);

            UnlearningReport none = UnlearningEvaluation.run(
                    model, CODEC, all.withH(0), data, 4, UnlearningEvaluation.baseline(model, CODEC, data, 4));
            assertEquals(0.0, none.forget().relativeDrop(), 0);
            assertEquals(0.0, none.forget().detection(), 0);
            assertEquals(0.5, none.retain().get(1).after(), 0);
            assertEquals(0.0, none.worstRetainDrop(), 0);

            Table t = r.table();
            assertEquals(3, t.rowCount());
            assertEquals("forget", t.stringColumn("role").get(0));
            assertEquals(1.0, t.doubleColumn("relative_drop").get(2), 0);

            r.save(tmp.resolve("out"));
            JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("out/result.json")))
                    .getAsJsonObject();
            assertEquals("ksd", json.get("method").getAsString());
            assertEquals("forget", json.getAsJsonObject("forget").get("name").getAsString());
            assertEquals(
                    1.0, json.getAsJsonObject("forget").get("relative_drop").getAsDouble(), 0);
            assertEquals(2, json.getAsJsonArray("retain").size());
            JsonObject ra = json.getAsJsonArray("retain").get(0).getAsJsonObject();
            for (String k : List.of("name", "before", "after", "relative_drop")) {
                assertTrue(ra.has(k), k);
            }
            assertTrue(json.getAsJsonObject("settings").has("h"));
            assertTrue(json.getAsJsonObject("provenance").has("djl"));
            assertEquals(
                    all.h(), KeySpaceDetector.load(tmp.resolve("out/artifact")).h(), 0);
            assertEquals(live, model.liveArrays(), "generation loops under hooks leave no arrays behind");
        }
    }

    /**
     * A JSONL set generates at most its longest answer's UTF-8 bytes plus the end token, not 64 tokens:
     * the KV cache and the decode steps of every evaluation grew with that limit.
     */
    @Test
    void aJsonlSetsGenerationLimitIsItsLongestAnswerInBytesPlusTheEndTokenAndAWordStart() throws Exception {
        Path f = tmp.resolve("words.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append("{\"prompt\": \"w")
                    .append(i)
                    .append(" w")
                    .append(2 * i)
                    .append("\", \"answer\": \" w")
                    .append(i % 7 == 0 ? "\u00e9" + i : String.valueOf(i))
                    .append("\"}\n");
        }
        Files.writeString(f, lines);
        UnlearningData d = UnlearningData.parse(
                f.toString(),
                "rev",
                io.skillscope.datasets.SkillSuite.standard(),
                new io.skillscope.datasets.SplitSizes(8, 1, 1),
                0);
        // the longest answer is " w\u00e921" (the e-acute is two bytes): 6 bytes, plus the end token and a
        // possibly stripped word-start piece
        assertEquals(8, d.forget().maxNewTokens());
        assertEquals(
                30,
                d.forget().train().size()
                        + d.forget().dev().size()
                        + d.forget().test().size());
    }

    @Test
    void skillDataAndCommandLineWords() {
        UnlearningData d = UnlearningData.parse(
                "add+sub+mul",
                "rev,sort",
                io.skillscope.datasets.SkillSuite.standard(),
                new io.skillscope.datasets.SplitSizes(10, 5, 7),
                3);
        assertEquals("add+sub+mul", d.forget().name());
        assertEquals(30, d.forget().train().size());
        assertEquals(21, d.forget().test().size());
        assertEquals(
                List.of("rev", "sort"), d.retain().stream().map(EvalPart::name).toList());
        assertEquals(20, d.retainTrain().size());
        Example e = d.retain().get(0).test().get(0);
        assertEquals(Outcome.CORRECT, d.retain().get(0).scorer().score(e, e.answer(), true));
        assertEquals(Outcome.UNPARSEABLE, d.retain().get(0).scorer().score(e, e.answer(), false));
        assertEquals(Unlearning.Method.KSD, Unlearning.Method.parse("ksd"));
        assertTrue(Map.of().isEmpty());
    }
}
