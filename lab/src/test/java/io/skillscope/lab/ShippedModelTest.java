package io.skillscope.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped skill lab: {@code models/skill-lab-base} answers the full test split of every seen skill
 * (drawn as its own recipe drew its splits: 500 examples each) with ≥ 95% exact match, the issue's
 * acceptance and the numbers of its EVAL.md.
 */
class ShippedModelTest {
    static final Path SHIPPED = ShippedModels.SKILL_LAB_BASE;
    static final double TARGET = 0.95;

    @Test
    void shippedBaseModelSolvesEverySeenSkillOnItsFullTestSplit() throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED.resolve("model.safetensors")), "missing " + SHIPPED.toAbsolutePath());
        Recipe recipe = Recipe.load(SHIPPED);
        assertEquals(SkillSuite.SEEN, recipe.skills(), "the base model trains on exactly the seen skills");
        LabData data = LabData.of(recipe, recipe.suite());
        List<Example> test = data.test();
        for (String skill : SkillSuite.SEEN) {
            assertEquals(500, data.testOf(skill).size(), skill);
        }
        assertTrue(
                data.testOf("mul").stream().anyMatch(e -> e.prompt().matches("[1-9][0-9]{2}\\*[0-9]=")),
                "mul's test split draws its left operand from 0..999");
        try (Transformer model = Transformer.load(SHIPPED)) {
            SkillEvaluation ev = SkillLab.evaluate(model, test, recipe.suite());
            for (String skill : SkillSuite.SEEN) {
                SkillEvaluation.Score s = ev.scores().get(skill);
                assertTrue(s.accuracy() >= TARGET, skill + ": " + s.correct() + "/" + s.n() + " exact (" + ev + ")");
            }
        }
    }

    /**
     * The folder records its four training stages: stages 1 and 2 by their recipes, stage 3 by recipe and
     * weights (the fourth stage starts from them), the shipped weights by theirs; each recipe names its
     * starting model by hash, each recipe regenerates exactly the data it trained on (stages 1–3 by the
     * legacy operand ranges their recipes name), and the whole folder stays under 10 MB.
     */
    @Test
    void shippedFolderRecordsEveryStageWithHashes() throws Exception {
        long bytes;
        try (var files = Files.walk(SHIPPED)) {
            bytes = files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
        assertTrue(bytes <= 10_000_000L, "models/skill-lab-base is " + bytes + " bytes");
        List<Path> folders =
                List.of(SHIPPED.resolve("stage1"), SHIPPED.resolve("stage2"), SHIPPED.resolve("stage3"), SHIPPED);
        List<Recipe> recipes = new ArrayList<>();
        List<JsonObject> provenance = new ArrayList<>();
        for (Path f : folders) {
            recipes.add(Recipe.load(f));
            provenance.add(provenance(f));
        }
        assertEquals(null, recipes.get(0).init(), "stage 1 starts from random weights");
        assertEquals(
                LrSchedule.Kind.CONSTANT,
                recipes.get(0).optim().schedule(),
                "a checkpoint of a constant-rate run is rebuilt by a recipe with fewer steps only without decay");
        for (int i = 1; i < folders.size(); i++) {
            assertEquals("models/skill-lab-base/stage" + i, recipes.get(i).init());
            assertEquals(
                    provenance.get(i - 1).get("model_sha256").getAsString(),
                    provenance.get(i).get("init_model_sha256").getAsString(),
                    folders.get(i) + " starts from stage " + i);
            assertEquals(SkillSuite.SEEN, recipes.get(i).skills());
            assertEquals(recipes.get(0).dataSeed(), recipes.get(i).dataSeed());
        }
        for (int i = 0; i < folders.size(); i++) {
            Path weights = folders.get(i).resolve("model.safetensors");
            if (Files.isRegularFile(weights)) {
                assertEquals(
                        Hashing.sha256(weights),
                        provenance.get(i).get("model_sha256").getAsString(),
                        weights.toString());
            }
        }
        assertTrue(
                Files.isRegularFile(SHIPPED.resolve("stage3").resolve("model.safetensors")),
                "the fourth stage's starting weights are shipped, so its recipe rebuilds it");
        for (int i = 0; i < 3; i++) {
            assertEquals(Recipe.Operands.LEGACY, recipes.get(i).operands(), "stages 1-3 drew mul on 0..99 x 0..9");
        }
        Recipe shipped = recipes.get(3);
        assertEquals(Recipe.Operands.DEFAULT, shipped.operands(), "the shipped stage draws mul on 0..999 x 0..9");
        assertEquals(
                LabData.of(shipped, shipped.suite()).sha256(),
                provenance.get(3).get("data_sha256").getAsString(),
                "the shipped recipe regenerates exactly the data it was trained on");
        Recipe stage3 = recipes.get(2);
        assertEquals(
                LabData.of(stage3, stage3.suite()).sha256(),
                provenance.get(2).get("data_sha256").getAsString(),
                "stage 3's recipe, with its legacy operand ranges, regenerates its data");
        assertEquals(
                provenance.get(1).get("data_sha256").getAsString(),
                provenance.get(2).get("data_sha256").getAsString());
        assertTrue(shipped.weightOf("mul") > 1 && shipped.weightOf("rev") == 1.0, "stage 4 drills the weak skills");
    }

    private static JsonObject provenance(Path folder) throws Exception {
        return JsonParser.parseString(Files.readString(folder.resolve("recipe.json")))
                .getAsJsonObject()
                .getAsJsonObject("provenance");
    }
}
