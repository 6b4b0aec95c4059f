package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.lab.testing.TinyRecipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the interrupted runs of issue 17 left, as an older skillscope left it, met by today's readers and
 * writers: a checkpoint with weights but no tokenizer or recipe is refused by {@code --init}; a sweep's
 * stale points are never mixed into a new sweep; a dead run's temporary files are removed, with a note.
 */
class InterruptedOutputTest {
    @TempDir
    Path dir;

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void initRefusesACheckpointThatAKillCutShort() throws IOException {
        Path step = Files.createDirectories(dir.resolve("run/checkpoints/step-000030"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(ShippedModels.SKILL_LAB_BASE.resolve(f), step.resolve(f));
        }
        Path recipe = TinyRecipes.writeWithoutInit(TinyRecipes.sft("x", 2), dir.resolve("sft.json"));
        CliRun r = CliRun.of(
                "train",
                "sft",
                "--recipe",
                recipe.toString(),
                "--init",
                step.toString(),
                "--out",
                dir.resolve("out").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.errLines(), r.err());
        assertTrue(r.err().contains("--init " + step + " is an incomplete skillscope output"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));

        CliRun eval = CliRun.of("eval", "--model", step.toString(), "--skills", "add", "--per-skill", "2");
        assertEquals(1, eval.code(), eval.toString());
        assertTrue(eval.err().contains("--model " + step + " is an incomplete skillscope output"), eval.err());
    }

    @Test
    void aSweepNeverMixesInThePointsOfAnOlderRun() throws IOException {
        // an older skillscope's killed sweep: two points, no result.json
        Path out = dir.resolve("sweep");
        for (String s : List.of("sparsity-1e-02", "sparsity-3e-02")) {
            Path p = Files.createDirectories(out.resolve(s));
            Files.writeString(p.resolve("result.json"), "{\"sparsity\": 0.5}");
        }
        CliRun r = CliRun.of(
                "localize",
                "--base",
                ShippedModels.SKILL_LAB_BASE.resolve("stage3").toString(),
                "--finetuned",
                ShippedModels.SKILL_LAB_BASE.toString(),
                "--skill",
                "mul",
                "--sparsity",
                "1e-3,3e-3",
                "--out",
                out.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("holds no skillscope result"), r.err());
        assertEquals("{\"sparsity\": 0.5}", Files.readString(out.resolve("sparsity-1e-02/result.json")));
        CliRun forced = CliRun.of(
                "localize",
                "--base",
                ShippedModels.SKILL_LAB_BASE.resolve("stage3").toString(),
                "--finetuned",
                ShippedModels.SKILL_LAB_BASE.toString(),
                "--skill",
                "mul",
                "--sparsity",
                "1e-3,3e-3",
                "--out",
                out.toString(),
                "--force");
        assertEquals(2, forced.code(), "--force replaces a previous output, never a stray folder\n" + forced);

        CliRun report = CliRun.of(
                "report",
                "--in",
                out.resolve("sparsity-1e-02").toString(),
                "--out",
                dir.resolve("r.html").toString());
        assertEquals(1, report.code(), report.toString());
        assertTrue(report.err().contains("incomplete skillscope output"), report.err());
    }

    @Test
    void aDeadRunsTemporariesAreRemovedByTheNextCommandWritingBesideThem() throws Exception {
        long dead = deadPid();
        Path partial = Files.createDirectories(dir.resolve(".na.partial-" + dead + "-k1/artifact"));
        Files.writeString(partial.resolve("half.safetensors"), "x");
        Path tmp = Files.writeString(dir.resolve(".result.json." + dead + "-42.tmp"), "{");
        Path out = dir.resolve("na");
        CliRun r = CliRun.of(
                "unlearn",
                "na",
                "--model",
                ShippedModels.SKILL_LAB_BASE.toString(),
                "--forget",
                "add",
                "--retain",
                "rev",
                "--train",
                "8",
                "--dev",
                "4",
                "--test",
                "8",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(partial.getParent()));
        assertFalse(Files.exists(tmp));
        assertTrue(r.err().contains("removed " + partial.getParent()), r.err());
        assertTrue(r.err().contains("removed " + tmp), r.err());
        assertTrue(Files.isRegularFile(out.resolve(AtomicFolder.MARKER)));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("na"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
