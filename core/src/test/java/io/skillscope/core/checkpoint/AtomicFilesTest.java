package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    /** A new file is as readable as one the user writes; a replaced file keeps its permissions. */
    @Test
    void writtenFilesGetReadablePermissionsOrKeepTheReplacedOnes(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path fresh = dir.resolve("result.json");
        AtomicFiles.writeString(fresh, "{\"a\": 1}\n");
        assertEquals("{\"a\": 1}\n", Files.readString(fresh));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        Path secret = dir.resolve("secret.json");
        Files.writeString(secret, "old");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.writeString(secret, "new");
        assertEquals("new", Files.readString(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    }
}
