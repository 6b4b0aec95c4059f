package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.lab.testing.TinyRecipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command writes into, inside or above one of its inputs, however --out is spelled (links, ..,
 * dataset names), with or without --force; and forward refuses an existing result like every command.
 */
class OutputSafetyTest {
    @TempDir
    Path dir;

    Path model;
    String modelHash;

    @BeforeEach
    void copyOfTheShippedModel() throws IOException {
        model = Files.createDirectories(dir.resolve("models/lab"));
        for (String f :
                List.of("config.json", "model.safetensors", "tokenizer.json", "recipe.json", AtomicFolder.MARKER)) {
            Files.copy(ShippedModels.SKILL_LAB_BASE.resolve(f), model.resolve(f));
        }
        modelHash = folderHash(model);
    }

    static String folderHash(Path folder) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sb.append(folder.relativize(f))
                        .append('=')
                        .append(Hashing.sha256(f))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void aLinkToTheModelIsTheModel() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), model);
        CliRun probe = CliRun.of(
                "probe",
                "--model",
                model.toString(),
                "--skills",
                "add",
                "--n",
                "4",
                "--out",
                link.toString(),
                "--force");
        assertEquals(2, probe.code(), probe.toString());
        assertTrue(probe.err().contains("is the input folder"), probe.err());

        Path linkToModels = Files.createSymbolicLink(dir.resolve("models-link"), dir.resolve("models"));
        CliRun inside = CliRun.of(
                "probe",
                "--model",
                linkToModels.resolve("lab").toString(),
                "--skills",
                "add",
                "--n",
                "4",
                "--out",
                model.resolve("sub").toString());
        assertEquals(2, inside.code(), inside.toString());
        assertTrue(inside.err().contains("is inside the input folder"), inside.err());
        assertEquals(modelHash, folderHash(model), "the model's files are unchanged");
        assertFalse(Files.exists(model.resolve("sub")));
    }

    @Test
    void anOutputAboveAnInputIsRefused() throws IOException {
        CliRun above = CliRun.of(
                "probe",
                "--model",
                model.toString(),
                "--skills",
                "add",
                "--n",
                "4",
                "--out",
                dir.toString(),
                "--force");
        assertEquals(2, above.code(), above.toString());
        assertTrue(above.err().contains("holds the input folder"), above.err());
        assertEquals(modelHash, folderHash(model));
    }

    @Test
    void trainNeverWritesIntoItsRecipesFolderEvenWithForce() throws IOException {
        Path recipeDir = Files.createDirectories(dir.resolve("recipe-dir"));
        TinyRecipes.write(TinyRecipes.base(2, 1), recipeDir.resolve("recipe.json"));
        String before = folderHash(recipeDir);
        CliRun r = CliRun.of(
                "train",
                "base",
                "--recipe",
                recipeDir.toString(),
                "--out",
                recipeDir.toString(),
                "--steps",
                "1",
                "--force");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is the input folder"), r.err());
        assertEquals(before, folderHash(recipeDir), "the recipe's folder is unchanged");
    }

    @Test
    void datasetNamesThatLeaveOrCollideWithTheOutputAreRefused() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        String row = "{\"prompt\": \"rev(abc)=\", \"answer\": \"cba\"}\n";
        Path dots = Files.writeString(data.resolve("...jsonl"), row);
        Path result = Files.writeString(data.resolve("result.json.jsonl"), row);
        Path ok = Files.writeString(data.resolve("ok.jsonl"), row);
        Path out = dir.resolve("out");
        CliRun up = CliRun.of("probe", "--model", model.toString(), "--data", ok + "," + dots, "--out", out.toString());
        assertEquals(2, up.code(), up.toString());
        assertTrue(up.err().contains("dataset name '..' cannot name a folder under --out"), up.err());
        CliRun clash =
                CliRun.of("probe", "--model", model.toString(), "--data", ok + "," + result, "--out", out.toString());
        assertEquals(2, clash.code(), clash.toString());
        assertTrue(clash.err().contains("is the name of a file probe writes"), clash.err());
        assertFalse(Files.exists(dir.resolve("result.json")), "nothing above --out");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void forwardRefusesAnExistingResultWithoutForce() throws IOException {
        Path out = Files.createDirectories(dir.resolve("fwd"));
        Files.writeString(out.resolve("result.json"), "{\"kept\": true}\n");
        CliRun r = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "1,2,3",
                "--hooks",
                "hook_embed",
                "--out",
                out.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("already holds a result (result.json)"), r.err());
        assertEquals("{\"kept\": true}\n", Files.readString(out.resolve("result.json")));
        CliRun forced = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--ids",
                "1,2,3",
                "--hooks",
                "hook_embed",
                "--out",
                out.toString(),
                "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertTrue(Files.readString(out.resolve("result.json")).contains("\"command\""), "replaced with --force");
    }

    @Test
    void anUnwritableOutputIsRefusedBeforeAnyCompute() {
        long t0 = System.nanoTime();
        CliRun r = CliRun.of(
                "probe", "--model", model.toString(), "--skills", "add", "--n", "4", "--out", "/proc/skillscope-out");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--out /proc/skillscope-out cannot be written"), r.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before loading the model");
    }
}
