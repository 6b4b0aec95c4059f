package io.skillscope.localization;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a localization task's train, dev and test examples were drawn, recorded as {@code data.draw} in
 * {@code skillscope localize}'s {@code result.json} so that another command (the grafts of
 * {@code skillscope overlap}) draws the same test split and its accuracies compare with localize's own.
 * Paths are absolute; a data file is recorded with its SHA-256 and refused when it has changed since.
 *
 * @param kind which of the three draws of {@link TaskSplits}
 * @param skill the skill's name ({@link Kind#RECIPE}, {@link Kind#GENERATED}); null for a file
 * @param file the JSONL file ({@link Kind#FILE}), absolute; null otherwise
 * @param fileSha256 the file's SHA-256 ({@link Kind#FILE}); null otherwise
 * @param seed the generator's seed or the file's shuffle seed (0 for {@link Kind#RECIPE}, whose recipe
 *     holds its own)
 * @param finetuned the fine-tuned model whose {@code recipe.json} drew the splits ({@link Kind#RECIPE}),
 *     absolute; null otherwise
 * @param nTrain training items asked for
 * @param nDev dev items asked for
 * @param nTest test items asked for
 */
public record TaskDraw(
        Kind kind,
        String skill,
        Path file,
        String fileSha256,
        long seed,
        Path finetuned,
        int nTrain,
        int nDev,
        int nTest) {

    /** The draws of {@link TaskSplits}: its three factories. */
    public enum Kind {
        /** {@link TaskSplits#fromRecipe}: the splits a fine-tuned model's recipe drew. */
        RECIPE,
        /** {@link TaskSplits#generated}: a skill generated with a seed. */
        GENERATED,
        /** {@link TaskSplits#shuffled}: a JSONL file shuffled with a seed. */
        FILE;

        /** The word in {@code result.json}: {@code recipe}, {@code generated}, {@code file}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks that each kind has its fields and makes paths absolute. */
    public TaskDraw {
        if (kind == null) {
            throw new LocalizationException("a task draw needs a kind");
        }
        if (nTrain < 0 || nDev < 0 || nTest < 0) {
            throw new LocalizationException("a task draw needs counts >= 0, got " + nTrain + "/" + nDev + "/" + nTest);
        }
        switch (kind) {
            case RECIPE, GENERATED -> {
                if (skill == null || skill.isBlank()) {
                    throw new LocalizationException("a " + kind.wire() + " task draw needs a skill");
                }
                if (kind == Kind.RECIPE && finetuned == null) {
                    throw new LocalizationException("a recipe task draw needs the fine-tuned model's folder");
                }
            }
            case FILE -> {
                if (file == null || fileSha256 == null) {
                    throw new LocalizationException("a file task draw needs the file and its SHA-256");
                }
            }
        }
        file = file == null ? null : file.toAbsolutePath().normalize();
        finetuned = finetuned == null ? null : finetuned.toAbsolutePath().normalize();
    }

    /** The splits of {@code finetuned}'s recipe for a skill. */
    public static TaskDraw recipe(String skill, Path finetuned, int nTrain, int nDev, int nTest) {
        return new TaskDraw(Kind.RECIPE, skill, null, null, 0, finetuned, nTrain, nDev, nTest);
    }

    /** A skill generated with a seed. */
    public static TaskDraw generated(String skill, long seed, int nTrain, int nDev, int nTest) {
        return new TaskDraw(Kind.GENERATED, skill, null, null, seed, null, nTrain, nDev, nTest);
    }

    /** A JSONL file shuffled with a seed; hashes the file now. */
    public static TaskDraw file(Path file, long seed, int nTrain, int nDev, int nTest) {
        return new TaskDraw(Kind.FILE, null, file, Hashing.sha256(file), seed, null, nTrain, nDev, nTest);
    }

    /**
     * Draws the splits again.
     *
     * @param suite the suite that names the skill
     * @param reader reads a JSONL file's examples (the command line's reader, which names file and line)
     * @return the splits
     * @throws LocalizationException when the file is gone or changed, or the recipe no longer draws the skill
     */
    public TaskSplits splits(SkillSuite suite, Function<Path, List<Example>> reader) {
        return switch (kind) {
            case FILE -> {
                if (!Files.isRegularFile(file)) {
                    throw new LocalizationException("data file " + file + " no longer exists");
                }
                String now = Hashing.sha256(file);
                if (!now.equals(fileSha256)) {
                    throw new LocalizationException(
                            "data file " + file + " has changed: SHA-256 " + now + ", recorded " + fileSha256);
                }
                yield TaskSplits.shuffled(file, reader.apply(file), seed, nTrain, nDev, nTest);
            }
            case GENERATED -> TaskSplits.generated(suite.get(skill), nTrain, nDev, nTest, seed);
            case RECIPE ->
                TaskSplits.fromRecipe(suite.get(skill), finetuned, nTrain, nDev, nTest)
                        .orElseThrow(() -> new LocalizationException("the recipe of " + finetuned
                                + " no longer draws skill " + skill + " from generated data"));
        };
    }

    /** {@code {"kind", "skill" | "file" + "file_sha256", "seed", "finetuned", "train", "dev", "test"}}. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("kind", kind.wire());
        if (skill != null) {
            j.addProperty("skill", skill);
        }
        if (file != null) {
            j.addProperty("file", file.toString());
            j.addProperty("file_sha256", fileSha256);
        }
        if (finetuned != null) {
            j.addProperty("finetuned", finetuned.toString());
        }
        j.addProperty("seed", seed);
        j.addProperty("train", nTrain);
        j.addProperty("dev", nDev);
        j.addProperty("test", nTest);
        return j;
    }

    /**
     * Reads {@link #toJson()}.
     *
     * @param j the object
     * @param where the file and field it came from, named in errors
     * @return the draw
     * @throws LocalizationException naming {@code where} and the field when one is missing or wrong
     */
    public static TaskDraw fromJson(JsonObject j, String where) {
        String k = string(j, "kind", where);
        Kind kind;
        try {
            kind = Kind.valueOf(k.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LocalizationException(where + ".kind: '" + k + "' is not recipe, generated or file");
        }
        String file = j.has("file") ? string(j, "file", where) : null;
        String ft = j.has("finetuned") ? string(j, "finetuned", where) : null;
        try {
            return new TaskDraw(
                    kind,
                    j.has("skill") ? string(j, "skill", where) : null,
                    file == null ? null : Path.of(file),
                    j.has("file_sha256") ? string(j, "file_sha256", where) : null,
                    number(j, "seed", where).longValue(),
                    ft == null ? null : Path.of(ft),
                    number(j, "train", where).intValue(),
                    number(j, "dev", where).intValue(),
                    number(j, "test", where).intValue());
        } catch (LocalizationException e) {
            throw new LocalizationException(where + ": " + e.getMessage());
        }
    }

    private static String string(JsonObject j, String field, String where) {
        JsonElement e = j.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new LocalizationException(where + "." + field + ": missing or not a string");
        }
        return e.getAsString();
    }

    private static Number number(JsonObject j, String field, String where) {
        JsonElement e = j.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new LocalizationException(where + "." + field + ": missing or not a number");
        }
        return e.getAsNumber();
    }
}
