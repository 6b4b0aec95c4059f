package io.skillscope.datasets.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped skill lab: {@code models/skill-lab-base} answers a fixed sample (the first 40 test
 * examples of every seen skill, drawn as its own recipe drew its splits) exactly: ≥ 95% on every seen
 * skill but the two that EVAL.md reports below the target on the full split ({@code col} 92.6%,
 * {@code mul} 64.0%), which are held to lower floors here so that a regression still fails.
 */
class ShippedModelTest {
    static final Path SHIPPED = Path.of("..", "models", "skill-lab-base");
    static final int PER_SKILL = 40;
    /** Floors for the skills below 95% on the full test split (see EVAL.md); every other skill needs 0.95. */
    static final Map<String, Double> SHORTFALL_FLOORS = Map.of("col", 0.85, "mul", 0.5);

    @Test
    void shippedBaseModelSolvesTheSeenSkills() throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED.resolve("model.safetensors")), "missing " + SHIPPED.toAbsolutePath());
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
                double floor = SHORTFALL_FLOORS.getOrDefault(skill, 0.95);
                assertTrue(s.accuracy() >= floor, skill + ": " + s.correct() + "/" + s.n() + " exact, floor " + floor
                        + " (" + ev + ")");
            }
        }
    }

    /**
     * The folder records its three training stages: stage 1 by its recipe, stage 2 by recipe and weights,
     * the shipped weights by theirs; each recipe names its starting model by hash, the whole under 10 MB.
     */
    @Test
    void shippedFolderRecordsEveryStageWithHashes() throws Exception {
        long bytes;
        try (var files = Files.walk(SHIPPED)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(bytes <= 10_000_000L, "models/skill-lab-base is " + bytes + " bytes");
        Recipe stage3 = Recipe.load(SHIPPED);
        Recipe stage2 = Recipe.load(SHIPPED.resolve("stage2"));
        Recipe stage1 = Recipe.load(SHIPPED.resolve("stage1"));
        assertEquals("models/skill-lab-base/stage2", stage3.init());
        assertEquals("models/skill-lab-base/stage1", stage2.init());
        assertEquals(null, stage1.init(), "stage 1 starts from random weights");
        for (Recipe r : List.of(stage2, stage3)) {
            assertEquals(SkillSuite.SEEN, r.skills());
            assertEquals(stage1.dataSeed(), r.dataSeed());
        }
        assertEquals(LrSchedule.Kind.CONSTANT, stage1.optim().schedule(),
                "a checkpoint of a constant-rate run is rebuilt by a recipe with fewer steps only without decay");
        JsonObject p1 = provenance(SHIPPED.resolve("stage1"));
        JsonObject p2 = provenance(SHIPPED.resolve("stage2"));
        JsonObject p3 = provenance(SHIPPED);
        assertEquals(p1.get("model_sha256").getAsString(), p2.get("init_model_sha256").getAsString());
        assertEquals(Hashing.sha256(SHIPPED.resolve("stage2").resolve("model.safetensors")),
                p2.get("model_sha256").getAsString());
        assertEquals(p2.get("model_sha256").getAsString(), p3.get("init_model_sha256").getAsString());
        assertEquals(Hashing.sha256(SHIPPED.resolve("model.safetensors")), p3.get("model_sha256").getAsString());
        assertEquals(LabData.of(stage3, SkillSuite.standard()).sha256(), p3.get("data_sha256").getAsString(),
                "the recipe regenerates exactly the data it was trained on");
        assertEquals(p2.get("data_sha256").getAsString(), p3.get("data_sha256").getAsString());
        assertTrue(stage3.weightOf("mul") > 1 && stage3.weightOf("rev") == 1.0, "stage 3 drills the weak skills");
    }

    private static JsonObject provenance(Path folder) throws Exception {
        return JsonParser.parseString(Files.readString(folder.resolve("recipe.json"))).getAsJsonObject()
                .getAsJsonObject("provenance");
    }
}
