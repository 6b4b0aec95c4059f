package io.skillscope.cli;

import io.skillscope.core.SkillscopeException;
import io.skillscope.datasets.DatasetFormatException;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.FieldNames;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Skill names and data files given on the command line, checked before any model is loaded. */
final class SkillWords {
    /** The context rule for JSONL options' help ({@link io.skillscope.api.PromptLengths}). */
    static final String CONTEXT_RULE = " A row whose [bos] prompt answer [eos] is longer than the model's context"
            + " (config.json max_position_embeddings or n_positions) is refused with its file and line.";

    private SkillWords() {}

    /**
     * Splits a comma-separated list, dropping blanks and duplicates.
     *
     * @throws ParameterException when nothing is left
     */
    static List<String> split(CommandLine cmd, String option, String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : value.split(",")) {
            if (!w.isBlank()) {
                out.add(w.trim());
            }
        }
        if (out.isEmpty()) {
            throw new ParameterException(cmd, option + " names nothing: '" + value + "'");
        }
        return new ArrayList<>(out);
    }

    /** The skill of a name, or a usage error that lists the valid names. */
    static Skill skill(CommandLine cmd, String option, String name, SkillSuite suite) {
        try {
            return suite.get(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, option + ": " + e.getMessage());
        }
    }

    /** Skills of a list of names, or a usage error that lists the valid names. */
    static List<Skill> skills(CommandLine cmd, String option, String value, SkillSuite suite) {
        List<Skill> out = new ArrayList<>();
        for (String w : split(cmd, option, value)) {
            out.add(skill(cmd, option, w, suite));
        }
        return out;
    }

    /** Whether a word names a JSONL file rather than skills. */
    static boolean isFile(String word) {
        return word.endsWith(".jsonl") || Files.isRegularFile(Path.of(word));
    }

    /** A JSONL file that must exist. */
    static Path file(CommandLine cmd, String option, String word) {
        Path p = Path.of(word);
        if (!Files.isRegularFile(p)) {
            throw new ParameterException(cmd, option + ": data file " + word + " does not exist");
        }
        return p;
    }

    /** The data files a set word names ({@code a.jsonl}, or {@code +}-joined parts that are files). */
    static List<Path> filesIn(String word) {
        List<Path> files = new java.util.ArrayList<>();
        if (Files.isRegularFile(Path.of(word))) {
            files.add(Path.of(word));
            return files;
        }
        for (String part : word.split("\\+")) {
            if (!part.isBlank() && Files.isRegularFile(Path.of(part.trim()))) {
                files.add(Path.of(part.trim()));
            }
        }
        return files;
    }

    /** The name of a data file: its file name without {@code .jsonl}. */
    static String fileName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.jsonl$", "");
    }

    /**
     * The examples of a JSONL file ({@code prompt}, {@code answer}, optional {@code skill}, which defaults to
     * the file's name).
     *
     * @throws SkillscopeException naming the file and line of a malformed row, or an empty file
     */
    static List<Example> readJsonl(Path file) {
        List<Example> rows;
        try {
            rows = Jsonl.read(file, FieldNames.DEFAULT, fileName(file));
        } catch (DatasetFormatException | java.io.UncheckedIOException e) {
            throw new SkillscopeException(e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new SkillscopeException("data file " + file + " has no examples");
        }
        return rows;
    }

    /**
     * Checks one unlearning word: an existing JSONL file, or skill names joined by {@code +}.
     *
     * @throws ParameterException naming the missing file or the unknown skill (with the valid names)
     */
    static void checkSetWord(CommandLine cmd, String option, String word, SkillSuite suite) {
        if (isFile(word)) {
            file(cmd, option, word);
            return;
        }
        for (String part : word.split("\\+")) {
            skill(cmd, option, part, suite);
        }
    }
}
