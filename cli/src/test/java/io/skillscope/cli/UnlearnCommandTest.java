package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KeySpaceUnion;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.SelectivePruning;
import io.skillscope.unlearning.Unlearner;
import io.skillscope.unlearning.UnlearningData;
import io.skillscope.unlearning.UnlearningEvaluation;
import io.skillscope.unlearning.UnlearningReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skillscope unlearn} on the shipped skill lab (forget add, keep rev and sort; 32 train, 16 dev,
 * 24 test examples per set): result.json's numbers, and artifacts that re-apply to the same numbers.
 */
class UnlearnCommandTest {
    @TempDir
    Path dir;

    private static final Path MODEL = ShippedModels.SKILL_LAB_BASE;
    private static final String[] DATA = {
        "--forget", "add", "--retain", "rev,sort", "--train", "32", "--dev", "16", "--test", "24", "--batch", "64"
    };

    private static CliRun run(String method, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("unlearn", method, "--model", MODEL.toString(), "--out", out.toString()));
        args.addAll(List.of(DATA));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The "after" accuracies of a reloaded artifact on the command's data, forget first. */
    private static double[] reapply(Unlearner u) {
        UnlearningData data =
                UnlearningData.parse("add", "rev,sort", SkillSuite.standard(), new SplitSizes(32, 16, 24), 0);
        UnlearningReport r;
        try (Transformer m = Transformer.load(MODEL)) {
            r = UnlearningEvaluation.run(m, TokenCodec.of(CharTokenizer.standard()), u, data, 64);
        }
        return new double[] {
            r.forget().after(), r.retain().get(0).after(), r.retain().get(1).after()
        };
    }

    private static double[] after(JsonObject json) {
        JsonArray retain = json.getAsJsonArray("retain");
        return new double[] {
            json.getAsJsonObject("forget").get("after").getAsDouble(),
            retain.get(0).getAsJsonObject().get("after").getAsDouble(),
            retain.get(1).getAsJsonObject().get("after").getAsDouble()
        };
    }

    private static void checkRow(JsonObject row, String name, int n) {
        assertEquals(name, row.get("name").getAsString());
        assertEquals(n, row.get("n").getAsInt());
        double before = row.get("before").getAsDouble();
        double after = row.get("after").getAsDouble();
        assertTrue(before >= 0 && before <= 1 && after >= 0 && after <= 1, row.toString());
        if (before > 0) {
            assertEquals(1 - after / before, row.get("relative_drop").getAsDouble(), 1e-12, row.toString());
        } else {
            assertTrue(row.get("relative_drop").isJsonNull(), row.toString());
        }
    }

    @Test
    void neuronAdjustWritesBeforeAfterAndDropsAndItsArtifactReapplies() throws java.io.IOException {
        Path out = dir.resolve("na");
        CliRun r = run("na", out, "--p", "3");
        assertEquals(0, r.code(), r.toString());
        assertTrue(io.skillscope.core.testing.StrictJson.checkTree(out) >= 2, "result.json and the artifact's");
        JsonObject json = Json.read(out.resolve("result.json"));
        assertEquals("na", json.get("method").getAsString());
        checkRow(json.getAsJsonObject("forget"), "add", 24);
        checkRow(json.getAsJsonArray("retain").get(0).getAsJsonObject(), "rev", 24);
        checkRow(json.getAsJsonArray("retain").get(1).getAsJsonObject(), "sort", 24);
        assertEquals(3.0, json.getAsJsonObject("options").get("percent").getAsDouble());
        assertEquals(64, json.get("model_sha256").getAsString().length());
        double addBefore = json.getAsJsonObject("forget").get("before").getAsDouble();
        double revBefore = json.getAsJsonArray("retain")
                .get(0)
                .getAsJsonObject()
                .get("before")
                .getAsDouble();
        assertTrue(addBefore >= 0.75, "the shipped model adds (93% on the full split), got " + addBefore);
        assertEquals(1.0, revBefore, "the shipped model reverses every string");
        double addAfter = json.getAsJsonObject("forget").get("after").getAsDouble();
        assertTrue(addAfter < addBefore, "3% of the neurons adjusted lowers add: " + addBefore + " -> " + addAfter);
        for (var e : json.getAsJsonArray("retain")) {
            assertTrue(
                    e.getAsJsonObject().get("relative_drop").getAsDouble() <= 0.1,
                    "retain sets keep their accuracy " + e);
        }

        assertTrue(Files.isRegularFile(out.resolve("artifact/result.json")));
        double[] again = reapply(NeuronAdjust.load(out.resolve("artifact")));
        assertEquals(
                java.util.Arrays.toString(after(json)),
                java.util.Arrays.toString(again),
                "the saved artifact gives the same accuracies");
        assertTrue(r.out().contains("add") && r.out().contains("forget"), r.out());
    }

