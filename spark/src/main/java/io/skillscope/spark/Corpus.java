package io.skillscope.spark;

import io.skillscope.core.SkillscopeException;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.FieldNames;
import io.skillscope.datasets.Jsonl;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A JSONL corpus on any Hadoop file system ({@code /local/path}, {@code file:}, {@code hdfs:},
 * {@code s3a:} with its connector on the classpath): its name, and the one sequential pass the driver
 * makes over it to check every line, count the rows and hash the tokenized rows exactly as {@link
 * ProbeDataset#sha256()} hashes them, so that the distributed probe's {@code result.json} names the same
 * dataset hash as {@code skillscope probe}'s.
 *
 * @param path the path as given
 * @param name the dataset's name: the file name without {@code .jsonl}, as {@code skillscope probe} names it
 */
public record Corpus(String path, String name) {
    /** The corpus at {@code path}. */
    public static Corpus of(String path) {
        String file = new org.apache.hadoop.fs.Path(path).getName();
        return new Corpus(path, file.replaceFirst("\\.jsonl$", ""));
    }

    /**
     * What the driver's pass found.
     *
     * @param rows non-blank lines
     * @param sha256 the hash of the tokenized rows, {@link ProbeDataset.Digest}
     */
    public record Scan(long rows, String sha256) {}

    /**
     * Reads every line once: parses it ({@link Jsonl#parseLine}, errors name the file and line), tokenizes
     * it as the probe will, checks its ids against the vocabulary, and hashes it.
     *
     * @throws SkillscopeException naming the file (and line) when it cannot be read, is malformed or empty
     */
    public Scan scan(Configuration hadoop, TokenCodec codec, boolean withAnswers, int vocab) {
        return scan(hadoop, codec, new RowForm.Examples(withAnswers), vocab);
    }

    /**
     * {@link #scan(Configuration, TokenCodec, boolean, int)} with the rows made by {@code form}.
     *
     * @throws SkillscopeException naming the file and line when a line cannot become a row
     */
    public Scan scan(Configuration hadoop, TokenCodec codec, RowForm form, int vocab) {
        ProbeDataset.Digest digest = new ProbeDataset.Digest();
        Path label = Path.of(path);
        forEachLine(hadoop, (number, line) -> {
            Example e = parse(label, number, line, name);
            ProbeDataset.Row row;
            try {
                row = form.rows(name, List.of(e), codec).rows().get(0);
            } catch (IllegalArgumentException bad) {
                throw new SkillscopeException(path + " line " + number + ": " + bad.getMessage(), bad);
            }
            for (int id : row.tokens()) {
                if (id < 0 || id >= vocab) {
                    throw new SkillscopeException(path + " line " + number + ": " + codec + " gives id " + id
                            + ", outside the model's vocabulary [0, " + vocab + ")");
                }
            }
            digest.add(row);
        });
        if (digest.rows() == 0) {
            throw new SkillscopeException("data file " + path + " has no examples");
        }
        return new Scan(digest.rows(), digest.hex());
    }

    /** Every example of the file, in order (for jobs whose inputs are small enough for the driver). */
    public List<Example> examples(Configuration hadoop) {
        List<Example> out = new ArrayList<>();
        Path label = Path.of(path);
        forEachLine(hadoop, (number, line) -> out.add(parse(label, number, line, name)));
        if (out.isEmpty()) {
            throw new SkillscopeException("data file " + path + " has no examples");
        }
        return out;
    }

    /** One non-blank line as an example; the skill of a line without one is the corpus name. */
    static Example parse(Path label, long number, String line, String defaultSkill) {
        try {
            return Jsonl.parseLine(label, (int) number, line, FieldNames.DEFAULT, defaultSkill);
        } catch (RuntimeException e) {
            throw new SkillscopeException(e.getMessage(), e);
        }
    }

    private interface LineConsumer {
        void accept(long number, String line);
    }

    private void forEachLine(Configuration hadoop, LineConsumer each) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8.newDecoder()))) {
                String line;
                long number = 0;
                while ((line = r.readLine()) != null) {
                    number++;
                    if (number == 1 && line.startsWith("\uFEFF")) {
                        line = line.substring(1);
                    }
                    if (!line.isBlank()) {
                        each.accept(number, line);
                    }
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SkillscopeException("data file " + path + " is not UTF-8 text (save the file as UTF-8)", e);
        } catch (java.io.FileNotFoundException e) {
            throw new SkillscopeException("data file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new SkillscopeException("cannot read data file " + path + " (" + e.getMessage() + ")", e);
        }
    }
}
