package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.checkpoint.AtomicFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two commands run side by side in one JVM (as the spark module's sweep runs points as tasks of one
 * executor): one command ending, and removing its own unfinished output, must not remove the partial
 * folder of the other, which then commits. Before the unfinished folders were kept per thread, the first
 * to end removed the other's folder and its commit failed.
 */
class OutputFolderThreadsTest {
    @TempDir
    Path dir;

    @Test
    void aCommandEndingOnOneThreadLeavesTheOutputAnotherThreadIsBuilding() throws Exception {
        CommandLine cmd = Main.commandLine().getSubcommands().get("eval");
        OutputFolder building = new OutputFolder();
        building.out = dir.resolve("a");
        Path partial = building.begin(cmd);
        Files.writeString(partial.resolve("result.json"), "{}");

        Thread other = new Thread(OutputFolder::abandonUnfinished); // another command ends
        other.start();
        other.join();

        assertTrue(Files.isDirectory(partial), "the partial folder of the running command is still there");
        Path done = building.commit();
        assertTrue(AtomicFolder.isComplete(done));
        assertTrue(Files.isRegularFile(done.resolve("result.json")));
    }
}
