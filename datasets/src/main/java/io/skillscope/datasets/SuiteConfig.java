package io.skillscope.datasets;

/**
 * Settings of a {@link SkillSuite}: where string inputs come from and how large the arithmetic
 * operands are.
 *
 * @param inputs the space of string inputs; non-empty strings whose alphabet avoids the prompt
 *     syntax characters {@code ( ) = ,}. Default: lowercase letters, length 3 to 8.
 * @param operandMax the largest operand of {@code add} and {@code sub}, 0 to 999999. Default 99.
 * @param multiplicandMax the largest left operand of {@code mul}, 0 to 999999. Default 999.
 * @param multiplierMax the largest right operand of {@code mul}, 0 to 999999. Default 9.
 */
public record SuiteConfig(StringSpace inputs, int operandMax, int multiplicandMax, int multiplierMax) {

    /**
     * The skill lab's settings: lowercase strings of length 3–8, add/sub on 0–99, mul on 0–999 × 0–9
     * (10,000 inputs: with 0–99 × 0–9, 1,000 inputs, a model memorises the 800 training products and
     * reaches only ~69% on held-out ones; see {@code models/skill-lab-base/EVAL.md}).
     */
    public static final SuiteConfig DEFAULT = new SuiteConfig(StringSpace.DEFAULT_INPUTS, 99, 999, 9);

    /**
     * The settings of skill-lab models trained before {@code mul} was widened: mul on 0–99 × 0–9 (the
     * first three stages of the shipped model; their {@code recipe.json} files name these ranges).
     */
    public static final SuiteConfig LEGACY = new SuiteConfig(StringSpace.DEFAULT_INPUTS, 99, 99, 9);

    private static final String PROMPT_SYNTAX = "()=,";

    /** Validates the settings. */
    public SuiteConfig {
        if (inputs == null || inputs.minLength() < 1) {
            throw new IllegalArgumentException(
                    "SuiteConfig inputs must be a space of non-empty strings, was " + inputs);
        }
        for (char c : PROMPT_SYNTAX.toCharArray()) {
            if (inputs.alphabet().contains(c)) {
                throw new IllegalArgumentException("SuiteConfig inputs alphabet must not contain the prompt syntax"
                        + " character '" + c + "', was " + inputs.alphabet());
            }
        }
        if (operandMax < 0 || operandMax > 999_999) {
            throw new IllegalArgumentException("SuiteConfig operandMax must be in [0, 999999], was " + operandMax);
        }
        if (multiplicandMax < 0 || multiplicandMax > 999_999) {
            throw new IllegalArgumentException(
                    "SuiteConfig multiplicandMax must be in [0, 999999], was " + multiplicandMax);
        }
        if (multiplierMax < 0 || multiplierMax > 999_999) {
            throw new IllegalArgumentException(
                    "SuiteConfig multiplierMax must be in [0, 999999], was " + multiplierMax);
        }
    }

    /** Settings whose {@code mul} left operand has the range of add and sub ({@code operandMax}). */
    public SuiteConfig(StringSpace inputs, int operandMax, int multiplierMax) {
        this(inputs, operandMax, operandMax, multiplierMax);
    }

    /** The default settings with another input length range. */
    public static SuiteConfig withLengths(int minLength, int maxLength) {
        return new SuiteConfig(
                new StringSpace(Alphabet.LOWERCASE, minLength, maxLength),
                DEFAULT.operandMax,
                DEFAULT.multiplicandMax,
                DEFAULT.multiplierMax);
    }
}
