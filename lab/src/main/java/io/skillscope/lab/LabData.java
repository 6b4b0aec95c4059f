package io.skillscope.lab;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.train.Sequence;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Split;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The examples of a recipe and their token form.
 *
 * <p>Skills that share split sizes are drawn in one {@link Splits#generate} call, so their splits are
 * disjoint by input across skills too (a test input of {@code rev} is no training input of
 * {@code sort}); a skill with its own sizes (a small input space such as {@code mul}) is drawn alone.
 *
 * @param train training examples, in generation order
 * @param dev development examples
 * @param test test examples
 * @param sha256 the content hash of the data (for {@code recipe.json})
 */
public record LabData(List<Example> train, List<Example> dev, List<Example> test, String sha256) {

    public LabData {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    /** The recipe's data: generated from its skills, or its JSONL file as the training set. */
    public static LabData of(Recipe recipe, SkillSuite suite) {
        if (recipe.dataFile() != null) {
            Path file = Path.of(recipe.dataFile());
            List<Example> rows = Jsonl.read(file);
            if (rows.isEmpty()) {
                throw new SkillscopeException("recipe dataFile " + file + " has no examples");
            }
            return new LabData(rows, List.of(), List.of(), Hashing.sha256(file));
        }
        return generate(recipe.skills(), recipe::sizesOf, recipe.dataSeed(), suite);
    }

    /**
     * Generated splits of the named skills: {@code sizes} per skill, skills with equal sizes drawn
     * together (disjoint by input across them), with {@link Splits}' seed {@code dataSeed}.
     */
    public static LabData generate(
            List<String> skills, Function<String, SplitSizes> sizes, long dataSeed, SkillSuite suite) {
        Map<SplitSizes, List<Skill>> groups = new LinkedHashMap<>();
        for (String name : skills) {
            groups.computeIfAbsent(sizes.apply(name), k -> new ArrayList<>()).add(suite.get(name));
        }
        List<Example> train = new ArrayList<>();
        List<Example> dev = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (Map.Entry<SplitSizes, List<Skill>> g : groups.entrySet()) {
            SkillDataset d = Splits.generate(g.getValue(), g.getKey(), dataSeed);
            train.addAll(d.train());
            dev.addAll(d.dev());
            test.addAll(d.test());
        }
        return new LabData(train, dev, test, Splits.contentHash(train, dev, test));
    }

    /**
     * The splits to evaluate {@code skills} on for a model trained by {@code recipe}: the recipe's own
     * splits when it trained on all of them (so a test split is never training data), else the same
     * sizes and data seed over the requested skills alone (skills the model never trained on).
     */
    public static LabData forSkills(Recipe recipe, List<String> skills, SkillSuite suite) {
        if (recipe.dataFile() == null && recipe.skills().containsAll(skills)) {
            return of(recipe, suite);
        }
        return generate(skills, recipe::sizesOf, recipe.dataSeed(), suite);
    }

    /** The examples of one split. */
    public List<Example> split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** The held-out test examples of one skill. */
    public List<Example> testOf(String skill) {
        return test.stream().filter(e -> e.skill().equals(skill)).toList();
    }

    /**
     * The training sequence of an example: {@code [bos] + prompt + answer + [eos]}, scored from the
     * first answer token (or the end token, for an empty answer).
     */
    public static Sequence sequence(CharTokenizer tok, Example e) {
        int[] p = tok.encode(e.prompt());
        int[] a = tok.encode(e.answer());
        int[] t = new int[p.length + a.length + 2];
        t[0] = tok.bosId();
        System.arraycopy(p, 0, t, 1, p.length);
        System.arraycopy(a, 0, t, 1 + p.length, a.length);
        t[t.length - 1] = tok.eosId();
        return new Sequence(t, 1 + p.length);
    }

    /** The generation prompt of an example: {@code [bos] + prompt}. */
    public static int[] prompt(CharTokenizer tok, Example e) {
        int[] p = tok.encode(e.prompt());
        int[] t = new int[p.length + 1];
        t[0] = tok.bosId();
        System.arraycopy(p, 0, t, 1, p.length);
        return t;
    }

    @Override
    public String toString() {
        return "LabData[train " + train.size() + ", dev " + dev.size() + ", test " + test.size() + ", sha256 "
                + sha256.substring(0, 12) + "…]";
    }
}
