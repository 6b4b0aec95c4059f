package io.skillscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.core.testing.ShippedModels;
import io.skillscope.datasets.Arithmetic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo scores a skill-lab model on the skills it was trained on: its own recipe's operand ranges. */
class StepContextTest {
    @TempDir
    Path dir;

    private static StepContext context(Path model) {
        return new StepContext(DemoScale.CI.settings(0), model, "x", "y", model.resolve("out"), null);
    }

    private static int mulLeftMax(StepContext ctx) {
        return ((Arithmetic) ctx.suite().get("mul")).leftMax();
    }

    @Test
    void aSkillLabModelsRecipeDecidesTheOperandRanges() throws Exception {
        assertEquals(999, mulLeftMax(context(dir)), "no recipe.json: the standard suite");
        assertEquals(999, mulLeftMax(context(ShippedModels.SKILL_LAB_BASE)), "the shipped fourth stage");
        assertEquals(
                99,
                mulLeftMax(context(ShippedModels.SKILL_LAB_BASE.resolve("stage3"))),
                "stage 3 was trained on mul 0..99 x 0..9 and is scored on it");
        Files.copy(ShippedModels.SKILL_LAB_BASE.resolve("stage2").resolve("recipe.json"), dir.resolve("recipe.json"));
        assertEquals(99, mulLeftMax(context(dir)));
    }
}
