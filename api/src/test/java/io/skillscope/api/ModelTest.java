package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.SkillscopeException;
import io.skillscope.datasets.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {
    private static Model model;

    @BeforeAll
    static void open() {
        model = Skillscope.tinyModel(7);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void textIsEncodedAfterTheBosToken() {
        assertArrayEquals(new int[] {1, 86, 73, 90, 12, 69, 70, 71, 13, 33}, model.ids("rev(abc)="));
        assertEquals(List.of("<bos>", "r", "e", "v", "(", "a", "b", "c", ")", "="), model.tokens("rev(abc)="));
        model.bos(false);
        try {
            assertEquals(9, model.ids("rev(abc)=").length);
        } finally {
            model.bos(true);
        }
    }

    @Test
    void sameSeedSameWeightsAndSaveLoadKeepsLogitsAndGenerations(@TempDir Path dir) {
        float[][] a = model.logits("sort(dcba)=");
        try (Model twin = Skillscope.tinyModel(7);
                Model other = Skillscope.tinyModel(8)) {
            assertArrayEquals(a[a.length - 1], twin.logits("sort(dcba)=")[a.length - 1]);
            assertFalse(java.util.Arrays.equals(a[a.length - 1], other.logits("sort(dcba)=")[a.length - 1]));
        }
        model.save(dir.resolve("tiny"));
        try (Model loaded = Skillscope.load(dir.resolve("tiny"))) {
            assertEquals(dir.resolve("tiny").toString(), loaded.origin());
            assertEquals("char tokenizer (99 ids)", loaded.tokenizer().toString()); // so <bos> and <eos> are known
            assertArrayEquals(model.ids("rev(abc)="), loaded.ids("rev(abc)="));
            float[][] b = loaded.logits("sort(dcba)=");
            for (int t = 0; t < a.length; t++) {
                assertArrayEquals(a[t], b[t], 1e-6f);
            }
            assertEquals(model.generate("rev(abc)=", 6), loaded.generate("rev(abc)=", 6));
        }
    }

    @Test
    void aTokenizerJsonThatIsNotTheCharacterTokenizerLoadsAsHuggingFace(@TempDir Path dir) throws Exception {
        model.save(dir.resolve("words"));
        java.nio.file.Files.writeString(dir.resolve("words/tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [], "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "hello": 1, "world": 2}, "unk_token": "<unk>"}}
                """);
        try (Model words = Skillscope.load(dir.resolve("words"))) {
            assertTrue(
                    words.tokenizer().toString().startsWith("HfTokenizer"),
                    words.tokenizer().toString());
            assertArrayEquals(new int[] {1, 2}, words.encode("hello world"));
            // special ids come from config.json (bos 1, eos 2): the codec ends answers with eos; BOS is
            // prepended only when the tokenizer's post-processor (or add_bos_token) says so, or when asked
            assertArrayEquals(new int[] {1, 2}, words.ids("hello world"));
            assertArrayEquals(new int[] {1, 1, 2}, words.bos(true).ids("hello world"));
            assertArrayEquals(new int[] {2, 2}, words.codec().answerIds("world"));
        }
    }

    @Test
    void codecPutsBosBeforePromptsAndEosAfterAnswers() {
        var codec = model.codec();
        assertArrayEquals(model.ids("rev(abc)="), codec.promptIds("rev(abc)="));
        int[] answer = codec.answerIds("cba");
        assertEquals(2, answer[answer.length - 1]);
        assertArrayEquals(model.encode("cba"), java.util.Arrays.copyOf(answer, 3));
    }

    @Test
    void runWithCacheOnIdsMatchesTheTextRun() {
        int[] ids = model.ids("mir(abcdefg)=");
        CacheRun byIds = model.runWithCache(ids, "blocks.*.mlp.hook_pre");
        CacheRun byText = model.runWithCache("mir(abcdefg)=", "blocks.*.mlp.hook_pre");
        assertArrayEquals(
                byText.get("blocks.1.mlp.hook_pre").toFloats(),
                byIds.get("blocks.1.mlp.hook_pre").toFloats());
        assertArrayEquals(byText.logits()[ids.length - 1], byIds.logits()[ids.length - 1]);
        assertEquals("1", byIds.tokens().get(0));
        assertEquals("14 token ids [1, 81, 77, 86, 12, 69, …]", byIds.text());
    }

    @Test
    void greedyGenerationIsTheArgmaxChain() {
        Completion c = model.generate("rev(ab)=", 3);
        int[] ids = model.ids("rev(ab)=");
        List<Integer> expected = new ArrayList<>();
        for (int step = 0; step < c.tokens().length; step++) {
            float[][] logits = model.transformer().logits(ids);
            float[] last = logits[logits.length - 1];
            int best = 0;
            for (int v = 1; v < last.length; v++) {
                best = last[v] > last[best] ? v : best;
            }
            expected.add(best);
            ids = java.util.Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = best;
        }
        assertEquals(expected, java.util.Arrays.stream(c.tokens()).boxed().toList());
        assertEquals(model.decode(c.tokens()), c.text());
        assertTrue(c.toString().startsWith("\"rev(ab)=\" → \""), c.toString());
    }

    @Test
    void nextTokensAreSortedProbabilitiesOfTheLastLogits() {
        Table t = model.nextTokens("rev(abc)=", 99);
        double[] p = t.doubles("probability");
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += p[i];
            assertTrue(i == 0 || p[i] <= p[i - 1]);
        }
        assertEquals(1.0, sum, 1e-9);
        float[][] logits = model.logits("rev(abc)=");
        float[] z = logits[logits.length - 1];
        int top = (int) t.get(0, "id");
        for (float v : z) {
            assertTrue(v <= z[top]);
        }
    }

    @Test
    void hookGlobsExpandPerLayerAndUnknownGlobsSayWhatExists() {
        assertEquals(
                List.of("blocks.0.mlp.hook_post", "blocks.1.mlp.hook_post"), model.hookNames("blocks.*.mlp.hook_post"));
        SkillscopeException e = assertThrows(SkillscopeException.class, () -> model.hookNames("blocks.*.nothing"));
        assertTrue(
                e.getMessage().contains("blocks.*.nothing") && e.getMessage().contains("hook_embed"), e.getMessage());
    }

    @Test
    void cachedRunStatsMatchTheCapturedArrays() {
        CacheRun run = model.runWithCache("mir(abc)=", "blocks.*.mlp.hook_post", "blocks.1.hook_resid_post");
        assertEquals(
                List.of("blocks.0.mlp.hook_post", "blocks.1.mlp.hook_post", "blocks.1.hook_resid_post"),
                run.hooks().stream()
                        .sorted((x, y) ->
                                model.hookNames().indexOf(x) - model.hookNames().indexOf(y))
                        .toList());
        assertEquals(10, run.tokens().size());
        assertArrayEquals(
                new long[] {1, 10, 176}, run.get("blocks.0.mlp.hook_post").shape());
        float[] x = run.get("blocks.1.hook_resid_post").toFloats();
        double mean = 0;
        double max = Double.NEGATIVE_INFINITY;
        int positive = 0;
        for (float v : x) {
            mean += v / (double) x.length;
            max = Math.max(max, v);
            positive += v > 0 ? 1 : 0;
        }
        Table stats = run.stats();
        int row = stats.strings("hook").indexOf("blocks.1.hook_resid_post");
        assertEquals(mean, (double) stats.get(row, "mean"), 1e-9);
        assertEquals(max, (double) stats.get(row, "max"), 0);
        assertEquals(positive / (double) x.length, (double) stats.get(row, "share > 0"), 1e-12);
        double[] norms = run.norms("blocks.1.hook_resid_post");
        assertEquals(10, norms.length);
        double n0 = 0;
        for (int i = 0; i < 64; i++) {
            n0 += x[i] * (double) x[i];
        }
        assertEquals(Math.sqrt(n0), norms[0], 1e-9);
        // the logits of the cached run are the plain logits
        assertArrayEquals(model.logits("mir(abc)=")[9], run.logits()[9]);
        assertTrue(
                run.toString().contains("10 tokens, logits 10×99, 3 hooks: blocks.0.mlp.hook_post [1, 10, 176]"),
                run.toString());
    }

    @Test
    void evaluationScoresEveryExampleAndCountsOutcomes() {
        Evaluation e = model.evaluate("rev", 3, 3);
        assertEquals(3, e.examples().size());
        assertEquals(3, e.count(Outcome.CORRECT) + e.count(Outcome.WRONG) + e.count(Outcome.UNPARSEABLE));
        for (int i = 0; i < 3; i++) {
            Outcome expected = Skillscope.skill("rev")
                    .score(
                            e.examples().get(i),
                            e.outputs().get(i),
                            model.generate(e.examples().get(i).prompt(), 9).stopped());
            assertEquals(expected, e.outcomes().get(i));
        }
        assertEquals(e.examples(), Skillscope.examples("rev", 3, 3));
        Table summary = Evaluation.summary(List.of(e));
        assertEquals(3, summary.get(0, "n"));
        assertEquals(e.accuracy(), (double) summary.get(0, "accuracy"));
    }

    @Test
    void toStringShowsArchitectureSizesTokenizerAndOrigin() {
        assertEquals(
                "Model[LLAMA, 2 layers, d=64, 4 heads, vocab 99, 105,152 params, char tokenizer (99 ids),"
                        + " from random, seed 7, cpu()]",
                model.toString());
        assertEquals(105_152L, model.summary().get(8, "value"));
    }
}
