package io.skillscope.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.testing.TinyRecipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeTest {

    static Recipe rlRecipe() {
        return new Recipe(
                Recipe.Stage.RL,
                "models/x",
                null,
                List.of("rev.sort", "mul"),
                null,
                new SplitSizes(100, 10, 20),
                Map.of("mul", new SplitSizes(50, 5, 5)),
                9,
                123,
                40,
                32,
                new Recipe.Optim(OptimizerKind.SGD, 1e-3, 0.9, 1e-4, 0.5, LrSchedule.Kind.COSINE, 5, 0.1, 1e-3),
                "model\\.layers\\.\\d+\\.mlp\\..*",
                new Recipe.Rl(8, 0.7, 0.2, 0.05, 2));
    }

    @Test
    void jsonRoundTripKeepsEverySetting(@TempDir Path dir) {
        for (Recipe r : List.of(rlRecipe(), TinyRecipes.base(50, 4))) {
            assertEquals(r, Recipe.fromJson(r.toJson()));
            Path f = dir.resolve(r.stage() + ".json");
            r.save(f);
            assertEquals(r, Recipe.load(f));
        }
        Recipe back = Recipe.fromJson(rlRecipe().toJson());
        assertEquals(new SplitSizes(50, 5, 5), back.sizesOf("mul"));
        assertEquals(new SplitSizes(100, 10, 20), back.sizesOf("rev.sort"));
        assertEquals(8, back.rl().groupSize());
    }

    @Test
    void grpoObjectiveDefaultsToTokenLevelAndRoundTrips() {
        Recipe r = rlRecipe();
        assertEquals(io.skillscope.core.train.GrpoObjective.TOKEN, r.rl().objective());
        com.google.gson.JsonObject j = r.toJsonObject();
        assertEquals("TOKEN", j.getAsJsonObject("rl").get("objective").getAsString(), "saved recipes name it");
        j.getAsJsonObject("rl").remove("objective");
        assertEquals(
                io.skillscope.core.train.GrpoObjective.TOKEN,
                Recipe.fromJson(j.toString()).rl().objective(),
                "a recipe file without the field gets the default");
        j.getAsJsonObject("rl").addProperty("objective", "SEQUENCE");
        assertEquals(
                io.skillscope.core.train.GrpoObjective.SEQUENCE,
                Recipe.fromJson(j.toString()).rl().objective());
    }

    @Test
    void operandRangesRoundTripAndDefaultToTheWideMulRange() {
        Recipe r = rlRecipe();
        assertEquals(Recipe.Operands.DEFAULT, r.operands());
        assertTrue(r.toJson().contains("\"mulLeftMax\": 999"), r.toJson());
        assertEquals(999, ((io.skillscope.datasets.Arithmetic) r.suite().get("mul")).leftMax());

        // a recipe without the field gets the default ranges; the legacy ranges survive a round trip
        com.google.gson.JsonObject noField = r.toJsonObject();
        noField.remove("operands");
        assertEquals(
                Recipe.Operands.DEFAULT, Recipe.fromJson(noField.toString()).operands());
        com.google.gson.JsonObject old = r.toJsonObject();
        old.add(
                "operands",
                com.google.gson.JsonParser.parseString("{\"addSubMax\": 99, \"mulLeftMax\": 99, \"mulRightMax\": 9}"));
        Recipe legacy = Recipe.fromJson(old.toString());
        assertEquals(Recipe.Operands.LEGACY, legacy.operands());
        io.skillscope.datasets.Arithmetic mul =
                (io.skillscope.datasets.Arithmetic) legacy.suite().get("mul");
        assertEquals(99, mul.leftMax());
        assertEquals(9, mul.rightMax());
        assertEquals(1_000, mul.inputSpaceSize());
        assertEquals(legacy, Recipe.fromJson(legacy.toJson()));

        com.google.gson.JsonObject bad = r.toJsonObject();
        bad.getAsJsonObject("operands").addProperty("mulLeftMax", -3);
        SkillscopeException e = assertThrows(SkillscopeException.class, () -> Recipe.fromJson(bad.toString()));
        assertTrue(e.getMessage().contains("multiplicandMax") && e.getMessage().contains("-3"), e.getMessage());
    }

    @Test
    void skillWeightsRoundTripAndSteerTheSkillDraw() {
        Recipe base = rlRecipe();
        Recipe weighted = new Recipe(
                base.stage(),
                base.init(),
                null,
                base.skills(),
                null,
                base.sizes(),
                base.sizeOverrides(),
                base.dataSeed(),
                base.seed(),
                base.steps(),
                base.batchSize(),
                base.optim(),
                base.trainable(),
                base.rl(),
                Map.of("mul", 3.0));
        assertEquals(weighted, Recipe.fromJson(weighted.toJson()));
        assertEquals(3.0, weighted.weightOf("mul"));
        assertEquals(1.0, weighted.weightOf("rev.sort"));
        assertEquals(null, SkillLab.cumulativeWeights(base, base.skills()));

        double[] cumulative = SkillLab.cumulativeWeights(weighted, weighted.skills()); // rev.sort 1, mul 3
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        int mul = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            mul += SkillLab.drawSkill(rng, cumulative, 2);
        }
        assertEquals(0.75, mul / (double) n, 0.01);

        SkillscopeException unknown = assertThrows(
                SkillscopeException.class,
                () -> new Recipe(
                        base.stage(),
                        base.init(),
                        null,
                        base.skills(),
                        null,
                        base.sizes(),
                        null,
                        1,
                        1,
                        1,
                        8,
                        base.optim(),
                        null,
                        base.rl(),
                        Map.of("add", 2.0)));
        assertTrue(unknown.getMessage().contains("skillWeights names 'add'"), unknown.getMessage());
        SkillscopeException negative = assertThrows(
                SkillscopeException.class,
                () -> new Recipe(
                        base.stage(),
                        base.init(),
                        null,
                        base.skills(),
                        null,
                        base.sizes(),
                        null,
                        1,
                        1,
                        1,
                        8,
                        base.optim(),
                        null,
                        base.rl(),
                        Map.of("mul", -1.0)));
        assertTrue(
                negative.getMessage().contains("skillWeights.mul must be a positive number, got -1.0"),
                negative.getMessage());
    }

    @Test
    void savedProvenanceBlockIsIgnoredWhenLoading(@TempDir Path dir) throws Exception {
        String withProvenance = TinyRecipes.base(5, 1)
                .toJson()
                .replaceFirst("\\{", "{\"provenance\": {\"data_sha256\": \"abc\", \"seconds\": 12},");
        Files.writeString(dir.resolve("recipe.json"), withProvenance);
        assertEquals(TinyRecipes.base(5, 1), Recipe.load(dir));
    }

    @Test
    void optimTurnsIntoTheCoreTrainConfig() {
        TrainConfig c = rlRecipe().optim().toTrainConfig(40);
        assertEquals(OptimizerKind.SGD, c.optimizer());
        assertEquals(0.9, c.momentum());
        assertEquals(1e-4, c.weightDecay());
        assertEquals(1e-3, c.l1Lambda());
        assertEquals(0.5, c.clipNorm());
        assertEquals(new LrSchedule(LrSchedule.Kind.COSINE, 5, 40, 0.1), c.schedule());
    }

    @Test
    void invalidRecipesNameTheField() {
        Recipe ok = TinyRecipes.base(5, 1);
        SkillscopeException noRl = assertThrows(
                SkillscopeException.class,
                () -> new Recipe(
                        Recipe.Stage.RL,
                        "m",
                        null,
                        ok.skills(),
                        null,
                        ok.sizes(),
                        null,
                        1,
                        1,
                        5,
                        8,
                        ok.optim(),
                        null,
                        null));
        assertTrue(noRl.getMessage().contains("'rl'"), noRl.getMessage());
        SkillscopeException both = assertThrows(
                SkillscopeException.class,
                () -> new Recipe(
                        Recipe.Stage.BASE,
                        null,
                        ok.model(),
                        ok.skills(),
                        "x.jsonl",
                        ok.sizes(),
                        null,
                        1,
                        1,
                        5,
                        8,
                        ok.optim(),
                        null,
                        null));
        assertTrue(both.getMessage().contains("dataFile"), both.getMessage());
        SkillscopeException regex = assertThrows(
                SkillscopeException.class,
                () -> new Recipe(
                        Recipe.Stage.BASE,
                        null,
                        ok.model(),
                        ok.skills(),
                        null,
                        ok.sizes(),
                        null,
                        1,
                        1,
                        5,
                        8,
                        ok.optim(),
                        "(",
                        null));
        assertTrue(regex.getMessage().contains("trainable"), regex.getMessage());
        SkillscopeException missing = assertThrows(
                SkillscopeException.class,
                () -> Recipe.fromJson("{\"stage\": \"SFT\","
                        + " \"skills\": [\"rev\"], \"sizes\": {\"train\": 1, \"dev\": 1, \"test\": 1}, \"steps\": 1,"
                        + " \"batchSize\": 1}"));
        assertTrue(missing.getMessage().contains("init"), missing.getMessage());
    }
}
