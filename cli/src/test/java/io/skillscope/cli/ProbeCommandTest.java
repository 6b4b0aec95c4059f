package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skillscope probe} on the shipped skill lab: saved statistics, comparison and summary. */
class ProbeCommandTest {
    @TempDir
    Path dir;

    private static final Path MODEL = ShippedModels.SKILL_LAB_BASE;

    @Test
    void twoSkillsAtEveryLayerGiveLoadableResultsAndTheirTopNeurons() throws IOException {
        Path out = dir.resolve("probe");
        CliRun r = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--skills",
                "add,rev",
                "--n",
                "24",
                "--hook",
                "blocks.*.mlp.hook_pre",
                "--position",
                "last-prompt",
                "--top",
                "5",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());

        ProbeResult add = ProbeResult.load(out.resolve("add"));
        ProbeResult rev = ProbeResult.load(out.resolve("rev"));
        List<String> hooks = List.of(
                "blocks.0.mlp.hook_pre", "blocks.1.mlp.hook_pre", "blocks.2.mlp.hook_pre", "blocks.3.mlp.hook_pre");
        assertEquals(hooks, List.copyOf(add.stats().keySet()));
        assertEquals(24, add.rows());
        assertEquals(24, add.get(hooks.get(3)).count(), "one position per row: the last prompt token");
        assertEquals(352, add.get(hooks.get(0)).width());

