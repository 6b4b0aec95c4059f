package io.skillscope.datasets;

import java.util.random.RandomGenerator;

/**
 * {@code itl}: the binary string skill that interleaves two strings,
 * {@code a[0] b[0] a[1] b[1] ...} followed by the rest of the longer one.
 *
 * <p>Prompt {@code itl(abc,de)=}, answer {@code adbec}; the input is {@code abc,de}. Both strings are
 * drawn independently and uniformly from the input space. Interlace is not a unary function, so it
 * does not take part in compositions.
 */
public final class Interlace implements Skill {

    /** The skill name. */
    public static final String NAME = "itl";

    private final StringSpace inputs;

    /**
     * Creates the skill.
     *
     * @param inputs the space each of the two strings is drawn from; its alphabet must not contain {@code ,}
     */
    public Interlace(StringSpace inputs) {
        if (inputs == null || inputs.minLength() < 1 || inputs.alphabet().contains(',')) {
            throw new IllegalArgumentException(
                    "Interlace needs an input space of non-empty strings without ','" + ", was " + inputs);
        }
        this.inputs = inputs;
    }

    /** The space each of the two strings is drawn from. */
    public StringSpace inputs() {
        return inputs;
    }

    /** A space containing every answer. */
    public StringSpace answers() {
        return new StringSpace(inputs.alphabet(), 2 * inputs.minLength(), 2 * inputs.maxLength());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String sampleInput(RandomGenerator rng) {
        return InputStyle.UNIFORM.sample(inputs, rng) + "," + InputStyle.UNIFORM.sample(inputs, rng);
    }

    @Override
    public Example example(String input) {
        int comma = input.indexOf(',');
        if (comma < 0 || comma != input.lastIndexOf(',')) {
            throw new IllegalArgumentException("input \"" + input + "\" is not valid for skill itl: expected two"
                    + " strings separated by one ','");
        }
        String a = input.substring(0, comma);
        String b = input.substring(comma + 1);
        for (String part : new String[] {a, b}) {
            String why = inputs.whyNot(part);
            if (why != null) {
                throw new IllegalArgumentException(
                        "input \"" + input + "\" is not valid for skill itl: \"" + part + "\": " + why);
            }
        }
        return new Example(NAME + "(" + input + ")=", StringFunctions.interlace(a, b), NAME);
    }

    @Override
    public long inputSpaceSize() {
        long n = inputs.size();
        return StringSpace.saturatingMultiply(n, n);
    }

    @Override
    public boolean parseable(String text) {
        return answers().contains(text);
    }

    @Override
    public int maxAnswerLength() {
        return 2 * inputs.maxLength();
    }

    @Override
    public String toString() {
        return "Interlace[itl, inputs " + inputs + "]";
    }
}