    @Test
    void keySpaceDetectionRefusesTheForgetSetAndAZeroToleranceRefusesNothing() {
        Path out = dir.resolve("ksd");
        CliRun r = run("ksd", out, "--layer", "last", "--check-decode", "false");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        assertEquals("ksd", json.get("method").getAsString());
        JsonObject forget = json.getAsJsonObject("forget");
        double forgetDetection = forget.get("detection").getAsDouble();
        assertTrue(forgetDetection >= 0.5, "most add queries are refused: " + forget);
        assertTrue(forget.get("relative_drop").getAsDouble() >= 0.5, forget.toString());
        for (var e : json.getAsJsonArray("retain")) {
            double d = e.getAsJsonObject().get("detection").getAsDouble();
            assertTrue(d <= 0.1, "retain queries are rarely refused " + e);
        }
        KeySpaceDetector k = KeySpaceDetector.load(out.resolve("artifact"));
        assertEquals("blocks.3.mlp.hook_post", k.hook());
        assertFalse(k.settings().checkDecode());
        assertEquals(json.getAsJsonObject("settings").get("h").getAsDouble(), k.h(), 0.0);
        assertEquals(java.util.Arrays.toString(after(json)), java.util.Arrays.toString(reapply(k)));

        Path zero = dir.resolve("ksd-h0");
        CliRun z = run("ksd", zero, "--layer", "3", "--h", "0");
        assertEquals(0, z.code(), z.toString());
        JsonObject zj = Json.read(zero.resolve("result.json"));
        assertEquals(0.0, zj.get("h_override").getAsDouble());
        assertEquals(0.0, zj.getAsJsonObject("forget").get("detection").getAsDouble(), "h = 0 detects no query");
        assertEquals(
                zj.getAsJsonObject("forget").get("before").getAsDouble(),
                zj.getAsJsonObject("forget").get("after").getAsDouble(),
                "and so changes no answer");
    }

