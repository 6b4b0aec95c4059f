package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.Provenance;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** info, version, help and the error paths of the command line. */
class MainTest {
    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = TinyModelFolder.write(dir.resolve("tiny"), 5);
    }

    @Test
    void infoPrintsSizesParameterCountHashAndHooks() throws Exception {
        CliRun plain = CliRun.of("info", "--model", model.toString());
        assertEquals(0, plain.code(), plain.toString());
        assertTrue(plain.out().contains("not computed"), "no hash without --hash\n" + plain.out());
        assertTrue(plain.out().lines().anyMatch(l -> l.matches("\\s+probe\\s+\\d.*weights.*")), plain.out());
        CliRun r = CliRun.of("info", "--model", model.toString(), "--hash");
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.contains("llama (LlamaForCausalLM)"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("layers\\s+2")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("d_model\\s+32")), out);
        assertTrue(out.contains("4 query, 2 key/value, head_dim 8"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("d_mlp\\s+48 \\(gated, silu\\)")), out);
        long params;
        int hooks;
        try (Transformer m = Transformer.load(model)) {
            params = m.parameters().numel();
            hooks = m.hookNames().size();
        }
        assertTrue(
                out.contains(String.format(Locale.ROOT, "parameters       %,d", params)),
                "the count from config.json equals the loaded model's " + params + "\n" + out);
        assertTrue(out.contains("F32 x21"), "2 layers x 9 tensors + embedding, final norm, head\n" + out);
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(model.resolve("model.safetensors"))));
        assertTrue(out.contains(sha), "sha256 of model.safetensors " + sha + "\n" + out);
        assertTrue(out.contains(hooks + " hook points"), out);
        assertTrue(out.contains("blocks.{0..1}.<site>"), out);
        assertTrue(out.contains("mlp.hook_pre_linear"), "gated models have hook_pre_linear\n" + out);
        assertFalse(out.contains("hook_pos_embed"), "rotary models have no learned positions\n" + out);
    }

    @Test
    void versionComesFromProvenance() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("skillscope " + Provenance.VERSION + "\n"), r.out());
        assertTrue(r.out().contains("PyTorch"), r.out());
    }

    @Test
    void versionPrintsTheThreadSettingsInEffect() {
        // Surefire runs this JVM as the launcher would: OMP_WAIT_POLICY=PASSIVE, one inter-op thread (and one
        // intra-op thread for the tests' tiny models)
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("PyTorch threads: intra-op 1, inter-op 1, OMP_WAIT_POLICY=PASSIVE, "), r.out());
    }

    @Test
    void helpOnEverySubcommand() {
        for (String sub : new String[] {"info", "generate", "forward", "bench"}) {
            CliRun r = CliRun.of(sub, "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Usage: skillscope " + sub), r.out());
        }
        assertTrue(CliRun.of("bench", "--help").out().contains("--quick"));
    }

    @Test
    void missingModelFolderIsOneLineAndExitOne() {
        Path missing = dir.resolve("no-such-model");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                missing.toString(),
                "--ids",
                "1,2",
                "--out",
                dir.resolve("o").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.errLines(), r.toString());
        assertTrue(r.err().contains(missing.toString()) && r.err().contains("does not exist"), r.err());
        assertEquals("", r.out());

        CliRun info = CliRun.of("info", "--model", missing.toString());
        assertEquals(1, info.code(), info.toString());
        assertEquals(1, info.errLines(), info.toString());
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun r = CliRun.of("--debug", "info", "--model", dir.resolve("absent").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.errLines() > 3 && r.err().contains("\tat io.skillscope."), r.toString());
        CliRun after = CliRun.of("info", "--model", dir.resolve("absent").toString(), "--debug");
        assertTrue(after.errLines() > 3, "the option is accepted after the subcommand too\n" + after);
    }

    @Test
    void usageErrorsExitTwo() {
        CliRun noSub = CliRun.of();
        assertEquals(2, noSub.code(), noSub.toString());
        CliRun noOut = CliRun.of("forward", "--model", model.toString(), "--ids", "1");
        assertEquals(2, noOut.code(), noOut.toString());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        CliRun both = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "1",
                "--text",
                "a",
                "--out",
                dir.resolve("o2").toString());
        assertEquals(2, both.code(), both.toString());
        CliRun badId = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "1,16",
                "--out",
                dir.resolve("o3").toString());
        assertEquals(2, badId.code(), badId.toString());
        assertTrue(badId.err().contains("token id 16") && badId.err().contains("[0, 16)"), badId.err());
        CliRun badTopP = CliRun.of(
                "generate", "--model", model.toString(), "--prompt", "a", "--temperature", "1", "--top-p", "0");
        assertEquals(2, badTopP.code(), badTopP.toString());
        for (CliRun r : new CliRun[] {noSub, noOut, both, badId, badTopP}) {
            assertEquals(1, r.errLines(), r.toString());
        }
    }

    @Test
    void errorsFromDataFilesNameFileAndLineWithoutExceptionClassNames() throws IOException {
        Path bad = dir.resolve("latin1.jsonl");
        Files.write(
                bad,
                "{\"prompt\": \"caf\u00e9\", \"answer\": \"x\"}\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CliRun r = CliRun.of(
                "unlearn",
                "na",
                "--model",
                io.skillscope.core.testing.ShippedModels.SKILL_LAB_BASE.toString(),
                "--forget",
                bad.toString(),
                "--retain",
                "rev",
                "--out",
                dir.resolve("u").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("latin1.jsonl line 1: not UTF-8 text"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("bad value", Main.oneLine(new IllegalArgumentException("bad value")));
        assertEquals("NullPointerException: x was null", Main.oneLine(new NullPointerException("x was null")));
    }

    @Test
    void aMistypedCommandSuggestsTheNearestOne() {
        CliRun r = CliRun.of("unlern", "na");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown command 'unlern'; did you mean 'unlearn'?"), r.err());
        assertEquals(1, r.errLines(), r.err());
    }
}
