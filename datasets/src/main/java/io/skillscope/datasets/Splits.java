package io.skillscope.datasets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws train, dev and test sets that never share an input.
 *
 * <p>Each skill draws from its own {@link SplittableRandom}, seeded from the seed and the skill
 * name, so a skill's examples do not depend on how many examples another skill asked for. Inputs
 * are drawn without replacement (rejection of repeats), first for train, then dev, then test. When
 * several skills are generated together, an input claimed by one split for one skill is claimed for
 * all: if {@code abc} is a test input of {@code rev}, it is no training input of {@code sort} or
 * {@code rev.sort} either (the skills are processed in the given order).
 */
public final class Splits {

    /** The random generator algorithm, recorded in the provenance. */
    public static final String GENERATOR = "java.util.SplittableRandom";

    private Splits() {}

    /** Examples of one skill; see {@link #generate(List, SplitSizes, long)}. */
    public static SkillDataset generate(Skill skill, int nTrain, int nDev, int nTest, long seed) {
        return generate(List.of(skill), new SplitSizes(nTrain, nDev, nTest), seed);
    }

    /**
     * Examples of several skills, {@code sizes} of each, with splits disjoint by input across all of
     * them. The same skills, sizes and seed always give the same data set.
     *
     * @throws IllegalArgumentException when a skill's input space is smaller than the requested
     *     total, when inputs cannot be found without too many rejections (a space nearly used up by
     *     other skills' claims), or when two skills share a name
     */
    public static SkillDataset generate(List<? extends Skill> skills, SplitSizes sizes, long seed) {
        if (skills == null || skills.isEmpty() || sizes == null) {
            throw new IllegalArgumentException("Splits.generate needs at least one skill and the split sizes");
        }
        Set<String> names = new HashSet<>();
        Map<String, Split> claimedBy = new HashMap<>();
        Map<Split, List<Example>> parts = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            parts.put(split, new ArrayList<>());
        }
        for (Skill skill : skills) {
            if (!names.add(skill.name())) {
                throw new IllegalArgumentException("skill \"" + skill.name() + "\" is listed twice");
            }
            long space = skill.inputSpaceSize();
            if (space < sizes.total()) {
                throw new IllegalArgumentException("skill " + skill.name() + " has only " + space
                        + " distinct inputs but " + sizes.total() + " were requested (train " + sizes.train()
                        + ", dev " + sizes.dev() + ", test " + sizes.test() + "); ask for fewer examples or widen"
                        + " the input space");
            }
            SplittableRandom rng = new SplittableRandom(
                    seed ^ (0x9E3779B97F4A7C15L * skill.name().hashCode()));
            Set<String> used = new HashSet<>();
            for (Split split : Split.values()) {
                int wanted = sizes.get(split);
                long maxDraws = 100L * wanted + 100_000L;
                long draws = 0;
                int got = 0;
                while (got < wanted) {
                    if (++draws > maxDraws) {
                        throw new IllegalArgumentException("skill " + skill.name() + ": found only " + got + " of "
                                + wanted + " new " + split.fileName() + " inputs in " + maxDraws + " draws; its "
                                + space + " inputs are nearly used up (by this skill or by other splits' claims)");
                    }
                    String input = skill.sampleInput(rng);
                    Split owner = claimedBy.get(input);
                    if ((owner != null && owner != split) || !used.add(input)) {
                        continue;
                    }
                    claimedBy.putIfAbsent(input, split);
                    parts.get(split).add(skill.example(input));
                    got++;
                }
            }
        }
        List<Example> train = parts.get(Split.TRAIN);
        List<Example> dev = parts.get(Split.DEV);
        List<Example> test = parts.get(Split.TEST);
        SkillDataset.Provenance provenance = new SkillDataset.Provenance(
                skills.stream().map(Skill::name).toList(), sizes, seed, GENERATOR, contentHash(train, dev, test));
        return new SkillDataset(train, dev, test, provenance);
    }

    /**
     * The SHA-256, in lowercase hex, of the splits: for each split its name and a newline, then one
     * line per example, {@code prompt \0 answer \0 skill \n}, in UTF-8.
     */
    public static String contentHash(List<Example> train, List<Example> dev, List<Example> test) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<List<Example>> lists = List.of(train, dev, test);
            for (Split split : Split.values()) {
                digest.update((split.fileName() + "\n").getBytes(StandardCharsets.UTF_8));
                for (Example e : lists.get(split.ordinal())) {
                    digest.update((e.prompt() + '\0' + e.answer() + '\0' + e.skill() + '\n')
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
