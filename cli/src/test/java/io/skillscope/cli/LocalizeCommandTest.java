package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Splits;
import io.skillscope.grafting.Mask;
import io.skillscope.lab.testing.TinyRecipes;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.Localizer;
import io.skillscope.localization.TaskData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skillscope localize} on the shipped skill lab's last two recorded stages: {@code stage3/} (θ_pre,
 * trained on mul with a left operand up to 99 only) and the shipped model (θ_ft, mul 97.2% on 0..999 × 0..9),
 * whose difference is 2,500 AdamW steps that taught the wider mul among other skills.
 */
class LocalizeCommandTest {
    @TempDir
    Path dir;

    private static final Path PRE = ShippedModels.SKILL_LAB_BASE.resolve("stage3");
    private static final Path FT = ShippedModels.SKILL_LAB_BASE;
    private static final String[] FAST = {
        "--batch",
        "32",
        "--accumulation",
        "1",
        "--train",
        "64",
        "--dev",
        "16",
        "--test",
        "100",
        "--data-seed",
        "99",
        "--quiet"
    };

    private static CliRun run(Path out, String sparsity, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "localize",
                "--base",
                PRE.toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                "mul",
                "--sparsity",
                sparsity,
                "--out",
                out.toString()));
        args.addAll(List.of(FAST));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The task the command builds from --skill mul --data-seed 99 and the counts above. */
    private static TaskData task() {
        return TaskData.of(
                Splits.generate(SkillSuite.standard().get("mul"), 64, 16, 100, 99), CharTokenizer.standard());
    }

    @Test
    void oneSparsityWritesTheMaskAndAccuracyAndEceOfPreFtAndGraft() {
        Path out = dir.resolve("one");
        // mul's stage-3 -> stage-4 gain is spread over many weights: a tenth of the difference moves part of it
        CliRun r = run(out, "1e-1", "--steps", "8", "--lr", "1e7");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        for (String k : List.of("sparsity", "n_selected", "n_included", "accuracy", "ece")) {
            assertTrue(json.has(k), k + " in " + json.keySet());
        }
        Mask mask = Mask.load(out);
        assertEquals(mask.cardinality(), json.get("n_selected").getAsLong());
        assertEquals(mask.included(), json.get("n_included").getAsLong());
        assertEquals(
                (double) mask.cardinality() / mask.included(),
                json.get("sparsity").getAsDouble(),
                1e-12);
        assertEquals(0.1, json.get("target_sparsity").getAsDouble());
        assertTrue(
                json.get("sparsity").getAsDouble() < 0.15, json.get("sparsity").toString());
        assertEquals(100, json.get("n_test").getAsInt());
        assertEquals(
                "generated: skill mul, seed 99",
                json.getAsJsonObject("data").get("source").getAsString());

        TaskData data = task();
        assertEquals(data.sha256(), json.getAsJsonObject("data").get("sha256").getAsString());
        JsonObject acc = json.getAsJsonObject("accuracy");
        JsonObject ece = json.getAsJsonObject("ece");
        try (Localizer.Session s =
                Localizer.open(PRE, FT, data, LocalizationSettings.of(0.1).withProgress(false))) {
            double pre = s.pre().accuracy();
            double ft = s.ft().accuracy();
            assertEquals(pre, acc.get("pre").getAsDouble(), 0.0);
            assertEquals(ft, acc.get("ft").getAsDouble(), 0.0);
            assertEquals(s.pre().ece(), ece.get("pre").getAsDouble(), 1e-12);
            assertEquals(s.ft().ece(), ece.get("ft").getAsDouble(), 1e-12);
            assertTrue(ft > pre + 0.05, "the fourth stage learned the wider mul: pre " + pre + ", ft " + ft);
            double graft = acc.get("graft").getAsDouble();
            assertTrue(
                    graft > pre,
                    "grafting a tenth of the difference moves part of the gain: pre " + pre + ", graft " + graft
                            + ", ft " + ft);
            assertEquals(
                    graft,
                    s.evaluate(mask).accuracy(),
                    0.0,
                    "the saved mask grafted again gives the reported accuracy");
        }
        assertTrue(r.out().contains("mul"), r.out());
    }

    @Test
    void aSweepWritesOneMaskPerSparsityAndTheBest() {
        Path out = dir.resolve("sweep");
        CliRun r = run(out, "1e-3,3e-2", "--steps", "4", "--recover", "0.9");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        JsonArray points = json.getAsJsonArray("points");
        assertEquals(2, points.size());
        long[] selected = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonObject p = points.get(i).getAsJsonObject();
            Path folder = out.resolve(p.get("folder").getAsString());
            Mask m = Mask.load(folder);
            selected[i] = m.cardinality();
            assertEquals(selected[i], p.get("n_selected").getAsLong());
            assertEquals(
                    p.getAsJsonObject("accuracy").get("graft").getAsDouble(),
                    Json.read(folder.resolve("result.json"))
                            .getAsJsonObject("accuracy")
                            .get("graft")
                            .getAsDouble(),
                    0.0);
            for (String k : List.of("pre", "ft", "graft")) {
                assertTrue(p.getAsJsonObject("ece").has(k), k);
            }
        }
        assertEquals(
                List.of("sparsity-0.001", "sparsity-0.03"),
                List.of(
                        points.get(0).getAsJsonObject().get("folder").getAsString(),
                        points.get(1).getAsJsonObject().get("folder").getAsString()));
        assertTrue(
                selected[0] < selected[1],
                "a 30x larger budget selects more weights: " + selected[0] + ", " + selected[1]);
        // the best point is chosen on dev (16 items here), never on test: the rule reads the dev recovery
        JsonObject best = json.getAsJsonObject("best");
        assertEquals("dev", best.get("chosen_on").getAsString());
        double devFt = best.getAsJsonObject("dev")
                .getAsJsonObject("accuracy")
                .get("ft")
                .getAsDouble();
        assertEquals(16, best.getAsJsonObject("dev").get("n_dev").getAsInt());
        boolean anyRecovers = false;
        for (var e : points) {
            JsonObject dev = e.getAsJsonObject().getAsJsonObject("dev");
            anyRecovers |= dev.getAsJsonObject("accuracy").get("graft").getAsDouble() >= 0.9 * devFt;
        }
        if (anyRecovers) {
            assertTrue(
                    best.get("rule").getAsString().startsWith("chosen on dev: the smallest sparsity"), best.toString());
            assertTrue(best.getAsJsonObject("dev").get("recovered").getAsDouble() >= 0.9, best.toString());
        } else {
            assertTrue(best.get("rule").getAsString().startsWith("chosen on dev: no point recovers"), best.toString());
        }
        assertTrue(r.out().contains("best (chosen on dev): target "), r.out());
        // each target is a budget (the default cap): the mask holds at most round(target x N), and the
        // learned size before the cut is beside it, in each point and on stdout
        for (var e : points) {
            JsonObject p = e.getAsJsonObject();
            assertEquals("cap", p.get("budget").getAsString());
            assertTrue(p.get("n_selected").getAsLong() <= p.get("n_target").getAsLong(), p.toString());
            assertTrue(p.get("n_learned").getAsLong() >= p.get("n_selected").getAsLong(), p.toString());
            assertEquals(
                    p.get("n_learned").getAsLong() > p.get("n_selected").getAsLong(),
                    p.get("capped").getAsBoolean());
            assertEquals(
                    (double) p.get("n_learned").getAsLong()
                            / p.get("n_included").getAsLong(),
                    p.get("learned_sparsity").getAsDouble(),
                    1e-12);
            String line = String.format(
                    java.util.Locale.ROOT,
                    "target %.1e (k %,d): ",
                    p.get("target_sparsity").getAsDouble(),
                    p.get("n_target").getAsLong());
            assertTrue(r.out().contains(line), line + " in\n" + r.out());
        }
    }

    @Test
    void aModelFineTunedByTrainSftIsLocalizedOnItsRecipesSplits() throws IOException {
        Path base = TinyLab.trainedBase();
        Path ft = dir.resolve("ft");
        CliRun train = CliRun.of(
                "train",
                "sft",
                "--recipe",
                TinyRecipes.write(TinyRecipes.sft(base.toString(), 8), dir.resolve("sft.json"))
                        .toString(),
                "--out",
                ft.toString());
        assertEquals(0, train.code(), train.toString());
        Path out = dir.resolve("loc");
        CliRun r = CliRun.of(
                "localize",
                "--base",
                base.toString(),
                "--finetuned",
                ft.toString(),
                "--skill",
                "cs3",
                "--sparsity",
                "0.05",
                "--steps",
                "3",
                "--batch",
                "16",
                "--accumulation",
                "1",
                "--train",
                "32",
                "--dev",
                "8",
                "--test",
                "50",
                "--out",
                out.toString(),
                "--quiet");
        assertEquals(0, r.code(), r.toString());
        JsonObject data = Json.read(out.resolve("result.json")).getAsJsonObject("data");
        assertTrue(
                data.get("source").getAsString().startsWith("the splits of " + ft.resolve("recipe.json")),
                data.toString());
        assertEquals(32, data.get("train").getAsInt());
        assertEquals(8, data.get("dev").getAsInt());
        assertEquals(20, data.get("test").getAsInt(), "the recipe's test split has 20 examples; all of them are used");
        Mask m = Mask.load(out);
        long blockWeights = m.included();
        assertTrue(Math.abs(m.cardinality() - 0.05 * blockWeights) <= 0.05 * blockWeights, m.toString());
    }

    @Test
    void badPairsSparsitiesAndOutputsAreRefused() throws IOException {
        Path out = dir.resolve("bad");
        CliRun same = CliRun.of(
                "localize",
                "--base",
                FT.toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                "add",
                "--sparsity",
                "0.01",
                "--out",
                out.toString());
        assertEquals(2, same.code(), same.toString());
        assertTrue(same.err().contains("are the same folder"), same.err());
        CliRun arch = CliRun.of(
                "localize",
                "--base",
                TinyLab.trainedBase().toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                "col",
                "--sparsity",
                "0.01",
                "--out",
                out.toString());
        assertEquals(1, arch.code(), arch.toString());
        assertTrue(arch.err().contains("different architectures"), arch.err());
        CliRun zero = run(out, "0");
        assertEquals(2, zero.code(), zero.toString());
        assertTrue(zero.err().contains("--sparsity must be in (0, 1], got 0.0"), zero.err());
        // a sweep chooses its point on dev: without dev items it is refused, not chosen on test
        CliRun noDev = CliRun.of(
                "localize",
                "--base",
                PRE.toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                "mul",
                "--sparsity",
                "1e-3,3e-2",
                "--dev",
                "0",
                "--out",
                out.toString());
        assertEquals(2, noDev.code(), noDev.toString());
        assertTrue(noDev.err().contains("--dev must be >= 1 with several --sparsity values, got --dev 0"), noDev.err());
        CliRun skill = CliRun.of(
                "localize",
                "--base",
                PRE.toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                "adds",
                "--sparsity",
                "0.01",
                "--out",
                out.toString());
        assertEquals(2, skill.code(), skill.toString());
        assertTrue(skill.err().contains("valid names"), skill.err());
        CliRun inside = CliRun.of(
                "localize",
                "--base",
                PRE.toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                "add",
                "--sparsity",
                "0.01",
                "--out",
                FT.resolve("masks").toString());
        assertEquals(2, inside.code(), inside.toString());
        assertTrue(inside.err().contains("inside the input folder"), inside.err());
        assertFalse(Files.exists(FT.resolve("masks")));
        List<Example> few =
                Splits.generate(SkillSuite.standard().get("add"), 5, 0, 5, 1).train();
        Path file = dir.resolve("few.jsonl");
        Jsonl.write(file, few);
        CliRun small = CliRun.of(
                "localize",
                "--base",
                PRE.toString(),
                "--finetuned",
                FT.toString(),
                "--data",
                file.toString(),
                "--sparsity",
                "0.01",
                "--out",
                out.toString());
        assertEquals(1, small.code(), small.toString());
        assertTrue(small.err().contains("has 5 examples, fewer than --train 512"), small.err());
        assertFalse(Files.exists(out), "nothing created when the data is too small");
        for (CliRun c : List.of(same, arch, zero, skill, inside, small)) {
            assertEquals(1, c.errLines(), c.toString());
        }
    }

    @Test
    void undefinedRatiosAreWrittenAsNullInStrictJson() throws IOException {
        // θ_ft is a copy of θ_pre and neither does the held-out evn: recovered and relative gain are 0/0
        Path copy = java.nio.file.Files.createDirectories(dir.resolve("copy"));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            java.nio.file.Files.copy(FT.resolve(f), copy.resolve(f));
        }
        Path out = dir.resolve("undefined");
        CliRun r = CliRun.of(
                "localize",
                "--base",
                FT.toString(),
                "--finetuned",
                copy.toString(),
                "--skill",
                "evn",
                "--sparsity",
                "1e-3,1e-2",
                "--steps",
                "1",
                "--batch",
                "16",
                "--accumulation",
                "1",
                "--train",
                "16",
                "--dev",
                "8",
                "--test",
                "16",
                "--quiet",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(io.skillscope.core.testing.StrictJson.checkTree(out) >= 3, "the sweep's and every point's");
        var json = io.skillscope.core.Json.read(out.resolve("result.json"));
        var point = json.getAsJsonArray("points").get(0).getAsJsonObject();
        assertTrue(point.get("relative_gain").isJsonNull(), point.toString());
    }
}
