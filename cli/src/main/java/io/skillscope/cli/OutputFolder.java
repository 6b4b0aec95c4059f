package io.skillscope.cli;

import io.skillscope.core.SkillscopeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --out DIR} and {@code --force} options of the subcommands that write an artifact folder,
 * with the checks every such command makes before it computes anything: the folder is never one of the
 * command's inputs nor inside one, and a folder that already holds a result is only written into with
 * {@code --force}. Files are then written by the library's own atomic writers (temp file + rename).
 */
final class OutputFolder {

    /** Files whose presence means the folder already holds a result. */
    static final List<String> RESULT_FILES =
            List.of("result.json", "model.safetensors", "recipe.json", "mask.safetensors", "stats.safetensors");

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (created if missing; never an input folder).")
    Path out;

    @Option(
            names = "--force",
            description =
                    "Write into an output folder that already holds a result (files of the same name are replaced).")
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
        if (!force) {
            for (String f : RESULT_FILES) {
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

    /**
     * {@link #check}s the folder, then creates it.
     *
     * @param cmd the command, for usage errors
     * @param inputs folders the command reads
     * @return the folder
     */
    Path prepare(CommandLine cmd, Path... inputs) {
        check(cmd, inputs);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new SkillscopeException("cannot create output folder " + out + " (" + e + ")", e);
        }
        return out;
    }
}
