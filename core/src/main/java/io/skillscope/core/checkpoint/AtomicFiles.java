package io.skillscope.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files all-or-nothing: content goes to a temporary file in the target's folder, is flushed to
 * disk, then renamed over the target in one atomic step. A reader sees the old file or the new one,
 * never a partial one, and a failed write leaves no temporary file behind.
 */
public final class AtomicFiles {

    /** Writes the body of a file through a channel positioned at 0. */
    @FunctionalInterface
    public interface ChannelWriter {
        /**
         * Writes the content.
         *
         * @param channel an open, writable channel on the temporary file
         * @throws IOException on a write error; the temporary file is then removed
         */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes a file atomically, creating missing parent folders.
     *
     * @param target the file to create or replace
     * @param body writes the content
     * @throws CheckpointException naming the target if anything fails; the target is then unchanged
     */
    public static void write(Path target, ChannelWriter body) {
        Path tmp = createTemp(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException(target + ": write failed (" + e + ")", e);
        }
    }

    /**
     * Writes a UTF-8 text file atomically (a {@code config.json}, a {@code result.json}).
     *
     * @param target the file to create or replace
     * @param text the content
     */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes), 0));
    }

    static Path createTemp(Path target) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
            // .NAME.PID-RANDOM.tmp: the process id lets a later run tell a dead run's leftover from a live write
            return Files.createTempFile(
                    dir,
                    "." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-",
                    ".tmp");
        } catch (IOException e) {
            throw new CheckpointException(target + ": cannot create a temporary file (" + e + ")", e);
        }
    }

    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        matchPermissions(tmp, target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Gives the temporary file (created owner-only, 0600) the permissions the result should have: those
     * of the file it replaces, else {@code rw-r--r--}, so that a report or checkpoint is as readable as
     * any file the user writes. A file system without POSIX permissions keeps its defaults.
     */
    static void matchPermissions(Path tmp, Path target) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            view.setPermissions(
                    Files.exists(target)
                            ? Files.getPosixFilePermissions(target)
                            : PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // keep the temporary file's permissions; the content is what matters
        }
    }

    static void deleteQuietly(Path tmp, Exception cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) {
            pos += ch.write(src, pos);
        }
    }
}