        // the library on the same rows gives the same statistics
        SkillSuite suite = SkillSuite.standard();
        SkillDataset ds = Splits.generate(List.of(suite.get("add"), suite.get("rev")), new SplitSizes(0, 0, 24), 0);
        List<Example> addRows =
                ds.test().stream().filter(e -> e.skill().equals("add")).toList();
        try (Transformer m = Transformer.load(MODEL)) {
            ProbeResult lib = Probe.run(
                    m,
                    ProbeDataset.fromExamples("add", addRows, TokenCodec.of(CharTokenizer.standard()), false),
                    ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, "blocks.*.mlp.hook_pre"));
            assertEquals(lib.datasetSha256(), add.datasetSha256());
            for (String h : hooks) {
                assertArrayEquals(lib.get(h).mean(), add.get(h).mean(), 0.0, h);
            }
        }

        JsonObject json = Json.read(out.resolve("result.json"));
        JsonObject cmp = json.getAsJsonObject("comparison");
        JsonArray top = cmp.getAsJsonArray("top");
        assertEquals(5, top.size());
        double maxDiff = Double.NEGATIVE_INFINITY;
        try (TensorSource src = TensorSource.open(out.resolve("comparison.safetensors"))) {
            for (String h : hooks) {
                double[] d = src.read(h + ".mean_diff").toDoubles();
                for (double v : d) {
                    maxDiff = Math.max(maxDiff, v);
                }
            }
        }
        double previous = Double.POSITIVE_INFINITY;
        for (JsonElement e : top) {
            JsonObject n = e.getAsJsonObject();
            String hook = n.get("hook").getAsString();
            int i = n.get("index").getAsInt();
            double d = n.get("mean_diff").getAsDouble();
            assertEquals(
                    add.get(hook).mean(i) - rev.get(hook).mean(i),
                    d,
                    1e-12,
                    "d = mu_add - mu_rev at " + hook + "[" + i + "]");
            assertTrue(d <= previous, "sorted by mean difference");
            previous = d;
            assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%6d %10.4f", i, d)), r.out());
        }
        assertEquals(
                maxDiff,
                top.get(0).getAsJsonObject().get("mean_diff").getAsDouble(),
                0.0,
                "the first neuron has the largest difference of all 4 x 352");
        int inTop = 0;
        for (JsonElement e : cmp.getAsJsonArray("per_layer")) {
            inTop += e.getAsJsonObject().get("n_top").getAsInt();
        }
        assertEquals(5, inTop, "per-layer counts add up to k");
        assertEquals(2, json.getAsJsonArray("datasets").size());
        assertEquals(
                4,
                json.getAsJsonObject("settings")
                        .getAsJsonArray("resolved_hooks")
                        .size());
        assertTrue(r.out().contains("top 5 neurons by mean difference add - rev"), r.out());
        assertTrue(r.err().contains("probe add: 24 rows"), r.err());
    }

    @Test
    void jsonlFilesAtAnswerPositionsCountEveryAnswerToken() throws IOException {
        SkillSuite suite = SkillSuite.standard();
        SkillDataset ds = Splits.generate(List.of(suite.get("rev"), suite.get("sort")), new SplitSizes(0, 0, 10), 4);
        List<Example> rev =
                ds.test().stream().filter(e -> e.skill().equals("rev")).toList();
        List<Example> sort =
                ds.test().stream().filter(e -> e.skill().equals("sort")).toList();
        Path a = dir.resolve("rev-set.jsonl");
        Path b = dir.resolve("sort-set.jsonl");
        Jsonl.write(a, rev);
        Jsonl.write(b, sort);
        Path out = dir.resolve("files");
        CliRun r = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--data",
                a + "," + b,
                "--hook",
                "blocks.3.mlp.hook_post",
                "--position",
                "answer",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        ProbeResult res = ProbeResult.load(out.resolve("rev-set"));
        long answerTokens = rev.stream().mapToLong(e -> e.answer().length() + 1).sum(); // + <eos>
        assertEquals(answerTokens, res.get("blocks.3.mlp.hook_post").count());
        assertEquals(PositionMode.ANSWER_TOKENS, res.settings().positions());
        assertTrue(Files.isRegularFile(out.resolve("sort-set/stats.safetensors")));
    }

    @Test
    void badInputsAreOneLineUsageErrorsAndResultsAreNotOverwritten() throws IOException {
        Path out = dir.resolve("p");
        CliRun skill = CliRun.of("probe", "--model", MODEL.toString(), "--skills", "add,ad", "--out", out.toString());
        assertEquals(2, skill.code(), skill.toString());
        assertTrue(skill.err().contains("unknown skill \"ad\"") && skill.err().contains("valid names"), skill.err());
        CliRun hook = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--skills",
                "add",
                "--n",
                "4",
                "--hook",
                "blocks.7.mlp.hook_pre",
                "--out",
                out.toString());
        assertEquals(2, hook.code(), hook.toString());
        assertTrue(hook.err().contains("4 layers"), hook.err());
        assertFalse(Files.exists(out), "nothing created when the hook is unknown");
        CliRun pos = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--skills",
                "add",
                "--position",
                "first",
                "--out",
                out.toString());
        assertEquals(2, pos.code(), pos.toString());
        assertTrue(pos.err().contains("use last-prompt, all or answer"), pos.err());
        CliRun file = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--data",
                dir.resolve("none.jsonl").toString(),
                "--out",
                out.toString());
        assertEquals(2, file.code(), file.toString());
        assertTrue(file.err().contains("none.jsonl does not exist"), file.err());
        CliRun into = CliRun.of("probe", "--model", MODEL.toString(), "--skills", "add", "--out", MODEL.toString());
        assertEquals(2, into.code(), into.toString());
        assertTrue(into.err().contains("is the input folder"), into.err());
        for (CliRun c : List.of(skill, hook, pos, file, into)) {
            assertEquals(1, c.errLines(), c.toString());
        }

        assertEquals(
                0,
                CliRun.of("probe", "--model", MODEL.toString(), "--skills", "add", "--n", "4", "--out", out.toString())
                        .code());
        String before = Files.readString(out.resolve("result.json"));
        CliRun again =
                CliRun.of("probe", "--model", MODEL.toString(), "--skills", "rev", "--n", "4", "--out", out.toString());
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.err().contains("already holds a result (result.json)"), again.err());
        assertEquals(before, Files.readString(out.resolve("result.json")));
        assertFalse(Files.exists(out.resolve("rev")));
        CliRun forced = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--skills",
                "rev",
                "--n",
                "4",
                "--out",
                out.toString(),
                "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertTrue(Files.isRegularFile(out.resolve("rev/stats.safetensors")));
    }

    @Test
    void hookFiltersAreParsedOnceAndLayerSetsKeepTheirCommas() {
        ProbeCommand c = new ProbeCommand();
        new picocli.CommandLine(c)
                .parseArgs(
                        "--model",
                        MODEL.toString(),
                        "--skills",
                        "add",
                        "--out",
                        dir.toString(),
                        "--hook",
                        "blocks.{0,3}.mlp.hook_post,blocks.1.mlp.hook_pre,re:blocks\\.[0-1]\\.hook_resid_post");
        assertEquals(
                List.of(
                        HookFilter.layers(HookSite.MLP_POST, 0, 3),
                        HookFilter.of(HookName.block(1, HookSite.MLP_PRE)),
                        HookFilter.regex("blocks\\.[0-1]\\.hook_resid_post")),
                c.hooks);
        ProbeCommand d = new ProbeCommand();
        new picocli.CommandLine(d).parseArgs("--model", MODEL.toString(), "--skills", "add", "--out", dir.toString());
        assertEquals(List.of(HookFilter.allLayers(HookSite.MLP_PRE)), d.hooks);
        CliRun bad = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--skills",
                "add",
                "--hook",
                "blocks.*.mlp.hook_pst",
                "--out",
                dir.resolve("bad").toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(
                bad.err().contains("blocks.*.mlp.hook_pst") && bad.err().contains("blocks.*.mlp.hook_post"), bad.err());
        assertEquals(1, bad.errLines(), bad.toString());
    }

    @Test
    void linearProbeSeparatesTwoSkillsAndNotTwoHalvesOfOne() throws IOException {
        SkillSuite suite = SkillSuite.standard();
        SkillDataset ds = Splits.generate(List.of(suite.get("add"), suite.get("sub")), new SplitSizes(0, 0, 160), 5);
        List<Example> add =
                ds.test().stream().filter(e -> e.skill().equals("add")).toList();
        List<Example> sub =
                ds.test().stream().filter(e -> e.skill().equals("sub")).toList();
        Path a = dir.resolve("add.jsonl");
        Path b = dir.resolve("sub.jsonl");
        Path a1 = dir.resolve("add-half1.jsonl");
        Path a2 = dir.resolve("add-half2.jsonl");
        Jsonl.write(a, add);
        Jsonl.write(b, sub);
        Jsonl.write(a1, add.subList(0, add.size() / 2));
        Jsonl.write(a2, add.subList(add.size() / 2, add.size()));
        String hook = "blocks.{0,3}.mlp.hook_post";
        CliRun skills = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--data",
                a + "," + b,
                "--hook",
                hook,
                "--linear",
                "--out",
                dir.resolve("skills").toString());
        assertEquals(0, skills.code(), skills.toString());
        CliRun halves = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--data",
                a1 + "," + a2,
                "--hook",
                hook,
                "--linear",
                "--out",
                dir.resolve("halves").toString());
        assertEquals(0, halves.code(), halves.toString());
        for (String layer : List.of("blocks.0.mlp.hook_post", "blocks.3.mlp.hook_post")) {
            double sep = Json.read(dir.resolve("skills/result.json"))
                    .getAsJsonObject("linear_probe")
                    .getAsJsonObject("by_hook")
                    .getAsJsonObject(layer)
                    .get("held_out_accuracy")
                    .getAsDouble();
            double same = Json.read(dir.resolve("halves/result.json"))
                    .getAsJsonObject("linear_probe")
                    .getAsJsonObject("by_hook")
                    .getAsJsonObject(layer)
                    .get("held_out_accuracy")
                    .getAsDouble();
            assertTrue(sep >= 0.95, layer + ": add vs sub differ in the operator, held-out " + sep);
            assertTrue(same <= 0.8, layer + ": two random halves of add are not separable, held-out " + same);
        }
        assertTrue(skills.out().contains("logistic probe, add vs sub"), skills.out());
        assertTrue(io.skillscope.core.testing.StrictJson.checkTree(dir.resolve("skills")) >= 3);
        CliRun one = CliRun.of(
                "probe",
                "--model",
                MODEL.toString(),
                "--data",
                a.toString(),
                "--linear",
                "--out",
                dir.resolve("one").toString());
        assertEquals(2, one.code(), one.toString());
        assertTrue(one.err().contains("--linear tells two datasets apart"), one.err());
    }
}
