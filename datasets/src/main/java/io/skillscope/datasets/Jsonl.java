package io.skillscope.datasets;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.skillscope.core.checkpoint.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes examples as JSON Lines: one JSON object per line, e.g.
 * {@code {"prompt":"rev(abc)=","answer":"cba","skill":"rev"}}.
 *
 * <p>Reading is strict JSON (no comments, no unquoted strings); blank lines are skipped; fields other
 * than the three named ones are ignored. The prompt must be a non-empty string, the answer a string
 * (possibly empty), the skill a non-blank string. Every problem is reported as a
 * {@link DatasetFormatException} naming the file and the 1-based line.
 */
public final class Jsonl {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Jsonl() {}

    /** Reads the examples of {@code file} with the default field names. */
    public static List<Example> read(Path file) {
        return read(file, FieldNames.DEFAULT);
    }

    /**
     * Reads the examples of {@code file}; every line must have the three fields.
     *
     * @throws DatasetFormatException on the first malformed line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<Example> read(Path file, FieldNames fields) {
        return read(file, fields, null);
    }

    /**
     * Reads the examples of {@code file}, using {@code defaultSkill} for lines without the skill
     * field (user forget/retain sets often have none).
     *
     * @param defaultSkill the skill of lines without a skill field, or null to require the field
     * @throws DatasetFormatException on the first malformed line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<Example> read(Path file, FieldNames fields, String defaultSkill) {
        List<Example> examples = new ArrayList<>();
        for (Row row : readNumbered(file, fields, defaultSkill)) {
            examples.add(row.example());
        }
        return examples;
    }

    /**
     * One example and the 1-based line it came from.
     *
     * @param line its line in the file
     * @param example the example
     */
    public record Row(int line, Example example) {}

    /**
     * Reads the examples of {@code file} with their line numbers, as {@link #read(Path, FieldNames, String)}
     * does.
     *
     * @param defaultSkill the skill of lines without a skill field, or null to require the field
     * @throws DatasetFormatException on the first malformed line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<Row> readNumbered(Path file, FieldNames fields, String defaultSkill) {
        List<Row> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (!line.isBlank()) {
                    examples.add(new Row(number, parseLine(file, number, line, fields, defaultSkill)));
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetFormatException(
                    file, firstMalformedLine(file), "not UTF-8 text (save the file as UTF-8)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        return examples;
    }

    /**
     * The 1-based number of the first line that is not valid UTF-8 (the reader decodes ahead of the
     * line it returns, so its failure does not say which line). Reads the bytes once, a line at a time.
     */
    private static int firstMalformedLine(Path file) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        decoder.reset().decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
                    } catch (java.nio.charset.CharacterCodingException bad) {
                        return number;
                    }
                    if (b < 0) {
                        return number;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * One line of a JSONL file as an example, checked as {@link #read(Path, FieldNames, String)} checks it
     * (for readers that get the file's lines elsewhere, such as a distributed job reading its split).
     *
     * @param file names the file in errors (it is not read)
     * @param number the 1-based line number, for errors
     * @param line the line's text (not blank)
     * @param fields the field names
     * @param defaultSkill the skill of a line without a skill field, or null to require the field
     * @return the example
     * @throws DatasetFormatException naming the file, line and field when the line is malformed
     */
    public static Example parseLine(Path file, int number, String line, FieldNames fields, String defaultSkill) {
        JsonElement element;
        try {
            JsonReader reader = new JsonReader(new StringReader(line));
            reader.setStrictness(Strictness.STRICT);
            element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected text after the JSON value");
            }
        } catch (JsonParseException | IOException e) {
            throw new DatasetFormatException(file, number, "malformed JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new DatasetFormatException(file, number, "expected a JSON object, found " + abbreviate(line), null);
        }
        JsonObject object = element.getAsJsonObject();
        String prompt = stringField(file, number, object, fields.prompt(), null);
        String answer = stringField(file, number, object, fields.answer(), null);
        String skill = stringField(file, number, object, fields.skill(), defaultSkill);
        if (prompt.isEmpty()) {
            throw new DatasetFormatException(file, number, "field \"" + fields.prompt() + "\" is empty", null);
        }
        if (skill.isBlank()) {
            throw new DatasetFormatException(file, number, "field \"" + fields.skill() + "\" is blank", null);
        }
        return new Example(prompt, answer, skill);
    }

    private static String stringField(Path file, int number, JsonObject object, String name, String fallback) {
        JsonElement value = object.get(name);
        if (value == null) {
            if (fallback != null) {
                return fallback;
            }
            throw new DatasetFormatException(
                    file, number, "missing field \"" + name + "\" (fields present: " + object.keySet() + ")", null);
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new DatasetFormatException(
                    file, number, "field \"" + name + "\" must be a string, was " + abbreviate(value.toString()), null);
        }
        return value.getAsString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /**
     * Writes {@code examples} to {@code file}, one object per line with the three named fields in
     * prompt, answer, skill order; atomically (temporary file, then rename), creating parent
     * directories.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, List<Example> examples, FieldNames fields) {
        StringBuilder sb = new StringBuilder();
        for (Example e : examples) {
            JsonObject object = new JsonObject();
            object.addProperty(fields.prompt(), e.prompt());
            object.addProperty(fields.answer(), e.answer());
            object.addProperty(fields.skill(), e.skill());
            sb.append(GSON.toJson(object)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** {@link #write(Path, List, FieldNames)} with the default field names. */
    public static void write(Path file, List<Example> examples) {
        write(file, examples, FieldNames.DEFAULT);
    }
}
