package io.skillscope.datasets;

import java.util.random.RandomGenerator;

/**
 * A skill as data: a named, seeded generator of examples with an exact-match evaluator.
 *
 * <p>Every example comes from an <em>input</em>, the part of the prompt that varies: {@code abc} for
 * {@code rev(abc)=}, {@code abc,de} for {@code itl(abc,de)=}, {@code 12+34} for {@code 12+34=}.
 * {@link Splits} keeps train, dev and test disjoint by input.
 *
 * <p>The evaluator distinguishes a wrong answer from one that cannot be an answer of the skill at
 * all ({@link #parseable}); see {@link #score}.
 */
public interface Skill {

    /** The skill's name, as stored in {@link Example#skill()}, e.g. {@code rev}, {@code rev.sort}, {@code add}. */
    String name();

    /** Draws one input from the skill's documented input distribution. */
    String sampleInput(RandomGenerator rng);

    /**
     * The example for one input.
     *
     * @throws IllegalArgumentException if the input is not in the skill's input space
     */
    Example example(String input);

    /** The number of distinct inputs, saturating at {@link Long#MAX_VALUE}. */
    long inputSpaceSize();

    /** Whether {@code text} has the form of some answer of this skill (alphabet, length, integer syntax). */
    boolean parseable(String text);

    /**
     * The longest answer the skill can produce; a generation that runs past it without an end token
     * can be cut off there.
     */
    int maxAnswerLength();

    /** Draws one example: {@code example(sampleInput(rng))}. */
    default Example sample(RandomGenerator rng) {
        return example(sampleInput(rng));
    }

    /**
     * Scores a model's generation for {@code example} by exact match.
     *
     * <p>{@link Outcome#UNPARSEABLE} when the model never emitted the end token (runaway generation)
     * or the text is not {@linkplain #parseable parseable}; otherwise {@link Outcome#CORRECT} when
     * it equals the answer exactly and {@link Outcome#WRONG} when not. No trimming or case folding is
     * applied.
     *
     * @param example the example that was prompted; its skill must be this skill
     * @param generated the text generated after the prompt, without the end token
     * @param sawEndToken whether generation stopped at the end token
     * @throws IllegalArgumentException if the example belongs to another skill
     */
    default Outcome score(Example example, String generated, boolean sawEndToken) {
        if (!example.skill().equals(name())) {
            throw new IllegalArgumentException("cannot score an example of skill \"" + example.skill()
                    + "\" with skill \"" + name() + "\" (prompt \"" + example.prompt() + "\")");
        }
        if (generated == null || !sawEndToken) {
            return Outcome.UNPARSEABLE;
        }
        if (generated.equals(example.answer())) {
            return Outcome.CORRECT;
        }
        return parseable(generated) ? Outcome.WRONG : Outcome.UNPARSEABLE;
    }
}
