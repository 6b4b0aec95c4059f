package io.skillscope.datasets;

import java.util.random.RandomGenerator;

/**
 * How a string input is drawn: both styles reach every string of the {@link StringSpace}, only the
 * distribution differs.
 */
public enum InputStyle {
    /** A length uniform in [min, max], then each character uniform over the alphabet. */
    UNIFORM,
    /**
     * A length uniform in [min, max], then runs of one character uniform over the alphabet, each run
     * 1–3 characters long (cut at the length), so that adjacent repeats are common. Used by skills
     * such as collapse-repeats that are the identity on most uniform strings.
     */
    RUNS;

    /** Draws one string of {@code space} in this style. */
    public String sample(StringSpace space, RandomGenerator rng) {
        int length = space.minLength() + rng.nextInt(space.maxLength() - space.minLength() + 1);
        Alphabet alphabet = space.alphabet();
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            char c = alphabet.charAt(rng.nextInt(alphabet.size()));
            int run = this == UNIFORM ? 1 : 1 + rng.nextInt(3);
            for (int i = 0; i < run && sb.length() < length; i++) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
