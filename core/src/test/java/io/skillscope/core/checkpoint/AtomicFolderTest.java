package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.SkillscopeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFolderTest {

    @TempDir
    Path tmp;

    /** The id of a process that has ended (a child that ran and was waited for). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderAppearsCompleteWithItsMarkerAndNothingElseIsLeft() throws IOException {
        Path out = tmp.resolve("out");
        AtomicFolder.write(out, "test", dir -> {
            AtomicFiles.writeString(dir.resolve("result.json"), "{}\n");
            AtomicFiles.writeString(dir.resolve("sub/a.txt"), "abc");
            assertFalse(Files.exists(out), "the target appears only at commit");
        });
        assertEquals(List.of("out"), names());
        JsonObject marker = JsonParser.parseString(Files.readString(out.resolve(AtomicFolder.MARKER)))
                .getAsJsonObject();
        assertEquals("test", marker.get("command").getAsString());
        assertEquals(3, marker.getAsJsonObject("files").get("result.json").getAsLong());
        assertEquals(3, marker.getAsJsonObject("files").get("sub/a.txt").getAsLong());
        assertTrue(AtomicFolder.isComplete(out));
        assertTrue(AtomicFolder.isComplete(out.resolve("sub")), "a folder inside a complete one is complete");
    }

    @Test
    void aFailedBodyLeavesNeitherTargetNorPartial() {
        Path out = tmp.resolve("out");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFolder.write(out, "test", dir -> {
                    AtomicFiles.writeString(dir.resolve("half.json"), "{");
                    throw new IllegalStateException("boom");
                }));
        assertFalse(Files.exists(out));
        assertTrue(
                tmp.toFile().list().length == 0, String.join(",", tmp.toFile().list()));
    }

    @Test
    void aPreviousOutputStaysIntactUntilTheNewOneIsComplete() throws IOException {
        Path out = tmp.resolve("out");
        AtomicFolder.write(out, "first", dir -> AtomicFiles.writeString(dir.resolve("result.json"), "old"));
        try (AtomicFolder f = AtomicFolder.begin(out, "second")) {
            AtomicFiles.writeString(f.dir().resolve("result.json"), "new");
            assertEquals("old", Files.readString(out.resolve("result.json")));
            f.commit();
        }
        assertEquals("new", Files.readString(out.resolve("result.json")));
        assertEquals(List.of("out"), names(), "the old folder is deleted once replaced");
    }

    @Test
    void aFolderHoldingOtherFilesIsNeverReplaced() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(out.resolve("mine.txt"), "keep");
        SkillscopeException e = assertThrows(SkillscopeException.class, () -> AtomicFolder.begin(out, "test"));
        assertTrue(e.getMessage().contains("holds no skillscope output"), e.getMessage());
        assertEquals("keep", Files.readString(out.resolve("mine.txt")));
    }

    @Test
    void deadRunsTemporariesAreRemovedWithANoteAndLiveOnesKept() throws Exception {
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        Path deadPartial = Files.createDirectories(tmp.resolve(".out.partial-" + dead + "-abc/checkpoints"));
        Path livePartial = Files.createDirectories(tmp.resolve(".out2.partial-" + self + "-abc"));
        Path deadTmp = Files.writeString(tmp.resolve(".result.json." + dead + "-123.tmp"), "x");
        Path liveTmp = Files.writeString(tmp.resolve(".result.json." + self + "-123.tmp"), "x");
        List<String> notes = new ArrayList<>();
        AtomicFolder.cleanDeadTemporaries(tmp, notes::add);
        assertFalse(Files.exists(deadPartial.getParent()));
        assertFalse(Files.exists(deadTmp));
        assertTrue(Files.exists(livePartial));
        assertTrue(Files.exists(liveTmp));
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("removed "), notes.toString());
    }

    @Test
    void aCrashBetweenTheTwoRenamesLeavesOneCompleteFolderUnderItsName() throws Exception {
        long dead = deadPid();
        // the old folder was renamed aside and the new one, complete, not yet renamed in
        Path old = Files.createDirectories(tmp.resolve(".out.old-" + dead + "-a"));
        Files.writeString(old.resolve("result.json"), "old");
        Path fresh = Files.createDirectories(tmp.resolve(".out.partial-" + dead + "-b"));
        Files.writeString(fresh.resolve("result.json"), "new");
        Files.writeString(fresh.resolve(AtomicFolder.MARKER), "{}");
        AtomicFolder.cleanDeadTemporaries(tmp, n -> {});
        assertEquals(List.of("out"), names());
        assertEquals("new", Files.readString(tmp.resolve("out/result.json")));

        // killed before the new folder was complete: the old one comes back
        Path old2 = Files.createDirectories(tmp.resolve(".run.old-" + dead + "-a"));
        Files.writeString(old2.resolve("result.json"), "old");
        Files.createDirectories(tmp.resolve(".run.partial-" + dead + "-b"));
        AtomicFolder.cleanDeadTemporaries(tmp, n -> {});
        assertEquals(List.of("out", "run"), names());
        assertEquals("old", Files.readString(tmp.resolve("run/result.json")));
    }

    @Test
    void readersRefuseSkillscopeOutputsWithoutTheMarkerAndReadOtherFolders() throws IOException {
        Path hub = Files.createDirectories(tmp.resolve("hub-model"));
        Files.writeString(hub.resolve("config.json"), "{}");
        AtomicFolder.requireComplete(hub, "--model"); // a downloaded Hugging Face folder has no marker

        Path trained = Files.createDirectories(tmp.resolve("trained"));
        Files.writeString(trained.resolve("recipe.json"), "{}");
        SkillscopeException e =
                assertThrows(SkillscopeException.class, () -> AtomicFolder.requireComplete(trained, "--init"));
        assertTrue(
                e.getMessage().startsWith("--init " + trained + " is an incomplete skillscope output"), e.getMessage());

        // the killed checkpoint of the issue: config and weights, no tokenizer, no recipe
        Path step = Files.createDirectories(tmp.resolve("run/checkpoints/step-000030"));
        Files.writeString(step.resolve("config.json"), "{}");
        assertThrows(SkillscopeException.class, () -> AtomicFolder.requireComplete(step, "--init"));
        Files.writeString(step.resolve(AtomicFolder.MARKER), "{}");
        AtomicFolder.requireComplete(step, "--init");

        Path library = Files.createDirectories(tmp.resolve("mask-from-java"));
        Files.writeString(library.resolve("result.json"), "{}");
        AtomicFolder.requireComplete(library, "--in"); // the library's writers add no marker

        Path inside = Files.createDirectories(tmp.resolve(".out.partial-1-x/probe"));
        Files.writeString(inside.resolve("result.json"), "{}");
        e = assertThrows(SkillscopeException.class, () -> AtomicFolder.requireComplete(inside, "--in"));
        assertTrue(e.getMessage().contains("unfinished folder"), e.getMessage());
        // a partial folder killed after its marker, before its rename, is still not read
        Files.writeString(inside.getParent().resolve(AtomicFolder.MARKER), "{}");
        assertThrows(SkillscopeException.class, () -> AtomicFolder.requireComplete(inside.getParent(), "--in"));
        // a finished checkpoint inside it is
        Path ck = Files.createDirectories(inside.getParent().resolve("checkpoints/step-000002"));
        Files.writeString(ck.resolve("recipe.json"), "{}");
        Files.writeString(ck.resolve(AtomicFolder.MARKER), "{}");
        AtomicFolder.requireComplete(ck, "--init");
    }

    @Test
    void theFinalPathDropsPartialNames() {
        Path p = tmp.resolve(".demo.partial-12-ab").resolve("probe");
        assertEquals(tmp.resolve("demo").resolve("probe"), AtomicFolder.finalPath(p));
    }
}
