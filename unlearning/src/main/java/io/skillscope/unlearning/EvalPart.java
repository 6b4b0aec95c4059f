package io.skillscope.unlearning;

import io.skillscope.datasets.Example;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.Outcome;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One named data set of an unlearning experiment (the forget set or one retain set), split three ways:
 * {@code train} to fit the method (probe statistics), {@code dev} to calibrate it (KSD's h), {@code test}
 * to measure accuracy before and after. Scored by exact match: through the skills' evaluators for
 * skill data, by equality with the answer (and an end token) for JSONL data.
 *
 * @param name the set's name in reports
 * @param train examples to fit on
 * @param dev examples to calibrate on
 * @param test examples to evaluate on
 * @param scorer the exact-match verdict of a generation
 * @param maxNewTokens generation limit (longest answer plus the end token)
 * @param source where the data came from (skills and seed, or a file and its hash)
 */
public record EvalPart(
        String name,
        List<Example> train,
        List<Example> dev,
        List<Example> test,
        Scorer scorer,
        int maxNewTokens,
        String source) {

    /** The verdict on one generation. */
    @FunctionalInterface
    public interface Scorer {
        Outcome score(Example example, String generated, boolean sawEndToken);
    }

    public EvalPart {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("EvalPart.name must not be blank");
        }
        if (test.isEmpty()) {
            throw new IllegalArgumentException("EvalPart '" + name + "' has no test examples");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException(
                    "EvalPart '" + name + "': maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    /**
     * Generated examples of one or more skills of a suite, {@code sizes} of each skill, as one set
     * (e.g. {@code arithmetic} = add, sub, mul).
     */
    public static EvalPart ofSkills(String name, SkillSuite suite, List<String> skills, SplitSizes sizes, long seed) {
        List<Skill> list = new ArrayList<>();
        int maxAnswer = 0;
        for (String s : skills) {
            Skill skill = suite.get(s);
            list.add(skill);
            maxAnswer = Math.max(maxAnswer, skill.maxAnswerLength());
        }
        SkillDataset ds = Splits.generate(list, sizes, seed);
        return new EvalPart(
                name,
                ds.train(),
                ds.dev(),
                ds.test(),
                suite::score,
                maxAnswer + 1,
                "skills " + skills + ", " + sizes + ", seed " + seed + ", sha256 "
                        + ds.provenance().sha256());
    }

    /**
     * A JSONL file ({@code prompt}, {@code answer}, optional {@code skill}) shuffled with the seed and
     * split by fractions; scored by exact equality with the answer, end token required; generation stops
     * after {@link #jsonlGenerationLimit} new tokens.
     */
    public static EvalPart ofJsonl(Path file, double trainFraction, double devFraction, long seed) {
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        List<Example> all = new ArrayList<>(Jsonl.read(file, io.skillscope.datasets.FieldNames.DEFAULT, name));
        return ofJsonl(file, name, all, trainFraction, devFraction, seed, jsonlGenerationLimit(all));
    }

    /**
     * {@link #ofJsonl(Path, double, double, long)} with a generation limit of the caller's choosing
     * instead of {@link #jsonlGenerationLimit}.
     *
     * @param maxNewTokens new tokens per generation, at least 1
     */
    public static EvalPart ofJsonl(Path file, double trainFraction, double devFraction, long seed, int maxNewTokens) {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens + " for " + file);
        }
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        List<Example> all = new ArrayList<>(Jsonl.read(file, io.skillscope.datasets.FieldNames.DEFAULT, name));
        return ofJsonl(file, name, all, trainFraction, devFraction, seed, maxNewTokens);
    }

    /**
     * The generation limit of a JSONL set: the longest answer's UTF-8 bytes, plus one for the end token,
     * plus one for a lone word-start piece ("▁") that a SentencePiece decoder may strip from the front.
     * Exact match needs the answer's text and then the end token; every other token of a byte-level BPE,
     * a SentencePiece model with byte fallback or a character tokenizer decodes to at least one byte, so no
     * correct generation is longer, and any longer one is scored wrong at whatever length it stops. A
     * fixed limit of 64 made every evaluation run 64 decode steps with a KV cache of 64 more positions for
     * answers of a few tokens (the peak of {@code unlearn na} on Pythia-410M), and cut answers longer
     * than 64 tokens that could have been right.
     *
     * @param examples every example of the file
     * @return the limit, at least 1
     */
    public static int jsonlGenerationLimit(List<Example> examples) {
        int bytes = 0;
        for (Example e : examples) {
            bytes = Math.max(bytes, e.answer().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        return bytes + 2;
    }

    private static EvalPart ofJsonl(
            Path file,
            String name,
            List<Example> all,
            double trainFraction,
            double devFraction,
            long seed,
            int maxNewTokens) {
        Collections.shuffle(all, new java.util.Random(new SplittableRandom(seed).nextLong()));
        int nTrain = (int) Math.round(all.size() * trainFraction);
        int nDev = (int) Math.round(all.size() * devFraction);
        if (nTrain + nDev >= all.size()) {
            throw new IllegalArgumentException(file + ": " + all.size()
                    + " examples leave no test split with fractions " + trainFraction + " / " + devFraction);
        }
        return new EvalPart(
                name,
                all.subList(0, nTrain),
                all.subList(nTrain, nTrain + nDev),
                all.subList(nTrain + nDev, all.size()),
                EvalPart::exactMatch,
                maxNewTokens,
                "file " + file + ", sha256 " + io.skillscope.core.checkpoint.Hashing.sha256(file) + ", seed " + seed);
    }

    /** Exact match: the generation ended with the end token and equals the answer. */
    public static Outcome exactMatch(Example e, String generated, boolean sawEndToken) {
        if (!sawEndToken) {
            return Outcome.UNPARSEABLE;
        }
        return generated.equals(e.answer()) ? Outcome.CORRECT : Outcome.WRONG;
    }

    /**
     * A set from a command-line word: an existing {@code .jsonl} file, else skill names of the suite
     * joined by {@code +} (the set is named after the word).
     */
    public static EvalPart parse(String spec, SkillSuite suite, SplitSizes sizes, long seed) {
        Path p = Path.of(spec);
        if (spec.endsWith(".jsonl") || Files.isRegularFile(p)) {
            double total = sizes.total();
            return ofJsonl(p, sizes.train() / total, sizes.dev() / total, seed);
        }
        return ofSkills(spec, suite, List.of(spec.split("\\+")), sizes, seed + spec.hashCode());
    }

    /** The test prompts. */
    public List<String> testPrompts() {
        return test.stream().map(Example::prompt).toList();
    }

    /** The dev prompts. */
    public List<String> devPrompts() {
        return dev.stream().map(Example::prompt).toList();
    }

    @Override
    public String toString() {
        return "EvalPart[" + name + ": " + train.size() + " train, " + dev.size() + " dev, " + test.size() + " test]";
    }
}
