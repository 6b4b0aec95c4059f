package io.skillscope.datasets.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped skill lab: {@code models/skill-lab-base} answers ≥ 95% of a fixed sample (the first 40
 * test examples of every seen skill, drawn as its own recipe drew its splits) exactly.
 */
class ShippedModelTest {
    static final Path SHIPPED = Path.of("..", "models", "skill-lab-base");
    static final int PER_SKILL = 40;

    @Test
    void shippedBaseModelSolvesEverySeenSkill() throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED.resolve("model.safetensors")), "missing " + SHIPPED.toAbsolutePath());
        assertTrue(Files.size(SHIPPED.resolve("model.safetensors")) <= 10L << 20, "the shipped model must stay ≤ 10 MB");
        Recipe recipe = Recipe.load(SHIPPED);
        assertEquals(SkillSuite.SEEN, recipe.skills(), "the base model trains on exactly the seen skills");
        LabData data = LabData.of(recipe, SkillSuite.standard());
        List<Example> sample = new ArrayList<>();
        for (String skill : SkillSuite.SEEN) {
            List<Example> test = data.testOf(skill);
            assertTrue(test.size() >= PER_SKILL, skill + " has " + test.size() + " test examples");
            sample.addAll(test.subList(0, PER_SKILL));
        }
        try (Transformer model = Transformer.load(SHIPPED)) {
            Evaluation ev = SkillLab.evaluate(model, sample);
            for (String skill : SkillSuite.SEEN) {
                Evaluation.Score s = ev.scores().get(skill);
                assertEquals(PER_SKILL, s.n());
                assertTrue(s.accuracy() >= 0.95, skill + ": " + s.correct() + "/" + s.n() + " exact (" + ev + ")");
            }
        }
    }
}
