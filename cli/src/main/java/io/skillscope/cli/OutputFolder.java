package io.skillscope.cli;

import io.skillscope.core.checkpoint.AtomicFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --out DIR} and {@code --force} options of the subcommands that write an artifact folder,
 * with the checks every such command makes before it computes anything: the folder is never one of the
 * command's inputs nor inside one, and a folder that already holds a result is only replaced with
 * {@code --force}. The folder is built by {@link AtomicFolder}: under a hidden partial name, completed
 * by a marker, renamed into place by {@link #commit()}; a previous output is replaced only then. What a
 * killed run left beside it is cleaned first, with a note on stderr.
 */
final class OutputFolder {

    /** Files whose presence means the folder already holds a result. */
    static final List<String> RESULT_FILES = AtomicFolder.RESULT_FILES;

    /**
     * Folders begun and not yet committed by the command running on this thread; {@link #abandonUnfinished()}
     * removes them. Per thread, so that commands run side by side in one JVM (the spark module runs sweep
     * points as tasks of one executor) never remove each other's partial folders.
     */
    private static final ThreadLocal<List<AtomicFolder>> OPEN = ThreadLocal.withInitial(ArrayList::new);

    private AtomicFolder folder;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (created if missing; never an input folder).")
    Path out;

    @Option(
            names = "--force",
            description = "Replace a previous result in the output folder, as a whole, once the new one is complete.")
    boolean force;

    /**
     * Checks the folder against the inputs and a previous result; creates nothing. Paths are compared
     * as the file system resolves them (symbolic links followed, {@code ..} applied), so no spelling of
     * {@code --out} reaches an input: the folder may be neither an input, nor inside an input folder,
     * nor above an input (holding it), and {@code --force} never changes that.
     *
     * @param cmd the command, for usage errors
     * @param inputs the folders and files the command reads (models, recipes, data files; nulls are
     *     skipped)
     * @return the folder
     */
    Path check(CommandLine cmd, Path... inputs) {
        Path target = resolved(out);
        for (Path in : inputs) {
            if (in == null) {
                continue;
            }
            Path input = resolved(in);
            String where = null;
            if (target.equals(input)) {
                where = " is";
            } else if (target.startsWith(input)) {
                where = " is inside";
            } else if (input.startsWith(target)) {
                where = " holds";
            }
            if (where != null) {
                throw new ParameterException(
                        cmd,
                        "--out " + out + where + " the input " + (Files.isDirectory(input) ? "folder " : "file ") + in
                                + (input.equals(in.toAbsolutePath().normalize()) ? "" : " (" + input + ")")
                                + "; choose another folder (inputs are never overwritten)");
            }
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new ParameterException(cmd, "--out " + out + " exists and is not a folder");
        }
        checkWritable(cmd, target);
        if (Files.isDirectory(target) && !isEmpty(target) && !AtomicFolder.isPreviousOutput(target)) {
            throw new ParameterException(
                    cmd,
                    "--out " + out + " is not empty and holds no skillscope result; choose a new or empty folder"
                            + " (--force replaces a previous output, never other files)");
        }
        if (!force) {
            for (String f : Stream.concat(RESULT_FILES.stream(), Stream.of(AtomicFolder.MARKER))
                    .toList()) {
                if (Files.exists(target.resolve(f))) {
                    throw new ParameterException(
                            cmd,
                            "--out " + out + " already holds a result (" + f
                                    + "); choose an empty folder or add --force to replace it");
                }
            }
        }
        return out;
    }

    /**
     * Fails now, before any compute, when nothing can be written where --out would be created: a file
     * is created and deleted in the nearest existing folder of the path.
     */
    private void checkWritable(CommandLine cmd, Path target) {
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new ParameterException(cmd, "--out " + out + ": " + existing + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".skillscope-", ".probe"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new ParameterException(
                    cmd,
                    "--out " + out + " cannot be written: " + existing + " refuses new files ("
                            + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                                    ? f.getReason()
                                    : e.getMessage())
                            + ")");
        }
    }

    /**
     * The path as the file system resolves it: the real path of its nearest existing ancestor (links
     * followed) with the rest of the path appended, normalized.
     */
    static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes what dead runs left beside the output folder (partial folders, temporary files), printing
     * one line per removal on the command's stderr.
     *
     * @param cmd the command, for its stderr
     */
    void cleanBeside(CommandLine cmd) {
        cleanBeside(cmd, out);
    }

    /**
     * Removes what dead runs left beside {@code target} (in its parent folder), with a note on stderr.
     *
     * @param cmd the command, for its stderr
     * @param target a folder or file the command is about to write
     */
    static void cleanBeside(CommandLine cmd, Path target) {
        Path parent = target.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            PrintWriter err = cmd.getErr();
            AtomicFolder.cleanDeadTemporaries(parent, note -> {
                err.println(cmd.getCommandSpec().qualifiedName() + ": " + note);
                err.flush();
            });
        }
    }

    /**
     * {@link #check}s the folder, cleans what dead runs left beside it, and starts building it under a
     * partial name.
     *
     * @param cmd the command, for usage errors and notes
     * @param inputs folders the command reads
     * @return the partial folder to write into; {@link #commit()} puts it in place
     */
    Path begin(CommandLine cmd, Path... inputs) {
        check(cmd, inputs);
        PrintWriter err = cmd.getErr();
        folder = AtomicFolder.begin(out, cmd.getCommandSpec().qualifiedName(), note -> {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + note);
            err.flush();
        });
        OPEN.get().add(folder);
        return folder.dir();
    }

    /**
     * Writes the completion marker and renames the finished folder into place.
     *
     * @return the output folder, as given on the command line
     */
    Path commit() {
        folder.commit();
        OPEN.get().remove(folder);
        return out;
    }

    /**
     * Where a path inside the partial folder will be once committed, as the user named the folder (for
     * what a command prints).
     *
     * @param p a path inside {@link #begin}'s folder, or any other path (returned as it is)
     * @return the path under {@code --out}
     */
    Path shown(Path p) {
        if (folder == null || !p.startsWith(folder.dir())) {
            return p;
        }
        return out.resolve(folder.dir().relativize(p));
    }

    /**
     * Removes the partial folders of the command that ran on this thread if it failed before committing
     * (called once a command returns).
     */
    static void abandonUnfinished() {
        List<AtomicFolder> open = OPEN.get();
        open.forEach(AtomicFolder::close);
        open.clear();
    }
}
