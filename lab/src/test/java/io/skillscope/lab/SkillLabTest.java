package io.skillscope.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.Progress;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.tokenizer.HfTokenizer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.testing.TinyRecipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each training mode at toy scale: a 1-layer, d=32 model, seconds per run. */
class SkillLabTest {
    @TempDir
    static Path dir;

    static Path base;
    static SkillLab.TrainResult baseRun;

    @BeforeAll
    static void trainTinyBase() {
        base = dir.resolve("base");
        baseRun = SkillLab.trainBase(TinyRecipes.base(120, 7), base, Progress.silent(120));
    }

    @Test
    void baseTrainingLowersTheLossAndWritesAHuggingFaceFolder() throws Exception {
        double head = baseRun.headLoss(10);
        double tail = baseRun.tailLoss(10);
        assertTrue(head > 3.0, "a random model over 99 tokens starts near ln 99 = 4.6, got " + head);
        assertTrue(tail < 0.6 * head, "loss " + head + " → " + tail);
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "recipe.json")) {
            assertTrue(Files.isRegularFile(base.resolve(f)), f);
        }
        assertEquals(TinyRecipes.base(120, 7), Recipe.load(base), "recipe.json rebuilds the run");
        String recipeJson = Files.readString(base.resolve("recipe.json"));
        assertTrue(recipeJson.contains("\"data_sha256\"") && recipeJson.contains("\"environment\""), recipeJson);
        try (HfTokenizer hf = HfTokenizer.load(base.resolve("tokenizer.json"))) {
            assertArrayEquals(CharTokenizer.standard().encode("rev(abc)="), hf.encode("rev(abc)="));
        }
    }

    @Test
    void sameSeedGivesIdenticalCheckpointBytesAndAnotherSeedDoesNot() throws Exception {
        Path a = dir.resolve("det-a");
        Path b = dir.resolve("det-b");
        Path c = dir.resolve("det-c");
        SkillLab.trainBase(TinyRecipes.base(8, 21), a, Progress.silent(8));
        SkillLab.trainBase(TinyRecipes.base(8, 21), b, Progress.silent(8));
        SkillLab.trainBase(TinyRecipes.base(8, 22), c, Progress.silent(8));
        byte[] bytesA = Files.readAllBytes(a.resolve("model.safetensors"));
        assertArrayEquals(bytesA, Files.readAllBytes(b.resolve("model.safetensors")));
        assertFalse(Arrays.equals(bytesA, Files.readAllBytes(c.resolve("model.safetensors"))));
    }

    private static Recipe sft(Recipe.Optim optim, String trainable, int steps) {
        return new Recipe(
                Recipe.Stage.SFT,
                base.toString(),
                null,
                List.of("cs3"),
                null,
                new SplitSizes(200, 10, 20),
                Map.of(),
                5,
                3,
                steps,
                16,
                optim,
                trainable,
                null);
    }

    @Test
    void sftWithSgdLowersTheLossOnANewSkill() {
        SkillLab.TrainResult r =
                SkillLab.trainSft(sft(TinyRecipes.sgd(0.05), null, 60), dir.resolve("sgd"), Progress.silent(60));
        assertTrue(r.tailLoss(10) < r.headLoss(10) - 0.1, "loss " + r.headLoss(10) + " → " + r.tailLoss(10));
    }

    @Test
    void sftWithAdamWLowersTheLossOnANewSkill() {
        SkillLab.TrainResult r =
                SkillLab.trainSft(sft(TinyRecipes.adamW(3e-3), null, 60), dir.resolve("adamw"), Progress.silent(60));
        assertTrue(r.tailLoss(10) < r.headLoss(10) - 0.1, "loss " + r.headLoss(10) + " → " + r.tailLoss(10));
    }

    @Test
    void sftOnASubsetLeavesTheOtherParametersBitIdentical() {
        Path out = dir.resolve("mlp-only");
        SkillLab.trainSft(sft(TinyRecipes.adamW(3e-3), "model\\.layers\\.0\\.mlp\\..*", 10), out, Progress.silent(10));
        try (TensorSource before = TensorSource.open(base);
                TensorSource after = TensorSource.open(out)) {
            int changed = 0;
            for (String name : before.names()) {
                boolean same = Arrays.equals(before.readFloats(name), after.readFloats(name));
                if (name.startsWith("model.layers.0.mlp.")) {
                    changed += same ? 0 : 1;
                } else {
                    assertTrue(same, name + " is frozen but changed");
                }
            }
            assertEquals(3, changed, "gate, up and down projections all train");
        }
    }

    @Test
    void sftWithL1PullMovesFewerWeightsFarThanWithout() {
        Recipe.Optim plain = TinyRecipes.sgd(0.05);
        Recipe.Optim l1 = new Recipe.Optim(
                plain.optimizer(), plain.lr(), plain.momentum(), 0, plain.clipNorm(), plain.schedule(), 0, 1, 2e-3);
        SkillLab.trainSft(sft(plain, null, 30), dir.resolve("plain"), Progress.silent(30));
        SkillLab.trainSft(sft(l1, null, 30), dir.resolve("l1"), Progress.silent(30));
        double plainL1 = l1Distance(base, dir.resolve("plain"));
        double pulledL1 = l1Distance(base, dir.resolve("l1"));
        assertTrue(pulledL1 < plainL1, "‖θ − θ_pre‖₁ with the L1 pull " + pulledL1 + " vs without " + plainL1);
    }

    private static double l1Distance(Path a, Path b) {
        try (TensorSource x = TensorSource.open(a);
                TensorSource y = TensorSource.open(b)) {
            double s = 0;
            for (String n : x.names()) {
                float[] u = x.readFloats(n);
                float[] v = y.readFloats(n);
                for (int i = 0; i < u.length; i++) {
                    s += Math.abs(u[i] - v[i]);
                }
            }
            return s;
        }
    }

    @Test
    void refusesToWriteOverItsStartingModel() {
        assertThrows(
                SkillscopeException.class,
                () -> SkillLab.trainSft(sft(TinyRecipes.adamW(1e-3), null, 1), base, Progress.silent(1)));
        try (Transformer m = Transformer.load(base)) {
            assertEquals(1, m.config().numLayers(), "the starting model is intact");
        }
    }

    @Test
    void rlRunsGroupsAndRecordsRewardsAndALowerLossOnItsOwnSamples() {
        Recipe rl = new Recipe(
                Recipe.Stage.RL,
                base.toString(),
                null,
                List.of("rev"),
                null,
                new SplitSizes(100, 5, 5),
                Map.of(),
                5,
                11,
                6,
                16,
                TinyRecipes.adamW(3e-3),
                null,
                new Recipe.Rl(4, 1.0, 0.2, 0.05, 2));
        SkillLab.TrainResult r = SkillLab.trainRl(rl, dir.resolve("rl"), Progress.silent(6));
        assertEquals(6, r.meanRewards().length);
        assertEquals(12, r.losses().length, "6 rounds × 2 updates");
        for (double reward : r.meanRewards()) {
            assertTrue(reward >= -1 && reward <= 1, "mean reward " + reward);
        }
        // within a round the second update sees the first's effect: the clipped surrogate can only go down
        int lower = 0;
        for (int round = 0; round < 6; round++) {
            lower += r.losses()[2 * round + 1] <= r.losses()[2 * round] + 1e-6 ? 1 : 0;
        }
        assertTrue(lower >= 5, "GRPO loss fell within " + lower + " of 6 rounds: " + Arrays.toString(r.losses()));
        assertTrue(Files.isRegularFile(dir.resolve("rl").resolve("model.safetensors")));
    }
}
