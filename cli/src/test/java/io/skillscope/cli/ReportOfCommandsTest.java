package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.core.testing.TinyModelFolder;
import io.skillscope.reports.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skillscope report --in OUT} on what every command writes: the page renders (exit 0) and shows the
 * command's own numbers, read back from its {@code result.json} (or a trained model's {@code recipe.json}).
 * Each test runs its command once, at the small sizes of the command's own test.
 */
class ReportOfCommandsTest {
    static final Path MODEL = ShippedModels.SKILL_LAB_BASE;

    @TempDir
    Path dir;

    /** Renders {@code in} and returns the page. */
    private String report(Path in) throws IOException {
        Path html = dir.resolve(in.getFileName() + "-report.html");
        CliRun r = CliRun.of("report", "--in", in.toString(), "--out", html.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(0, r.errLines(), r.toString());
        return Files.readString(html);
    }

    private static void contains(String html, String text, String what) {
        assertTrue(html.contains(text), what + ": the page lacks \"" + text + "\"");
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }

    @Test
    void probeShowsTheTopNeuronsAndThePerLayerCounts() throws IOException {
        Path out = dir.resolve("probe");
        CliRun r = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--skills",
                "rev,add",
                "--n",
                "8",
                "--hook",
                "blocks.*.mlp.hook_post",
                "--top",
                "5",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject c = Json.read(out.resolve("result.json")).getAsJsonObject("comparison");
        String html = report(out);
        contains(html, "skillscope probe: rev vs add", "title");
        for (JsonElement e : c.getAsJsonArray("top")) {
            JsonObject n = e.getAsJsonObject();
            contains(html, "<td class=\"num\">" + n.get("index").getAsInt() + "</td>", "top neuron index");
            contains(html, Format.number(n.get("mean_diff").getAsDouble()), "top neuron d");
        }
        contains(html, "Per-layer counts", "per-layer section");
        for (JsonElement e : c.getAsJsonArray("per_layer")) {
            JsonObject h = e.getAsJsonObject();
            contains(
                    html,
                    "<td>" + h.get("hook").getAsString() + "</td><td class=\"num\">"
                            + h.get("layer").getAsInt() + "</td><td class=\"num\">"
                            + h.get("width").getAsInt() + "</td><td class=\"num\">"
                            + h.get("n_top").getAsLong() + "</td><td class=\"num\">"
                            + h.get("n_abs_z_gt_1").getAsLong() + "</td>",
                    "per-layer row");
        }

        // a result.json written before the commands wrote "kind" renders from its fields
        JsonObject old = Json.read(out.resolve("result.json"));
        old.remove("kind");
        for (JsonElement e : old.getAsJsonObject("comparison").getAsJsonArray("per_layer")) {
            e.getAsJsonObject().remove("mean_abs_diff");
            e.getAsJsonObject().remove("max_abs_diff");
            e.getAsJsonObject().remove("mean_abs_z");
        }
        Path before = Files.createDirectories(dir.resolve("probe-old"));
        Files.writeString(before.resolve("result.json"), Json.text(old));
        contains(report(before), "Per-layer counts", "an old probe folder");

        // and one missing what the page needs is one line naming the file and the field
        old.getAsJsonObject("comparison").remove("top");
        Path broken = Files.createDirectories(dir.resolve("probe-broken"));
        Files.writeString(broken.resolve("result.json"), Json.text(old));
        CliRun bad = CliRun.of(
                "report",
                "--in",
                broken.toString(),
                "--out",
                dir.resolve("broken.html").toString());
        assertEquals(1, bad.code(), bad.toString());
        assertEquals(1, bad.errLines(), bad.toString());
        assertTrue(
                bad.err().contains(broken.resolve("result.json").toString())
                        && bad.err().contains("field 'top'"),
                bad.err());
        assertFalse(bad.err().contains("\tat "), "no stack trace");
    }

    @Test
    void unlearnShowsBeforeAfterDropDetectionAndTheMethodsSettings() throws IOException {
        Path out = dir.resolve("unlearn");
        CliRun r = CliRun.of(
                "unlearn",
                "na",
                "--model",
                MODEL.toString(),
                "--forget",
                "add",
                "--retain",
                "rev",
                "--train",
                "32",
                "--dev",
                "16",
                "--test",
                "8",
                "--batch",
                "64",
                "--p",
                "3",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        assertEquals("unlearning-run", json.get("kind").getAsString());
        String html = report(out);
        JsonObject forget = json.getAsJsonObject("forget");
        contains(
                html,
                "<div class=\"label\">na: forget drop</div><div class=\"value\">"
                        + Format.percent(
                                forget.get("relative_drop").isJsonNull()
                                        ? Double.NaN
                                        : forget.get("relative_drop").getAsDouble())
                        + "</div>",
                "the forget drop");
        List<JsonObject> sets = new ArrayList<>();
        sets.add(forget);
        json.getAsJsonArray("retain").forEach(e -> sets.add(e.getAsJsonObject()));
        for (JsonObject s : sets) {
            contains(
                    html,
                    "<td>" + s.get("name").getAsString() + "</td>",
                    "set " + s.get("name").getAsString());
            contains(
                    html,
                    "<td class=\"num\">" + Format.number(s.get("before").getAsDouble()) + "</td><td class=\"num\">"
                            + Format.number(s.get("after").getAsDouble()) + "</td>",
                    "before and after of " + s.get("name").getAsString());
            contains(
                    html,
                    "<td class=\"num\">" + Format.number(s.get("detection").getAsDouble()) + "</td>",
                    "detection");
        }
        JsonObject settings = json.getAsJsonObject("settings");
        for (String k : settings.keySet()) {
            if (settings.get(k).isJsonPrimitive()) {
                contains(html, "<td>" + k + "</td>", "setting " + k);
            }
        }
    }

    @Test
    void localizeShowsTheSweepLearnedVsTargetAndTheChosenPointsEce() throws IOException {
        Path out = dir.resolve("localize");
        CliRun r = CliRun.of(
                "localize",
                "--base",
                MODEL.resolve("stage3").toString(),
                "--finetuned",
                MODEL.toString(),
                "--skill",
                "mul",
                "--sparsity",
                "1e-2,1e-1",
                "--steps",
                "2",
                "--lr",
                "1e7",
                "--batch",
                "32",
                "--accumulation",
                "1",
                "--train",
                "32",
                "--dev",
                "8",
                "--test",
                "32",
                "--data-seed",
                "99",
                "--quiet",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        JsonObject best = json.getAsJsonObject("best");
        String html = report(out);
        contains(
                html,
                sci(best.get("target_sparsity").getAsDouble()) + " / "
                        + sci(best.get("sparsity").getAsDouble()) + " / "
                        + sci(best.get("learned_sparsity").getAsDouble()),
                "the chosen point's target, kept and learned sparsity");
        JsonObject ece = best.getAsJsonObject("ece");
        contains(
                html,
                Format.number(ece.get("pre").getAsDouble()) + " / "
                        + Format.number(ece.get("ft").getAsDouble()) + " / "
                        + Format.number(ece.get("graft").getAsDouble()),
                "the chosen point's ECE");
        for (JsonElement e : json.getAsJsonArray("points")) {
            JsonObject p = e.getAsJsonObject();
            contains(
                    html,
                    "<td class=\"num\">"
                            + Format.number(p.get("target_sparsity").getAsDouble()) + "</td><td class=\"num\">"
                            + Format.number(p.get("sparsity").getAsDouble()) + "</td>",
                    "every point's target and learned sparsity");
        }
        // one point's mask folder renders too
        Path point = out.resolve(json.getAsJsonArray("points")
                .get(0)
                .getAsJsonObject()
                .get("folder")
                .getAsString());
        contains(report(point), "Mask by layer", "a mask folder");
    }

    @Test
    void trainedModelShowsItsRecipeAndFinalLoss() throws IOException {
        Path base = TinyLab.trainedBase();
        JsonObject recipe = Json.read(base.resolve("recipe.json"));
        String html = report(base);
        contains(html, "skillscope train base", "title");
        contains(
                html,
                Format.number(
                        recipe.getAsJsonObject("provenance").get("final_loss").getAsDouble()),
                "final loss");
        contains(html, "<td>optim.lr</td>", "the recipe");
        contains(html, "<td>" + recipe.get("steps").getAsString() + "</td>", "the steps");
    }

    @Test
    void evalOutShowsTheAccuracyPerSkill() throws IOException {
        Path out = dir.resolve("eval");
        CliRun r = CliRun.of(
                "eval",
                "--model",
                MODEL.toString(),
                "--skills",
                "rev,add",
                "--per-skill",
                "4",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        assertEquals("evaluation", json.get("kind").getAsString());
        String html = report(out);
        for (String skill : List.of("rev", "add")) {
            JsonObject s = json.getAsJsonObject("scores").getAsJsonObject(skill);
            contains(
                    html,
                    "<td>" + skill + "</td><td class=\"num\">" + s.get("n").getAsInt() + "</td><td class=\"num\">"
                            + Format.number(s.get("accuracy").getAsDouble()) + "</td>",
                    skill + "'s accuracy");
        }
        contains(html, Format.number(json.get("mean_accuracy").getAsDouble()), "the mean");
        CliRun into = CliRun.of("eval", "--model", MODEL.toString(), "--out", MODEL.toString());
        assertEquals(2, into.code(), into.toString());
    }

    @Test
    void mergeShowsTheWeightChangeAndItsOwnPageIsTheSame() throws IOException {
        TinyModelFolder.write(dir.resolve("pre"), 1);
        TinyModelFolder.write(dir.resolve("ft"), 2);
        Path cfg = Files.writeString(
                dir.resolve("ta.yaml"), "method: task_arithmetic\nbase: pre\nmodels: [{model: ft}]\nlambda: 0.5\n");
        Path out = dir.resolve("merge");
        CliRun r = CliRun.of("merge", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject json = Json.read(out.resolve("result.json"));
        JsonArray tensors = json.getAsJsonObject("weight_changes").getAsJsonArray("tensors");
        long changed = 0;
        long total = 0;
        for (JsonElement e : tensors) {
            changed += e.getAsJsonObject().get("changed").getAsLong();
            total += e.getAsJsonObject().get("numel").getAsLong();
        }
        String html = report(out);
        contains(html, Format.percent((double) changed / total), "the share of weights changed");
        JsonObject first = tensors.get(0).getAsJsonObject();
        contains(html, "<td>" + first.get("tensor").getAsString() + "</td>", "every tensor");
        contains(html, Format.number(first.get("relative_change").getAsDouble()), "a tensor's relative change");
        String own = Files.readString(out.resolve("report.html"));
        contains(own, Format.percent((double) changed / total), "the command's own report.html");
    }

    @Test
    void overlapShowsTheMatrix() throws IOException {
        Path a = OverlapCommandTest.mask(dir.resolve("a"), new int[] {0, 1, 2, 3}, new int[] {0, 1});
        Path b = OverlapCommandTest.mask(dir.resolve("b"), new int[] {2, 3, 4}, new int[] {});
        Path out = dir.resolve("overlap");
        CliRun r = CliRun.of("overlap", "--region", "upc=" + a, "evn=" + b, "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        String html = report(out);
        contains(html, "Overlap of skill regions", "section");
        contains(html, Format.number(2.0 / 3), "|A∩B| / |B|");
        contains(html, Format.number(2.0 / 6), "|A∩B| / |A|");
        contains(html, "<td>upc</td><td class=\"num\">6</td>", "region size");
        // an overlap written before "kind" (operation only) renders the same matrix
        JsonObject old = Json.read(out.resolve("result.json"));
        old.remove("kind");
        old.remove("command");
        Path before = Files.createDirectories(dir.resolve("overlap-old"));
        Files.writeString(before.resolve("result.json"), Json.text(old));
        contains(report(before), Format.number(2.0 / 3), "an old overlap folder");
    }

    @Test
    void forwardShowsTheArraysWritten() throws IOException {
        Path out = dir.resolve("forward");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                MODEL.toString(),
                "--ids",
                "1,2,3",
                "--hooks",
                "blocks.0.mlp.hook_post",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject files = Json.read(out.resolve("result.json")).getAsJsonObject("files");
        String html = report(out);
        for (String f : files.keySet()) {
            contains(html, "<td>" + f + "</td><td>" + files.get(f).toString() + "</td>", f);
        }
    }
}