    @Test
    void ksdRunsThePaperPresetByDefaultAndNamesThePresetOrTheVariantInResultJsonAndTheReport() throws Exception {
        Path paper = dir.resolve("ksd-paper");
        CliRun p = run("ksd", paper);
        assertEquals(0, p.code(), p.toString());
        JsonObject pj = Json.read(paper.resolve("result.json"));
        assertEquals("paper", pj.get("preset").getAsString());
        assertEquals(KsdPreset.PAPER.label(), pj.get("method_label").getAsString());
        assertTrue(pj.get("faithful_to_paper").getAsBoolean());
        assertEquals(0, pj.getAsJsonArray("preset_overrides").size());
        KeySpaceDetector pk = KeySpaceDetector.load(paper.resolve("artifact"));
        assertEquals("blocks.3.mlp.hook_post", pk.hook());
        assertTrue(pk.settings().checkDecode(), "the paper checks every generated token");
        // the dev detection decides the warning: exactly one line when it is under 50%, none otherwise
        double dev = pj.get("dev_forget_detection").getAsDouble();
        long warnings = p.err().lines().filter(l -> l.startsWith("warning:")).count();
        assertEquals(dev < 0.5 ? 1 : 0, warnings, "dev detection " + dev + ", stderr:\n" + p.err());
        if (dev < 0.5) {
            // a poor fit is compared on dev with the other presets, fitted on the same prompts, and the line
            // names their detection, best first
            JsonObject others = pj.getAsJsonObject("dev_forget_detection_other_presets");
            assertEquals(java.util.Set.of("key-prompt-variant", "up-proj-prompt-variant"), others.keySet());
            String warning = p.err()
                    .lines()
                    .filter(l -> l.startsWith("warning:"))
                    .findFirst()
                    .orElseThrow();
            for (String name : others.keySet()) {
                double r = others.get(name).getAsDouble();
                assertTrue(r >= 0 && r <= 1, name + " " + r);
                assertTrue(
                        warning.contains(String.format(java.util.Locale.ROOT, "--preset %s %.0f%%", name, 100 * r)),
                        warning);
            }
        } else {
            assertFalse(pj.has("dev_forget_detection_other_presets"), "only a poor fit is compared");
        }
        assertTrue(p.out().contains("method: " + KsdPreset.PAPER.label() + " (preset paper)"), p.out());

        // a box fitted on 8 prompts of rev detects a quarter of its dev prompts (measured: paper 0.25,
        // key-prompt-variant 0.25, up-proj-prompt-variant 0.31): the command fits the other presets on the same
        // prompts and names their dev detection, best first
        Path strict = dir.resolve("ksd-strict");
        CliRun st = CliRun.of(
                "unlearn",
                "ksd",
                "--model",
                MODEL.toString(),
                "--out",
                strict.toString(),
                "--forget",
                "rev",
                "--retain",
                "add,sort",
                "--train",
                "8",
                "--dev",
                "16",
                "--test",
                "24",
                "--batch",
                "64");
        assertEquals(0, st.code(), st.toString());
        JsonObject sj = Json.read(strict.resolve("result.json"));
        assertTrue(sj.get("dev_forget_detection").getAsDouble() < 0.5, sj.toString());
        JsonObject strictOthers = sj.getAsJsonObject("dev_forget_detection_other_presets");
        assertEquals(java.util.Set.of("key-prompt-variant", "up-proj-prompt-variant"), strictOthers.keySet());
        String strictWarning = st.err()
                .lines()
                .filter(l -> l.startsWith("warning:"))
                .findFirst()
                .orElseThrow();
        for (String name : strictOthers.keySet()) {
            double r = strictOthers.get(name).getAsDouble();
            assertTrue(r >= 0 && r <= 1, name + " " + r);
            assertTrue(
                    strictWarning.contains(String.format(java.util.Locale.ROOT, "--preset %s %.0f%%", name, 100 * r)),
                    strictWarning);
        }

        Path up = dir.resolve("ksd-up-preset");
        CliRun u = run("ksd", up, "--preset", "up-proj-prompt-variant");
        assertEquals(0, u.code(), u.toString());
        JsonObject uj = Json.read(up.resolve("result.json"));
        assertEquals("up-proj-prompt-variant", uj.get("preset").getAsString());
        assertEquals(
                "KSD variant: up-projection prompt-only box (not in the paper)",
                uj.get("method_label").getAsString());
        assertFalse(uj.get("faithful_to_paper").getAsBoolean());
        KeySpaceDetector uk = KeySpaceDetector.load(up.resolve("artifact"));
        assertEquals("blocks.3.mlp.hook_pre_linear", uk.hook());
        assertFalse(uk.settings().checkDecode());
        io.skillscope.reports.Report report = io.skillscope.demo.ArtifactReports.report(up);
        assertTrue(report.title().contains("KSD variant: up-projection prompt-only box"), report.title());
        assertTrue(report.toHtml().contains("up-proj-prompt-variant"), "the report names the preset in its details");

        // a flag that changes the preset is recorded, and the label says what the box is
        Path custom = dir.resolve("ksd-custom");
        CliRun c = run("ksd", custom, "--preset", "paper", "--check-decode", "false", "--layer", "2");
        assertEquals(0, c.code(), c.toString());
        JsonObject cj = Json.read(custom.resolve("result.json"));
        assertEquals("paper", cj.get("preset").getAsString());
        assertEquals(
                "[\"--layer 2\",\"--check-decode false\"]",
                cj.get("preset_overrides").toString());
        assertEquals(
                "KSD variant: block 2 mlp.hook_post box, prompt only (not in the paper)",
                cj.get("method_label").getAsString());

        // --fit-on: the authors' probe-script default (the answer text alone) keeps the paper's name; answer
        // tokens are a variant; both are recorded
        Path text = dir.resolve("ksd-answer-text");
        CliRun t = run("ksd", text, "--fit-on", "answer-text", "--preset", "key-prompt-variant");
        assertEquals(0, t.code(), t.toString());
        JsonObject tj = Json.read(text.resolve("result.json"));
        assertEquals("answer-text", tj.get("fit_on").getAsString());
        assertEquals("[\"--fit-on answer-text\"]", tj.get("preset_overrides").toString());
        assertEquals(
                "KSD variant: last layer mlp.hook_post box, prompt only, fitted on the answer text's last token"
                        + " (not in the paper)",
                tj.get("method_label").getAsString());
        Path paperText = dir.resolve("ksd-paper-answer-text");
        CliRun pt = run("ksd", paperText, "--fit-on", "answer-text");
        assertEquals(0, pt.code(), pt.toString());
        JsonObject ptj = Json.read(paperText.resolve("result.json"));
        assertTrue(
                ptj.get("method_label").getAsString().startsWith("KSD (paper, fitted as the authors' probe script"),
                ptj.toString());
        assertEquals("[\"--fit-on answer-text\"]", ptj.get("preset_overrides").toString());
        assertTrue(ptj.get("faithful_to_paper").getAsBoolean(), "the probe script's default input is the paper's code");
        assertFalse(tj.get("faithful_to_paper").getAsBoolean(), "the prompt-only check stays a variant");
        assertEquals("prompt", pj.get("fit_on").getAsString(), "the paper's preset fits on prompts");
        CliRun badFit = run("ksd", dir.resolve("bad-fit"), "--fit-on", "answers");
        assertEquals(2, badFit.code(), badFit.toString());
        assertTrue(
                badFit.err().contains("unknown KSD fit 'answers'; use one of prompt, answer-text, answer-tokens"),
                badFit.err());
        CliRun naFit = run("na", dir.resolve("na-fit"), "--fit-on", "answer-text");
        assertEquals(2, naFit.code(), naFit.toString());
        assertTrue(naFit.err().contains("--fit-on applies to ksd, not na"), naFit.err());

        CliRun na = run("na", dir.resolve("na-preset"), "--preset", "paper");
        assertEquals(2, na.code(), na.toString());
        assertTrue(na.err().contains("--preset applies to ksd, not na"), na.err());
        CliRun bad = run("ksd", dir.resolve("bad-preset"), "--preset", "ksd-best");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("unknown KSD preset 'ksd-best'; use one of paper,"), bad.err());
    }

    @Test
    void thePoorDetectionLineNamesThePresetAndTheOthersToTry() {
        String line = UnlearnCommand.poorDetectionLine(KsdPreset.PAPER.options(), 0.0625, 16, java.util.Map.of());
        assertEquals(
                "warning: " + KsdPreset.PAPER.label() + " detects 6% of the 16 dev forget prompts at the calibrated h"
                        + " (poor: under 50%); it will remove little. Try --preset up-proj-prompt-variant or --preset"
                        + " key-prompt-variant (variants, not the paper's procedure).",
                line);
        assertFalse(line.contains("\n"));
        // options outside every preset (here the paper's box fitted on answer tokens): the paper is offered as
        // the paper's procedure, not as a variant
        String custom = UnlearnCommand.poorDetectionLine(
                KsdPreset.PAPER.options().withFitOn(io.skillscope.unlearning.KsdFitOn.ANSWER_TOKENS),
                0.0625,
                16,
                java.util.Map.of());
        assertTrue(
                custom.endsWith("Try --preset up-proj-prompt-variant or --preset key-prompt-variant (variants, not the"
                        + " paper's procedure) or --preset paper (the paper's procedure)."),
                custom);
        String compared = UnlearnCommand.poorDetectionLine(
                KsdPreset.PAPER.options(),
                0.0625,
                16,
                java.util.Map.of(KsdPreset.KEY_PROMPT_VARIANT, 0.125, KsdPreset.UP_PROJ_PROMPT_VARIANT, 0.875));
        assertEquals(
                "warning: " + KsdPreset.PAPER.label() + " detects 6% of the 16 dev forget prompts at the calibrated h"
                        + " (poor: under 50%); it will remove little. On dev, --preset up-proj-prompt-variant did better"
                        + " (detection --preset up-proj-prompt-variant 88%, --preset key-prompt-variant 13%; the"
                        + " variants are not the paper's procedure).",
                compared);
        assertTrue(UnlearnCommand.poorDetectionLine(
                        KsdPreset.PAPER.options(), 0.25, 16, java.util.Map.of(KsdPreset.KEY_PROMPT_VARIANT, 0.125))
                .contains("On dev, no other preset did better"));
    }

    @Test
    void keySpaceDetectionAtAnotherSiteSavesThatHookAndReapplies() {
        Path out = dir.resolve("ksd-up");
        CliRun r = run("ksd", out, "--site", "mlp.hook_pre_linear", "--check-decode", "false");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        assertEquals(
                "blocks.3.mlp.hook_pre_linear",
                json.getAsJsonObject("settings").get("hook").getAsString());
        KeySpaceDetector k = KeySpaceDetector.load(out.resolve("artifact"));
        assertEquals("blocks.3.mlp.hook_pre_linear", k.hook());
        assertEquals(
                io.skillscope.core.hooks.HookSite.MLP_PRE_LINEAR, k.settings().site());
        assertEquals(java.util.Arrays.toString(after(json)), java.util.Arrays.toString(reapply(k)));

        CliRun bad = run("ksd", dir.resolve("bad-site"), "--site", "mlp.hook_key");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(
                bad.err().contains("'mlp.hook_key' is not a per-block hook site")
                        && bad.err().contains("mlp.hook_post"),
                bad.err());
        CliRun na = run("na", dir.resolve("bad-site2"), "--site", "mlp.hook_pre");
        assertEquals(2, na.code(), na.toString());
        assertTrue(na.err().contains("--site applies to ksd, not na"), na.err());
    }

    @Test
    void perSkillKeySpaceDetectionFitsOneCubePerForgetSkillAndReloads() {
        Path out = dir.resolve("ksd-per-skill");
        CliRun r = CliRun.of(
                "unlearn",
                "ksd",
                "--model",
                MODEL.toString(),
                "--out",
                out.toString(),
                "--forget",
                "add+sub",
                "--retain",
                "rev,sort",
                "--train",
                "32",
                "--dev",
                "16",
                "--test",
                "24",
                "--batch",
                "64",
                "--per-skill",
                "--check-decode",
                "false");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        KeySpaceUnion u = KeySpaceUnion.load(out.resolve("artifact"));
        assertEquals(List.of("add", "sub"), u.names());
        assertEquals(json.getAsJsonObject("settings").get("h").getAsDouble(), u.h(), 0.0);
        assertTrue(
                json.getAsJsonObject("forget").get("detection").getAsDouble() >= 0.5,
                json.getAsJsonObject("forget").toString());
        for (var e : json.getAsJsonArray("retain")) {
            assertTrue(
                    e.getAsJsonObject().get("detection").getAsDouble() <= 0.1,
                    "retain queries are rarely refused " + e);
        }

        CliRun prune = run("prune", dir.resolve("bad"), "--per-skill");
        assertEquals(2, prune.code(), prune.toString());
        assertTrue(prune.err().contains("--per-skill applies to ksd"), prune.err());
        CliRun auto = run("ksd", dir.resolve("bad2"), "--per-skill", "--layer", "auto");
        assertEquals(2, auto.code(), auto.toString());
        assertTrue(auto.err().contains("--per-skill reads one layer"), auto.err());
    }

    @Test
    void selectivePruningSavesAnArtifactThatLoads() {
        Path out = dir.resolve("prune");
        CliRun r = run("prune", out, "--p", "2");
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        assertEquals("prune", json.get("method").getAsString());
        assertEquals(
                java.util.Arrays.toString(after(json)),
                java.util.Arrays.toString(reapply(SelectivePruning.load(out.resolve("artifact")))));
    }

    @Test
    void optionsOfAnotherMethodUnknownSetsAndOverlapsAreUsageErrors() {
        Path out = dir.resolve("bad");
        CliRun p = run("ksd", out, "--p", "2");
        assertEquals(2, p.code(), p.toString());
        assertTrue(p.err().contains("--p applies to na and prune, not ksd"), p.err());
        CliRun h = run("na", out, "--h", "0.5");
        assertEquals(2, h.code(), h.toString());
        assertTrue(h.err().contains("--h applies to ksd, not na"), h.err());
        CliRun method = CliRun.of(
                "unlearn",
                "forget",
                "--model",
                MODEL.toString(),
                "--forget",
                "add",
                "--retain",
                "rev",
                "--out",
                out.toString());
        assertEquals(2, method.code(), method.toString());
        assertTrue(method.err().contains("use na, ksd or prune"), method.err());
        CliRun skill = CliRun.of(
                "unlearn",
                "na",
                "--model",
                MODEL.toString(),
                "--forget",
                "add+sbu",
                "--retain",
                "rev",
                "--out",
                out.toString());
        assertEquals(2, skill.code(), skill.toString());
        assertTrue(skill.err().contains("unknown skill \"sbu\"") && skill.err().contains("valid names"), skill.err());
        CliRun file = CliRun.of(
                "unlearn",
                "na",
                "--model",
                MODEL.toString(),
                "--forget",
                "add",
                "--retain",
                "rev," + dir.resolve("keep.jsonl"),
                "--out",
                out.toString());
        assertEquals(2, file.code(), file.toString());
        assertTrue(file.err().contains("keep.jsonl does not exist"), file.err());
        CliRun both = CliRun.of(
                "unlearn",
                "na",
                "--model",
                MODEL.toString(),
                "--forget",
                "add",
                "--retain",
                "rev,add",
                "--out",
                out.toString());
        assertEquals(2, both.code(), both.toString());
        CliRun layer = run("ksd", out, "--layer", "top");
        assertEquals(2, layer.code(), layer.toString());
        CliRun missing = CliRun.of(
                "unlearn",
                "na",
                "--model",
                dir.resolve("no-model").toString(),
                "--forget",
                "add",
                "--retain",
                "rev",
                "--out",
                out.toString());
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        for (CliRun c : List.of(p, h, method, skill, file, both, layer, missing)) {
            assertEquals(1, c.errLines(), c.toString());
        }
        assertFalse(Files.exists(out), "nothing written on an input error");
    }
}
