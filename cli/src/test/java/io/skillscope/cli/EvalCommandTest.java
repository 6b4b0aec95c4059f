package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.lab.LabData;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code skillscope eval}: the numbers are the library's on the recipe's own splits. */
class EvalCommandTest {

    /** The first {@code k} examples of each skill in a split, as {@code eval --per-skill} chooses them. */
    private static List<Example> firstOfEach(List<Example> split, List<String> skills, int k) {
        List<Example> out = new ArrayList<>();
        for (String s : skills) {
            split.stream().filter(e -> e.skill().equals(s)).limit(k).forEach(out::add);
        }
        return out;
    }

    @Test
    void jsonHoldsNAccuracyAndUnparseableEqualToTheLibrary() {
        Path base = TinyLab.trainedBase();
        CliRun r = CliRun.of("eval", "--model", base.toString(), "--skills", "rev,add", "--per-skill", "6", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(Set.of("rev", "add"), json.keySet());

        Recipe recipe = Recipe.load(base);
        LabData data = LabData.forSkills(recipe, List.of("rev", "add"), SkillSuite.standard());
        SkillEvaluation lib;
        try (Transformer m = Transformer.load(base)) {
            lib = SkillLab.evaluate(m, firstOfEach(data.test(), List.of("rev", "add"), 6));
        }
        for (String s : List.of("rev", "add")) {
            JsonObject o = json.getAsJsonObject(s);
            assertEquals(Set.of("n", "accuracy", "unparseable"), o.keySet());
            assertEquals(6, o.get("n").getAsInt());
            assertEquals(lib.scores().get(s).accuracy(), o.get("accuracy").getAsDouble(), 0.0, s);
            assertEquals(lib.scores().get(s).unparseable(), o.get("unparseable").getAsInt(), s);
        }
    }

    @Test
    void theShippedModelSolvesRevAndTheTableIsMarkdown() {
        CliRun r = CliRun.of(
                "eval", "--model", ShippedModels.SKILL_LAB_BASE.toString(), "--skills", "rev,mul", "--per-skill", "8");
        assertEquals(0, r.code(), r.toString());
        List<String> rows = r.out()
                .lines()
                .filter(l -> l.startsWith("| rev") || l.startsWith("| mul"))
                .toList();
        assertEquals(2, rows.size(), r.out());
        assertEquals("| rev | 8 | 100.0% | 0 |", rows.get(0), "EVAL.md: rev is 100% on the full test split");
        assertTrue(rows.get(1).startsWith("| mul | 8 | "), rows.get(1));
        assertTrue(r.out().contains("over 2 skills (test split, 16 examples)"), r.out());
    }

    @Test
    void allMeansTheRecipesSkillsAndOtherSplitsAndHeldOutSkillsWork() {
        Path base = TinyLab.trainedBase();
        CliRun all = CliRun.of("eval", "--model", base.toString(), "--split", "dev", "--per-skill", "3", "--json");
        assertEquals(0, all.code(), all.toString());
        JsonObject json = JsonParser.parseString(all.out()).getAsJsonObject();
        assertEquals(List.of("rev", "add"), new ArrayList<>(json.keySet()), "the recipe's skills, in its order");
        assertEquals(3, json.getAsJsonObject("add").get("n").getAsInt());

        CliRun held =
                CliRun.of("eval", "--model", base.toString(), "--skills", "cs3,rev.sort", "--per-skill", "4", "--json");
        assertEquals(0, held.code(), held.toString());
        JsonObject h = JsonParser.parseString(held.out()).getAsJsonObject();
        assertEquals(4, h.getAsJsonObject("cs3").get("n").getAsInt());
        assertEquals(4, h.getAsJsonObject("rev.sort").get("n").getAsInt());
    }

    @Test
    void aMixedListTakesTrainedSkillsFromTheRecipesSplitAndDrawsTheOthersApart() {
        Recipe recipe = Recipe.load(TinyLab.trainedBase());
        SkillSuite suite = SkillSuite.standard();
        List<Example> mixed =
                EvalCommand.examples(recipe, List.of("cs3", "rev"), io.skillscope.datasets.Split.TEST, 5, suite);
        List<Example> recipeRev = LabData.of(recipe, suite).testOf("rev").subList(0, 5);
        List<Example> cs3 =
                LabData.forSkills(recipe, List.of("cs3"), suite).testOf("cs3").subList(0, 5);
        List<Example> expected = new ArrayList<>(cs3);
        expected.addAll(recipeRev);
        assertEquals(expected, mixed, "cs3 first (the order asked), rev exactly as the recipe's test split holds it");
    }

    @Test
    void unknownSkillsListTheValidNamesAndAFolderWithoutARecipeIsRefused() {
        Path base = TinyLab.trainedBase();
        CliRun bad = CliRun.of("eval", "--model", base.toString(), "--skills", "rev,revv");
        assertEquals(2, bad.code(), bad.toString());
        assertEquals(1, bad.errLines(), bad.toString());
        assertTrue(
                bad.err().contains("unknown skill \"revv\"") && bad.err().contains("valid names: [rev, sort"),
                bad.err());

        Path noRecipe = Path.of("..", "models", "tiny-random-llama");
        CliRun none = CliRun.of("eval", "--model", noRecipe.toString());
        assertEquals(1, none.code(), none.toString());
        assertTrue(none.err().contains("has no recipe.json"), none.err());
        CliRun neg = CliRun.of("eval", "--model", base.toString(), "--per-skill", "-1");
        assertEquals(2, neg.code(), neg.toString());
        CliRun split = CliRun.of("eval", "--model", base.toString(), "--split", "validation");
        assertEquals(2, split.code(), split.toString());
        assertTrue(split.err().contains("TRAIN, DEV, TEST"), split.err());
    }
}
