package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.NpyReader;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.CachedRun;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skillscope forward}: the .npy files hold what the library computes, in the stated shapes. */
class ForwardCommandTest {
    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = TinyModelFolder.write(dir.resolve("tiny"), 9);
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        }
        return out;
    }

    @Test
    void writesLogitsAndHooksEqualToTheLibrary() throws IOException {
        Path out = dir.resolve("fwd");
        int[] ids = {3, 14, 15, 9, 2};
        CliRun r = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "3,14,15,9,2",
                "--hooks",
                "blocks.0.mlp.hook_post,blocks.1.attn.hook_pattern,hook_embed",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err());

        HostTensor logits = NpyReader.read(out.resolve("logits.npy"));
        HostTensor post = NpyReader.read(out.resolve("blocks.0.mlp.hook_post.npy"));
        HostTensor pattern = NpyReader.read(out.resolve("blocks.1.attn.hook_pattern.npy"));
        HostTensor embed = NpyReader.read(out.resolve("hook_embed.npy"));
        assertArrayEquals(new long[] {5, 16}, logits.shape());
        assertArrayEquals(new long[] {5, 48}, post.shape());
        assertArrayEquals(new long[] {4, 5, 5}, pattern.shape(), "[H, T, T] with the batch dropped");
        assertArrayEquals(new long[] {5, 32}, embed.shape());

        try (Transformer m = Transformer.load(model)) {
            assertArrayEquals(flat(m.logits(ids)), logits.toFloats(), 0f, "logits.npy equals Transformer.logits");
            CachedRun run = m.runWithCache(ids, HookName.parse("blocks.0.mlp.hook_post"));
            assertArrayEquals(run.cache().get("blocks.0.mlp.hook_post").toFloats(), post.toFloats(), 0f);
            float[] table = m.parameters().read("model.embed_tokens.weight").toFloats(); // [V, d]
            float[] e = embed.toFloats();
            for (int t = 0; t < ids.length; t++) {
                for (int j = 0; j < 32; j++) {
                    assertEquals(table[ids[t] * 32 + j], e[t * 32 + j], 0f, "hook_embed row " + t);
                }
            }
        }
        float[] p = pattern.toFloats();
        for (int h = 0; h < 4; h++) {
            for (int q = 0; q < 5; q++) {
                double sum = 0;
                for (int k = 0; k < 5; k++) {
                    float v = p[(h * 5 + q) * 5 + k];
                    sum += v;
                    if (k > q) {
                        assertEquals(0f, v, 1e-12f, "causal: query " + q + " never sees key " + k);
                    }
                }
                assertEquals(1.0, sum, 1e-5, "attention rows sum to 1");
            }
        }

        JsonObject result = JsonParser.parseString(Files.readString(out.resolve("result.json")))
                .getAsJsonObject();
        assertEquals(5, result.getAsJsonObject("settings").getAsJsonArray("ids").size());
        assertEquals(4, result.getAsJsonObject("files").size());
        assertEquals(
                64,
                result.getAsJsonObject("inputs")
                        .get("tensors sha256")
                        .getAsString()
                        .length());
        assertTrue(result.getAsJsonObject("environment").has("djl"));
        assertEquals(5, r.out().lines().count(), "one line per file written\n" + r.out());
        assertTrue(r.out().contains("logits.npy [5, 16]"), r.out());
    }

    @Test
    void textIsEncodedWithTheFolderTokenizer() {
        Path out = dir.resolve("fwd-text");
        CliRun r = CliRun.of("forward", "--model", model.toString(), "--text", "a b c n", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        try (Transformer m = Transformer.load(model)) {
            assertArrayEquals(flat(m.logits(2, 3, 4, 15)), NpyReader.readFloats(out.resolve("logits.npy")), 0f);
        }
    }

    @Test
    void unknownHookExitsTwoNamingTheNearestHook() {
        Path out = dir.resolve("fwd-bad");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "1,2,3",
                "--hooks",
                "blocks.0.mlp.hook_pst",
                "--out",
                out.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.errLines(), r.toString());
        assertTrue(r.err().contains("unknown hook name 'blocks.0.mlp.hook_pst'"), r.err());
        assertTrue(r.err().contains("nearest valid names: blocks.0.mlp.hook_post"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug");
        assertFalse(Files.exists(out), "nothing written on a usage error");

        CliRun layer = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "1",
                "--hooks",
                "blocks.7.mlp.hook_post",
                "--out",
                out.toString());
        assertEquals(2, layer.code(), layer.toString());
        assertTrue(layer.err().contains("2 layers"), layer.err());
    }

    @Test
    void refusesToWriteIntoTheModelFolder() {
        CliRun r = CliRun.of("forward", "--model", model.toString(), "--ids", "1", "--out", model.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is the input folder"), r.err());
    }
}
