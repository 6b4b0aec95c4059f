package io.skillscope.demo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's output folder rules: never next to its input, never over someone's files without --force. */
class DemoFoldersTest {
    @TempDir
    Path dir;

    private Path model() throws Exception {
        Path m = Files.createDirectories(dir.resolve("models/skill-lab-base"));
        Files.writeString(m.resolve("config.json"), "{}");
        Files.write(m.resolve("model.safetensors"), new byte[8]);
        return m;
    }

    @Test
    void refusesFoldersThatContainOneAnother() throws Exception {
        Path m = model();
        for (Path out : new Path[] {m, m.resolve("out"), dir, dir.resolve("models")}) {
            DemoException e = assertThrows(DemoException.class, () -> Demo.checkFolders(m, out, true), out.toString());
            assertTrue(e.getMessage().contains("must not contain one another"), e.getMessage());
        }
        DemoException missing = assertThrows(
                DemoException.class, () -> Demo.checkFolders(dir.resolve("nothing"), dir.resolve("out"), false));
        assertTrue(missing.getMessage().contains("no config.json and model.safetensors"), missing.getMessage());
    }

    @Test
    void aNonEmptyOutNeedsForceWhichReplacesOnlyAPreviousOutputAndOnlyOnceTheNewOneIsComplete() throws Exception {
        Path m = model();
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(out.resolve("probe/rev"));
        Files.writeString(out.resolve("probe/rev/stale.txt"), "old");
        Files.writeString(out.resolve("index.html"), "old");
        Files.writeString(out.resolve("notes.txt"), "mine");
        DemoException e = assertThrows(DemoException.class, () -> Demo.checkFolders(m, out, false));
        assertTrue(e.getMessage().contains("is not empty") && e.getMessage().contains("--force"), e.getMessage());
        assertTrue(Files.exists(out.resolve("probe/rev/stale.txt")), "nothing removed without --force");

        e = assertThrows(DemoException.class, () -> Demo.checkFolders(m, out, true));
        assertTrue(e.getMessage().contains("holds no previous output"), e.getMessage());

        Files.writeString(out.resolve("demo.json"), "{}");
        Demo.checkFolders(m, out, true);
        assertTrue(
                Files.exists(out.resolve("probe/rev/stale.txt")),
                "the previous output stays until the new one is done");
        assertTrue(Files.exists(m.resolve("model.safetensors")));
    }
}
