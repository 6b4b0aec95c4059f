package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.demo.Demo;
import io.skillscope.demo.DemoScale;
import io.skillscope.demo.DemoSettings;
import io.skillscope.demo.SkillLabModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skillscope demo --scale ci} run once in-process on the shipped skill lab, then its outputs
 * checked: the index links every step's report, every result.json has its keys with finite numbers, the
 * reports exist and {@code report} re-renders the folders. About a minute on a shared 2-core machine.
 */
class DemoCommandTest {
    @TempDir
    static Path dir;

    static Path out;
    static Path model;
    static String modelSha;
    static CliRun run;
    static DemoSettings ci = DemoScale.CI.settings(0);

    @BeforeAll
    static void runDemo() {
        model = SkillLabModel.locate();
        modelSha = Hashing.sha256(model.resolve("model.safetensors"));
        out = dir.resolve("demo");
        run = CliRun.of("demo", "--out", out.toString(), "--scale", "ci");
    }

    private static JsonObject result(String step) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve(step).resolve("result.json")))
                .getAsJsonObject();
    }

    private static double finite(JsonObject o, String key) {
        JsonElement e = o.get(key);
        assertTrue(e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber(), key + " is a number in " + o);
        double v = e.getAsDouble();
        assertTrue(Double.isFinite(v), key + " = " + v);
        return v;
    }

    private static double share(JsonObject o, String key) {
        double v = finite(o, key);
        assertTrue(v >= 0 && v <= 1, key + " = " + v + " is a share in [0, 1]");
        return v;
    }

    @Test
    void printsTheIndexAndItLinksEveryStepReport() throws IOException {
        assertEquals(0, run.code(), run.toString());
        assertTrue(
                io.skillscope.core.testing.StrictJson.checkTree(out) >= 8, "every JSON the demo writes is strict JSON");
        Path index = out.resolve("index.html").toAbsolutePath().normalize();
        assertEquals(index.toString(), run.out().strip(), "stdout is the path of index.html");
        String html = Files.readString(index);
        assertEquals(4, Demo.STEPS.size());
        for (String step : Demo.STEPS) {
            assertTrue(html.contains("<a href=\"" + step + "/report.html\">"), step + " linked from the index");
            Path report = out.resolve(step).resolve("report.html");
            String r = Files.readString(report);
            assertTrue(r.startsWith("<!DOCTYPE html>") && r.contains("<svg"), step + " report has inline charts");
            assertFalse(r.contains("<script"), step + " report runs no script");
            assertTrue(r.contains("<section class=\"provenance\""), step + " report has provenance");
            assertTrue(r.contains(modelSha), step + " report names the model hash");
        }
        JsonObject demo = JsonParser.parseString(Files.readString(out.resolve("demo.json")))
                .getAsJsonObject();
        assertEquals(4, demo.getAsJsonArray("steps").size());
        assertEquals("CI", demo.getAsJsonObject("settings").get("scale").getAsString());
    }

    @Test
    void everyResultJsonHasItsKindSettingsHashesAndEnvironment() throws IOException {
        Map<String, String> kinds = Map.of(
                "probe",
                "probe-comparison",
                "unlearning",
                "unlearning",
                "localization",
                "localization-sweep",
                "orthogonality",
                "orthogonality");
        for (String step : Demo.STEPS) {
            JsonObject r = result(step);
            assertEquals(kinds.get(step), r.get("kind").getAsString(), step);
            assertEquals("ci", r.get("scale").getAsString());
            assertEquals(0, r.get("seed").getAsLong());
            assertTrue(finite(r, "seconds") > 0, step);
            assertFalse(r.getAsJsonObject("settings").entrySet().isEmpty(), step + " settings");
            assertEquals(
                    modelSha, r.getAsJsonObject("inputs").get("model_sha256").getAsString(), step);
            JsonObject env = r.getAsJsonObject("environment");
            assertTrue(env.get("engine").getAsString().startsWith("PyTorch"), step + " " + env);
            assertTrue(env.has("djl") && env.has("java") && env.has("skillscope"), step + " " + env);
            assertTrue(r.has("result") && r.get("result").isJsonObject(), step);
        }
        assertEquals(modelSha, Hashing.sha256(model.resolve("model.safetensors")), "the demo never writes its input");
    }

    @Test
    void probeResult() throws IOException {
        JsonObject p = result("probe").getAsJsonObject("result");
        int layers = ModelConfig.load(model).numLayers();
        JsonArray hooks = p.getAsJsonArray("hooks");
        assertEquals(layers, hooks.size(), "blocks.*.mlp.hook_pre: one hook per layer");
        for (JsonElement h : hooks) {
            JsonObject o = h.getAsJsonObject();
            assertTrue(finite(o, "mean_abs_difference") > 0);
            assertTrue(finite(o, "max_abs_difference") >= finite(o, "mean_abs_difference"));
            finite(o, "mean_abs_standardized");
        }
        JsonArray top = p.getAsJsonArray("top_neurons");
        assertEquals(ci.probe().topNeurons(), top.size());
        double prev = Double.POSITIVE_INFINITY;
        for (JsonElement n : top) {
            JsonObject o = n.getAsJsonObject();
            double d = Math.abs(finite(o, "difference"));
            assertTrue(d <= prev, "top neurons sorted by |d|");
            assertEquals(finite(o, "mean_a") - finite(o, "mean_b"), finite(o, "difference"), 1e-9);
            prev = d;
        }
        assertTrue(finite(p, "count_a") > ci.probe().examples(), "every token position counted");
        assertTrue(Files.isRegularFile(out.resolve("probe/rev/stats.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("probe/add/stats.safetensors")));
    }

    @Test
    void unlearningResult() throws IOException {
        JsonObject u = result("unlearning").getAsJsonObject("result");
        assertEquals("arithmetic", u.get("forget_set").getAsString());
        JsonArray runs = u.getAsJsonArray("runs");
        assertEquals(
                List.of("na", "ksd"),
                runs.asList().stream()
                        .map(e -> e.getAsJsonObject().get("method").getAsString())
                        .toList());
        for (JsonElement e : runs) {
            JsonArray sets = e.getAsJsonObject().getAsJsonArray("sets");
            assertEquals(1 + ci.unlearn().retain().size(), sets.size());
            assertEquals("forget", sets.get(0).getAsJsonObject().get("role").getAsString());
            for (JsonElement s : sets) {
                JsonObject o = s.getAsJsonObject();
                share(o, "before");
                share(o, "after");
                share(o, "detection");
                assertEquals(
                        ci.unlearn().sizes().test()
                                * (o.get("role").getAsString().equals("forget")
                                        ? ci.unlearn().forget().size()
                                        : 1),
                        o.get("n").getAsInt());
            }
        }
        JsonObject ksd = runs.get(1).getAsJsonObject().getAsJsonObject("details");
        assertTrue(Double.parseDouble(ksd.get("h").getAsString()) > 0, "KSD's chosen h is recorded: " + ksd);
        assertEquals("false", ksd.get("check_decode").getAsString(), "prompt-only KSD");
        assertTrue(Files.isRegularFile(out.resolve("unlearning/ksd/artifact/ksd.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("unlearning/na/artifact/result.json")));
    }

    @Test
    void localizationResult() throws IOException {
        JsonObject l = result("localization").getAsJsonObject("result");
        JsonArray points = l.getAsJsonArray("points");
        assertEquals(ci.localize().sparsities().size(), points.size());
        for (JsonElement e : points) {
            JsonObject p = e.getAsJsonObject();
            double s = finite(p, "sparsity");
            assertTrue(s > 0 && s <= 1, "sparsity " + s);
            assertEquals(finite(p, "selected") / finite(p, "included"), s, 1e-12);
            for (String k : List.of("pre", "ft", "graft")) {
                share(p.getAsJsonObject("accuracy"), k);
                share(p.getAsJsonObject("ece"), k);
            }
        }
        JsonArray cal = l.getAsJsonArray("calibration");
        assertEquals(
                List.of("pre", "ft", "graft"),
                cal.asList().stream()
                        .map(e -> e.getAsJsonObject().get("label").getAsString())
                        .toList());
        for (JsonElement e : cal) {
            assertEquals(
                    ci.localize().sizes().test(),
                    e.getAsJsonObject().getAsJsonArray("confidence").size());
            share(e.getAsJsonObject(), "ece");
        }
        assertTrue(Files.isRegularFile(out.resolve("localization/finetuned/model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("localization/mask/mask.safetensors")));
    }

    @Test
    void orthogonalityResult() throws IOException {
        JsonObject o = result("orthogonality").getAsJsonObject("result");
        JsonObject all = o.getAsJsonObject("summary").getAsJsonObject("all");
        double sftRl = finite(all, "median_abs_cos");
        double sftSft = finite(all, "control_median_abs_cos");
        double random = finite(all, "random_median_abs_cos");
        assertTrue(sftRl >= 0 && sftRl <= 1 && sftSft >= 0 && sftSft <= 1);
        assertTrue(
                random < sftSft,
                "two SFT runs on the same data correlate more than a random direction: " + random + " vs " + sftSft);
        int tensors;
        try (TensorSource src = TensorSource.open(model)) {
            tensors = src.names().size();
        }
        assertEquals(tensors, o.getAsJsonArray("rows").size(), "every tensor compared");
        assertEquals(tensors, all.get("tensors").getAsInt());
        assertTrue(o.getAsJsonObject("summary").getAsJsonObject("by_module").has("down"));
        JsonArray runs = o.getAsJsonArray("runs");
        assertEquals(
                List.of("BASE", "SFT", "SFT", "RL"),
                runs.asList().stream()
                        .map(e -> e.getAsJsonObject().get("stage").getAsString())
                        .toList());
        for (int i = 1; i < 4; i++) {
            share(runs.get(i).getAsJsonObject(), "accuracy");
            finite(runs.get(i).getAsJsonObject(), "final_loss");
        }
        finite(runs.get(3).getAsJsonObject(), "reward_first_round");
        for (String f : List.of("sft", "sft-control", "rl")) {
            assertTrue(
                    Files.isRegularFile(out.resolve("orthogonality").resolve(f).resolve("model.safetensors")), f);
        }
    }

    @Test
    void reportCommandRendersTheDemoFoldersAgain() throws IOException {
        Path file = dir.resolve("combined.html");
        CliRun r = CliRun.of(
                "report",
                "--in",
                out.resolve("probe").toString(),
                out.resolve("unlearning").toString(),
                out.resolve("localization").toString(),
                out.resolve("orthogonality").toString(),
                "--out",
                file.toString());
        assertEquals(0, r.code(), r.toString());
        String html = Files.readString(file);
        for (String h : List.of(
                "probe: Probe statistics",
                "unlearning: Unlearning",
                "localization: Localization sparsity" + " sweep",
                "orthogonality: Orthogonality of weight updates",
                "orthogonality: Training runs")) {
            assertTrue(html.contains("<h2>" + h), h);
        }
        assertTrue(html.contains("probe: settings.skillA"), "provenance per folder");
        String single = Files.readString(out.resolve("unlearning/report.html"));
        CliRun again = CliRun.of(
                "report",
                "--in",
                out.resolve("unlearning").toString(),
                "--out",
                dir.resolve("u.html").toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals(
                strip(single),
                strip(Files.readString(dir.resolve("u.html"))),
                "the command renders what the demo wrote (up to chart ids)");
    }

    /** The page without the per-chart id prefixes, which count up within a JVM. */
    private static String strip(String html) {
        return html.replaceAll("ch\\d+-", "ch-");
    }

    @Test
    void refusesANonEmptyOutWithoutForceAndAnOutInsideTheModel() throws IOException {
        CliRun again = CliRun.of("demo", "--out", out.toString(), "--scale", "ci");
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.err().contains("is not empty") && again.err().contains("--force"), again.err());

        CliRun inside = CliRun.of(
                "demo", "--out", model.resolve("demo-out").toString(), "--scale", "ci", "--model", model.toString());
        assertEquals(1, inside.code(), inside.toString());
        assertTrue(inside.err().contains("must not contain one another"), inside.err());
        assertFalse(Files.exists(model.resolve("demo-out")));
    }
}
