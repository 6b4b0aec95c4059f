package io.skillscope.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a report page through a temporary file in the same folder and a rename, so readers never see half a
 * page. The same protocol as core's {@code AtomicFiles}, kept here because reports depends on analysis
 * alone (no core, no DJL).
 */
final class PageFiles {
    private PageFiles() {}

    /** The replaced file's permissions, else rw-r--r-- (temporary files are created owner-only). */
    private static void readableLikeTarget(Path tmp, Path target) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(
                        Files.exists(target)
                                ? Files.getPosixFilePermissions(target)
                                : PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // keep the defaults; the content is what matters
        }
    }

    static Path writeString(Path target, String content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(
                    dir, "." + abs.getFileName() + "." + ProcessHandle.current().pid() + "-", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            readableLikeTarget(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            return abs;
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more than a leftover temp file
                }
            }
            throw new UncheckedIOException("could not write report to " + abs, e);
        }
    }
}
