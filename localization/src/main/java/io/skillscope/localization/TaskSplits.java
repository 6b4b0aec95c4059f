package io.skillscope.localization;

import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.Splits;
import io.skillscope.lab.LabData;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * The train, dev and test examples of a localization task, as text, with a line saying where they came
 * from: a shuffled JSONL file, the splits a fine-tuned model's {@code recipe.json} drew (so that test items
 * are never its training data), or a skill generated with a seed. {@link #encode} turns them into a
 * {@link TaskData}.
 *
 * @param train the training examples
 * @param dev the dev examples
 * @param test the test examples
 * @param source where they came from, e.g. {@code "generated: skill mul, seed 99"}
 */
public record TaskSplits(List<Example> train, List<Example> dev, List<Example> test, String source) {
    /** Copies the lists. */
    public TaskSplits {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        if (source == null) {
            throw new LocalizationException("TaskSplits needs a source");
        }
    }

    /**
     * The examples of a file, shuffled with a seed and cut into the first nTrain, the next nDev and the
     * next nTest.
     *
     * @param file the file they were read from (named in the source and errors)
     * @param examples its examples, in file order
     * @param seed the shuffle's seed ({@link Collections#shuffle(List, Random)} with {@code new Random(seed)})
     * @param nTrain training items
     * @param nDev dev items
     * @param nTest test items
     * @return the splits
     * @throws LocalizationException when the file has fewer than nTrain + nDev + nTest examples
     */
    public static TaskSplits shuffled(Path file, List<Example> examples, long seed, int nTrain, int nDev, int nTest) {
        List<Example> all = new ArrayList<>(examples);
        Collections.shuffle(all, new Random(seed));
        if (all.size() < nTrain + nDev + nTest) {
            throw new LocalizationException("data file " + file + " has " + all.size() + " examples, fewer than train "
                    + nTrain + " + dev " + nDev + " + test " + nTest);
        }
        return new TaskSplits(
                all.subList(0, nTrain),
                all.subList(nTrain, nTrain + nDev),
                all.subList(nTrain + nDev, nTrain + nDev + nTest),
                "file " + file + ", shuffled with seed " + seed);
    }

    /**
     * The first nTrain/nDev/nTest examples of a skill in the splits that a fine-tuned model's
     * {@code recipe.json} drew, when the recipe trained on the skill from generated data.
     *
     * @param skill the skill
     * @param finetuned the fine-tuned model's folder
     * @param nTrain at most this many training items
     * @param nDev at most this many dev items
     * @param nTest at most this many test items
     * @return the splits, or empty when the folder has no recipe, or its recipe read a data file or did not
     *     train the skill
     */
    public static Optional<TaskSplits> fromRecipe(Skill skill, Path finetuned, int nTrain, int nDev, int nTest) {
        Path recipeFile = finetuned.resolve(SkillLab.RECIPE_FILE);
        if (!Files.isRegularFile(recipeFile)) {
            return Optional.empty();
        }
        Recipe recipe = Recipe.load(recipeFile);
        if (recipe.dataFile() != null || !recipe.skills().contains(skill.name())) {
            return Optional.empty();
        }
        LabData lab = LabData.forSkills(recipe, List.of(skill.name()), recipe.suite());
        return Optional.of(new TaskSplits(
                first(lab.train(), skill, nTrain),
                first(lab.dev(), skill, nDev),
                first(lab.test(), skill, nTest),
                "the splits of " + recipeFile + " (data seed " + recipe.dataSeed() + "), first " + nTrain + "/" + nDev
                        + "/" + nTest));
    }

    /**
     * Freshly generated splits of a skill ({@link Splits#generate}).
     *
     * @param skill the skill
     * @param nTrain training items
     * @param nDev dev items
     * @param nTest test items
     * @param seed the generator's seed
     * @return the splits
     * @throws IllegalArgumentException when the skill cannot supply that many distinct items
     */
    public static TaskSplits generated(Skill skill, int nTrain, int nDev, int nTest, long seed) {
        SkillDataset ds = Splits.generate(skill, nTrain, nDev, nTest, seed);
        return new TaskSplits(ds.train(), ds.dev(), ds.test(), "generated: skill " + skill.name() + ", seed " + seed);
    }

    private static List<Example> first(List<Example> split, Skill skill, int n) {
        return split.stream()
                .filter(e -> e.skill().equals(skill.name()))
                .limit(n)
                .toList();
    }

    /**
     * The task as token ids.
     *
     * @param name the task name
     * @param item one example as ids: the prompt as the model reads it, the answer ending with the end token
     * @param padId the padding id
     * @param eosId the end token
     * @return the task
     */
    public TaskData encode(String name, Function<Example, TaskData.Item> item, int padId, int eosId) {
        return new TaskData(name, items(train, item), items(dev, item), items(test, item), padId, eosId);
    }

    private static List<TaskData.Item> items(List<Example> examples, Function<Example, TaskData.Item> item) {
        List<TaskData.Item> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            out.add(item.apply(e));
        }
        return out;
    }

    @Override
    public String toString() {
        return "TaskSplits[" + train.size() + "/" + dev.size() + "/" + test.size() + ", " + source + "]";
    }
}
