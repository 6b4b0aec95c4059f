package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.Progress;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillLab;
import io.skillscope.lab.testing.TinyRecipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skillscope train}: the command runs the recipe exactly as the library does, and guards its output. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static final Pattern LOSS = Pattern.compile("loss (\\d+\\.\\d+) -> (\\d+\\.\\d+)");

    @Test
    void baseWritesTheFolderTheLibraryWritesWithProgressOnStderr() throws IOException {
        Recipe recipe = TinyRecipes.base(30, 21);
        Path file = TinyRecipes.write(recipe, dir.resolve("r.json"));
        Path out = dir.resolve("base");
        CliRun r = CliRun.of(
                "train", "base", "--recipe", file.toString(), "--out", out.toString(), "--progress-every", "10");
        assertEquals(0, r.code(), r.toString());
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "recipe.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(recipe, Recipe.load(out), "recipe.json rebuilds the run");
        List<String> progress =
                r.err().lines().filter(l -> l.startsWith("base ")).toList();
        assertEquals(3, progress.size(), "a line at steps 10, 20 and 30\n" + r.err());
        assertTrue(progress.get(2).startsWith("base 30/30 (100%) loss "), progress.get(2));

        Matcher m = LOSS.matcher(r.out());
        assertTrue(m.find(), r.out());
        double head = Double.parseDouble(m.group(1));
        double tail = Double.parseDouble(m.group(2));
        assertTrue(head > 3.0, "random weights over 99 tokens start near ln 99 = 4.6, got " + head);
        assertTrue(tail < head - 0.3, "30 AdamW steps lower the loss: " + head + " -> " + tail);
        assertTrue(r.out().contains("trained base: 30 steps"), r.out());

        // the library, same recipe: identical bytes, and the loss the command printed
        SkillLab.TrainResult lib = SkillLab.trainBase(recipe, dir.resolve("lib"), Progress.silent(30));
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("lib/model.safetensors")),
                Files.readAllBytes(out.resolve("model.safetensors")));
        assertEquals(lib.headLoss(10), head, 5e-5);
        assertEquals(lib.tailLoss(10), tail, 5e-5);

        CliRun shorter = CliRun.of(
                "train",
                "base",
                "--recipe",
                file.toString(),
                "--out",
                dir.resolve("b12").toString(),
                "--steps",
                "12");
        assertEquals(0, shorter.code(), shorter.toString());
        assertEquals(12, Recipe.load(dir.resolve("b12")).steps(), "--steps is recorded in recipe.json");
        assertTrue(shorter.out().contains("trained base: 12 steps"), shorter.out());
    }

    @Test
    void sftFromInitWithCheckpointsRecordsTheStartingModel() throws IOException {
        Path base = TinyLab.trainedBase();
        Path file =
                TinyRecipes.writeWithoutInit(TinyRecipes.sft("set-by-the-command-line", 10), dir.resolve("sft.json"));
        Path out = dir.resolve("sft");
        CliRun r = CliRun.of(
                "train",
                "sft",
                "--recipe",
                file.toString(),
                "--init",
                base.toString(),
                "--out",
                out.toString(),
                "--checkpoint-every",
                "4");
        assertEquals(0, r.code(), r.toString());
        Recipe saved = Recipe.load(out);
        assertEquals(base.toString(), saved.init(), "--init fills the recipe's missing init");
        assertEquals(Recipe.Stage.SFT, saved.stage());
        JsonObject prov = JsonParser.parseString(Files.readString(out.resolve("recipe.json")))
                .getAsJsonObject()
                .getAsJsonObject("provenance");
        assertEquals(
                Hashing.sha256(base.resolve("model.safetensors")),
                prov.get("init_model_sha256").getAsString());
        for (String step : List.of("step-000004", "step-000008")) {
            Path ck = out.resolve("checkpoints").resolve(step);
            assertTrue(Files.isRegularFile(ck.resolve("model.safetensors")), ck.toString());
            assertEquals(
                    Integer.parseInt(step.substring(5)), Recipe.load(ck).steps(), "a checkpoint's recipe has its step");
        }
        assertFalse(Files.exists(out.resolve("checkpoints/step-000012")));
        assertFalse(
                Arrays.equals(
                        Files.readAllBytes(base.resolve("model.safetensors")),
                        Files.readAllBytes(out.resolve("model.safetensors"))),
                "10 SGD steps changed the weights");
    }

    @Test
    void rlRunsGrpoFromTheBaseAndReportsRewards() throws IOException {
        Path base = TinyLab.trainedBase();
        Recipe rl = new Recipe(
                Recipe.Stage.RL,
                base.toString(),
                null,
                List.of("rev"),
                null,
                new SplitSizes(50, 5, 5),
                Map.of(),
                5,
                11,
                3,
                8,
                TinyRecipes.adamW(3e-3),
                null,
                new Recipe.Rl(4, 1.0, 0.2, 0.0, 1));
        Path out = dir.resolve("rl");
        CliRun r = CliRun.of(
                "train",
                "rl",
                "--recipe",
                TinyRecipes.write(rl, dir.resolve("rl.json")).toString(),
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("trained rl: 3 steps"), r.out());
        Matcher m = Pattern.compile("mean reward (-?\\d+\\.\\d+) -> (-?\\d+\\.\\d+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        for (int g = 1; g <= 2; g++) {
            double reward = Double.parseDouble(m.group(g));
            assertTrue(reward >= -1 && reward <= 1, "rewards are -1, 0 or 1 on average: " + reward);
        }
        assertEquals(rl, Recipe.load(out));
    }

    @Test
    void refusesAMismatchedStageAndOutputsThatOverwriteInputsOrResults() throws IOException {
        Path base = TinyLab.trainedBase();
        Path baseRecipe = TinyRecipes.write(TinyRecipes.base(5, 1), dir.resolve("b.json"));
        Path sftRecipe = TinyRecipes.write(TinyRecipes.sft(base.toString(), 5), dir.resolve("s.json"));

        CliRun stage = CliRun.of(
                "train",
                "sft",
                "--recipe",
                baseRecipe.toString(),
                "--out",
                dir.resolve("x").toString());
        assertEquals(2, stage.code(), stage.toString());
        assertTrue(
                stage.err().contains("has stage BASE, not sft") && stage.err().contains("skillscope train base"),
                stage.err());

        CliRun same = CliRun.of("train", "sft", "--recipe", sftRecipe.toString(), "--out", base.toString(), "--force");
        assertEquals(2, same.code(), same.toString());
        assertTrue(same.err().contains("is the input folder"), same.err());
        CliRun inside = CliRun.of(
                "train",
                "sft",
                "--recipe",
                sftRecipe.toString(),
                "--out",
                base.resolve("sub").toString());
        assertEquals(2, inside.code(), inside.toString());
        assertTrue(inside.err().contains("is inside the input folder"), inside.err());
        assertFalse(Files.exists(base.resolve("sub")));

        Path out = dir.resolve("again");
        assertEquals(
                0,
                CliRun.of("train", "base", "--recipe", baseRecipe.toString(), "--out", out.toString())
                        .code());
        byte[] first = Files.readAllBytes(out.resolve("model.safetensors"));
        CliRun twice =
                CliRun.of("train", "base", "--recipe", baseRecipe.toString(), "--out", out.toString(), "--steps", "6");
        assertEquals(2, twice.code(), twice.toString());
        assertTrue(
                twice.err().contains("already holds a result (model.safetensors)")
                        && twice.err().contains("--force"),
                twice.err());
        assertArrayEquals(first, Files.readAllBytes(out.resolve("model.safetensors")), "nothing written on refusal");
        CliRun forced = CliRun.of(
                "train", "base", "--recipe", baseRecipe.toString(), "--out", out.toString(), "--steps", "6", "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(6, Recipe.load(out).steps());

        CliRun missing = CliRun.of(
                "train",
                "base",
                "--recipe",
                dir.resolve("nope.json").toString(),
                "--out",
                dir.resolve("y").toString());
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("nope.json does not exist"), missing.err());
        CliRun word = CliRun.of(
                "train",
                "pretrain",
                "--recipe",
                baseRecipe.toString(),
                "--out",
                dir.resolve("z").toString());
        assertEquals(2, word.code(), word.toString());
        assertTrue(word.err().contains("BASE, SFT, RL"), word.err());
        CliRun zero = CliRun.of(
                "train",
                "base",
                "--recipe",
                baseRecipe.toString(),
                "--out",
                dir.resolve("z").toString(),
                "--steps",
                "0");
        assertEquals(2, zero.code(), zero.toString());
        CliRun rlCk = CliRun.of(
                "train",
                "rl",
                "--recipe",
                baseRecipe.toString(),
                "--out",
                dir.resolve("z").toString(),
                "--checkpoint-every",
                "2");
        assertEquals(2, rlCk.code(), rlCk.toString());
        CliRun noInit = CliRun.of(
                "train",
                "sft",
                "--recipe",
                sftRecipe.toString(),
                "--init",
                dir.resolve("absent").toString(),
                "--out",
                dir.resolve("z").toString());
        assertEquals(1, noInit.code(), noInit.toString());
        assertTrue(noInit.err().contains("absent does not exist"), noInit.err());
        for (CliRun c : List.of(stage, same, inside, twice, missing, word, zero, rlCk, noInit)) {
            assertEquals(1, c.errLines(), c.toString());
        }
        assertFalse(Files.exists(dir.resolve("z")), "nothing created on a usage error");
    }
}
