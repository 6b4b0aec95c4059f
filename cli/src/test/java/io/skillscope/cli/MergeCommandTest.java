package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.testing.TinyModelFolder;
import io.skillscope.grafting.Mask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeCommandTest {
    static final String TENSOR = "model.layers.0.mlp.down_proj.weight";

    @TempDir
    static Path dir;

    @BeforeAll
    static void models() throws IOException {
        TinyModelFolder.write(dir.resolve("pre"), 1);
        TinyModelFolder.write(dir.resolve("ft-a"), 2);
        TinyModelFolder.write(dir.resolve("ft-b"), 3);
    }

    static float[] read(Path folder, String name) {
        try (TensorSource s = TensorSource.open(folder)) {
            return s.readFloats(name);
        }
    }

    static Path config(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void taskArithmeticFromYamlIsPreplusLambdaTimesTheWeightedTaskVectors() throws IOException {
        Path cfg = config("ta.yaml", """
                method: task_arithmetic
                base: pre
                models:
                  - {model: ft-a, weight: 1.0}
                  - {model: ft-b, weight: 0.5}
                lambda: 0.5
                """);
        Path out = dir.resolve("out-ta");
        CliRun r = CliRun.of("merge", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        float[] pre = read(dir.resolve("pre"), TENSOR);
        float[] a = read(dir.resolve("ft-a"), TENSOR);
        float[] b = read(dir.resolve("ft-b"), TENSOR);
        float[] got = read(out, TENSOR);
        for (int i = 0; i < pre.length; i++) {
            double tau = ((double) a[i] - pre[i]) + 0.5 * ((double) b[i] - pre[i]);
            assertEquals((float) (pre[i] + 0.5 * tau), got[i], 0f, "entry " + i);
        }
        JsonObject result = JsonParser.parseString(Files.readString(out.resolve("result.json")))
                .getAsJsonObject();
        assertEquals("TASK_ARITHMETIC", result.get("method").getAsString());
        assertEquals(2, result.getAsJsonArray("models").size());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Weight change against the base"), "report section");
        assertTrue(html.contains(TENSOR), "every tensor listed");
        assertTrue(
                Files.isRegularFile(out.resolve("config.json")) && Files.isRegularFile(out.resolve("tokenizer.json")),
                "a loadable Hugging Face folder");
        assertTrue(r.out().contains("task_arithmetic:"), r.out());
        assertTrue(io.skillscope.core.testing.StrictJson.checkTree(out) >= 1);
    }

    @Test
    void graftFromJsonTakesFineTunedValuesExactlyOnTheMask() throws IOException {
        long[] shape;
        try (TensorSource s = TensorSource.open(dir.resolve("pre"))) {
            shape = s.info(TENSOR).shape();
        }
        BitSet sel = new BitSet();
        sel.set(0);
        sel.set(7);
        sel.set(40);
        Mask.builder().put(TENSOR, shape, sel).build().save(dir.resolve("mask-a"));
        Path cfg = config("graft.json", """
                {"method": "graft", "base": "pre", "models": [{"model": "ft-a", "mask": "mask-a"}]}
                """);
        Path out = dir.resolve("out-graft");
        CliRun r = CliRun.of("merge", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        float[] pre = read(dir.resolve("pre"), TENSOR);
        float[] a = read(dir.resolve("ft-a"), TENSOR);
        float[] got = read(out, TENSOR);
        for (int i = 0; i < pre.length; i++) {
            assertEquals(sel.get(i) ? a[i] : pre[i], got[i], 0f, "entry " + i);
        }
        assertArrayEquals(
                read(dir.resolve("pre"), "model.layers.1.mlp.up_proj.weight"),
                read(out, "model.layers.1.mlp.up_proj.weight"),
                "tensors outside the mask stay at the base");
        assertTrue(r.out().contains("3 of"), r.out());
    }

    @Test
    void skillVectorInjectionAddsScaleTimesRlMinusSft() throws IOException {
        Path cfg = config("past.yaml", """
                method: skill_vector
                base: ft-b
                vector: {from: pre, to: ft-a}
                scale: 2.0
                """);
        Path out = dir.resolve("out-past");
        CliRun r = CliRun.of("merge", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        float[] pre = read(dir.resolve("pre"), TENSOR);
        float[] a = read(dir.resolve("ft-a"), TENSOR);
        float[] b = read(dir.resolve("ft-b"), TENSOR);
        float[] got = read(out, TENSOR);
        for (int i = 0; i < pre.length; i++) {
            assertEquals(b[i] + 2.0 * (a[i] - pre[i]), got[i], 1e-5, "entry " + i);
        }
        assertTrue(
                Files.isRegularFile(out.resolve("skill-vector").resolve("vector.safetensors")), "the vector is kept");
    }

    @Test
    void badConfigsAreNamedErrorsAndWriteNothing() throws IOException {
        Path out = dir.resolve("out-bad");
        CliRun unknownField = CliRun.of(
                "merge",
                "--config",
                config("bad1.yaml", "method: ties\nbase: pre\nmodels: [{model: ft-a}]\ndensty: 0.2\n")
                        .toString(),
                "--out",
                out.toString());
        assertEquals(1, unknownField.code(), unknownField.toString());
        assertTrue(
                unknownField.err().contains("bad1.yaml: field 'densty' is not a merge-config field"),
                unknownField.err());
        CliRun badMethod = CliRun.of(
                "merge",
                "--config",
                config("bad2.json", "{\"method\": \"slerp\", \"base\": \"pre\"}")
                        .toString(),
                "--out",
                out.toString());
        assertTrue(badMethod.err().contains("field 'method' \"slerp\" is not one of"), badMethod.err());
        CliRun missing = CliRun.of(
                "merge",
                "--config",
                config("bad3.yaml", "method: ties\nbase: pre\nmodels: [{model: no-such-model}]\n")
                        .toString(),
                "--out",
                out.toString());
        assertTrue(missing.err().contains("field 'models[0].model' \"no-such-model\" does not exist"), missing.err());
        CliRun density = CliRun.of(
                "merge",
                "--config",
                config("bad4.yaml", "method: ties\nbase: pre\nmodels: [{model: ft-a}]\ndensity: 1.5\n")
                        .toString(),
                "--out",
                out.toString());
        assertTrue(density.err().contains("bad4.yaml: TIES density must be in (0, 1], got 1.5"), density.err());
        CliRun intoInput = CliRun.of(
                "merge",
                "--config",
                config("ok.yaml", "method: task_arithmetic\nbase: pre\nmodels: [{model: ft-a}]\n")
                        .toString(),
                "--out",
                dir.resolve("ft-a").toString());
        assertEquals(2, intoInput.code(), intoInput.toString());
        assertTrue(intoInput.err().contains("is the input folder"), intoInput.err());
        assertFalse(Files.exists(out), "nothing written for a bad config");
    }
}
