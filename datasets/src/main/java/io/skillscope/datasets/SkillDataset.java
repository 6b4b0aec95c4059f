package io.skillscope.datasets;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Train, dev and test examples drawn by {@link Splits}, with the provenance that regenerates them.
 *
 * @param train the training examples
 * @param dev the development examples
 * @param test the test examples
 * @param provenance the skills, sizes, seed and content hash
 */
public record SkillDataset(List<Example> train, List<Example> dev, List<Example> test, Provenance provenance) {

    /** Name of the provenance file {@link #write} puts beside the JSONL files. */
    public static final String PROVENANCE_FILE = "dataset.json";

    /** Copies the lists and checks that nothing is null. */
    public SkillDataset {
        if (train == null || dev == null || test == null || provenance == null) {
            throw new IllegalArgumentException("SkillDataset parts must not be null");
        }
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    /**
     * Where a data set came from.
     *
     * @param skills the skill names, in generation order
     * @param sizes the split sizes per skill
     * @param seed the seed
     * @param generator the random generator algorithm, {@code java.util.SplittableRandom}
     * @param sha256 the SHA-256 of the examples (see {@link Splits#contentHash})
     */
    public record Provenance(List<String> skills, SplitSizes sizes, long seed, String generator, String sha256) {

        /** Copies the skill list and checks that nothing is null. */
        public Provenance {
            if (skills == null || sizes == null || generator == null || sha256 == null) {
                throw new IllegalArgumentException("Provenance fields must not be null");
            }
            skills = List.copyOf(skills);
        }

        /** The provenance as pretty-printed JSON. */
        public String toJson() {
            JsonObject json = new JsonObject();
            JsonArray names = new JsonArray();
            skills.forEach(names::add);
            json.add("skills", names);
            JsonObject sizesJson = new JsonObject();
            for (Split split : Split.values()) {
                sizesJson.addProperty(split.fileName(), sizes.get(split));
            }
            json.add("sizesPerSkill", sizesJson);
            json.addProperty("seed", seed);
            json.addProperty("generator", generator);
            json.addProperty("disjointBy", "input");
            json.addProperty("sha256", sha256);
            Gson gson =
                    new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
            return gson.toJson(json);
        }
    }

    /** The examples of one split. */
    public List<Example> get(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /**
     * Writes {@code train.jsonl}, {@code dev.jsonl}, {@code test.jsonl} and {@value #PROVENANCE_FILE}
     * into {@code directory} (created if missing), each file atomically.
     */
    public void write(Path directory, FieldNames fields) {
        for (Split split : Split.values()) {
            Jsonl.write(directory.resolve(split.fileName() + ".jsonl"), get(split), fields);
        }
        AtomicFiles.writeString(directory.resolve(PROVENANCE_FILE), provenance.toJson() + "\n");
    }

    /** All examples, train then dev then test. */
    public List<Example> all() {
        List<Example> all = new ArrayList<>(train.size() + dev.size() + test.size());
        all.addAll(train);
        all.addAll(dev);
        all.addAll(test);
        return all;
    }

    @Override
    public String toString() {
        return "SkillDataset[skills=" + String.join(",", provenance.skills()) + ", train=" + train.size() + ", dev="
                + dev.size() + ", test=" + test.size() + ", seed=" + provenance.seed() + ", sha256="
                + provenance.sha256().substring(0, 12) + "…]";
    }
}
