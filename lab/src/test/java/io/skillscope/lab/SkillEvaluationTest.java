package io.skillscope.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkillEvaluationTest {

    /**
     * A model that always emits the end token at once: the final hidden state is forced to all ones
     * and only the end token's head row is non-zero, so its logit is d = 32 and every other one 0.
     */
    @Test
    void aModelThatAlwaysEndsAtOnceScoresZero() {
        CharTokenizer tok = CharTokenizer.standard();
        SkillSuite suite = SkillSuite.standard();
        List<Example> examples = List.of(
                suite.get("rev").example("abc"),
                suite.get("rev").example("hello"),
                suite.get("rmv").example("aei"),
                suite.get("rmv").example("bcd"),
                suite.get("add").example("12+34"));
        try (Transformer model = Transformer.random(ModelConfig.llama(tok.vocabSize(), 32, 1, 2, 2, 64, 32), 1)) {
            float[] head = new float[tok.vocabSize() * 32];
            java.util.Arrays.fill(head, tok.eosId() * 32, tok.eosId() * 32 + 32, 1f);
            model.parameters().write("lm_head.weight", head);
            SkillEvaluation ev;
            try (HookSession hooks = model.hooks()) {
                hooks.replace(
                        "ln_final.hook_normalized",
                        (NDArray x, io.skillscope.core.hooks.HookContext ctx) ->
                                ctx.manager().ones(x.getShape()));
                ev = SkillEvaluation.run(model, tok, suite, examples);
            }
            assertEquals(List.of("rev", "rmv", "add"), List.copyOf(ev.scores().keySet()));
            SkillEvaluation.Score rev = ev.scores().get("rev");
            assertEquals(new SkillEvaluation.Score(2, 0, 2), rev, "an empty string is no answer of rev: unparseable");
            // rmv(aei) = "" is answered correctly by ending at once; rmv(bcd) = "bcd" is wrong but parseable
            assertEquals(new SkillEvaluation.Score(2, 1, 0), ev.scores().get("rmv"));
            assertEquals(new SkillEvaluation.Score(1, 0, 1), ev.scores().get("add"), "an empty number is unparseable");
            assertEquals(0.0, rev.accuracy());
            assertEquals(-1.0, rev.meanReward());
            assertEquals((0 + 0.5 + 0) / 3, ev.meanAccuracy(), 1e-12);

            JsonObject json = JsonParser.parseString(ev.toJson()).getAsJsonObject();
            assertEquals(2, json.getAsJsonObject("rmv").get("n").getAsInt());
            assertEquals(0.5, json.getAsJsonObject("rmv").get("accuracy").getAsDouble());
            assertEquals(2, json.getAsJsonObject("rev").get("unparseable").getAsInt());
            assertTrue(ev.toMarkdown().contains("| rmv | 2 | 50.0% | 0 |"), ev.toMarkdown());
        }
    }

    @Test
    void specialTokensInsideAnAnswerMakeItUnparseable() {
        CharTokenizer tok = CharTokenizer.standard();
        assertEquals(null, SkillEvaluation.decodeOrNull(tok, new int[] {tok.encode("a")[0], tok.bosId()}));
        assertEquals("ab", SkillEvaluation.decodeOrNull(tok, tok.encode("ab")));
    }
}
