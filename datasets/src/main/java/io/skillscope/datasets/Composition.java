package io.skillscope.datasets;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A unary string skill: one string function or a chain f1(f2(...fn(x))) of them.
 *
 * <p>Depth 1 is an atomic skill such as {@code rev}, prompted {@code rev(abcde)=} with answer
 * {@code edcba}. Deeper chains are named by their functions outermost first, joined by dots, and
 * prompted by nesting: the skill {@code rev.sort} prompts {@code rev(sort(dcab))=} with answer
 * {@code dcba} (sort first, then reverse).
 *
 * <p>Inputs come from {@link #inputs()}; they are drawn {@link InputStyle#RUNS runs}-style when any
 * function prefers it (so that collapse-repeats does something), uniformly otherwise. An answer is
 * parseable when it lies in {@link #answers()}, the image of the input space through the chain.
 */
public final class Composition implements Skill {

    private final List<StringFunction> functions;
    private final StringSpace inputs;
    private final StringSpace answers;
    private final InputStyle style;
    private final String name;

    /**
     * Creates the chain {@code functions.get(0)(functions.get(1)(... x))}.
     *
     * @param functions the functions, outermost first; at least one
     * @param inputs the input space, e.g. {@link StringSpace#DEFAULT_INPUTS}
     */
    public Composition(List<StringFunction> functions, StringSpace inputs) {
        if (functions == null || functions.isEmpty()) {
            throw new IllegalArgumentException("a Composition needs at least one string function");
        }
        if (inputs == null || inputs.minLength() < 1) {
            throw new IllegalArgumentException(
                    "a Composition needs an input space of non-empty strings, was " + inputs);
        }
        this.functions = List.copyOf(functions);
        this.inputs = inputs;
        StringSpace image = inputs;
        for (int i = this.functions.size() - 1; i >= 0; i--) {
            image = this.functions.get(i).image(image);
        }
        this.answers = image;
        this.style = this.functions.stream().anyMatch(f -> f.preferredInputs() == InputStyle.RUNS)
                ? InputStyle.RUNS
                : InputStyle.UNIFORM;
        this.name = this.functions.stream().map(StringFunction::name).collect(Collectors.joining("."));
    }

    /** The functions, outermost first. */
    public List<StringFunction> functions() {
        return functions;
    }

    /** The number of functions in the chain. */
    public int depth() {
        return functions.size();
    }

    /** The space inputs are drawn from. */
    public StringSpace inputs() {
        return inputs;
    }

    /** A space containing every answer: the format a parseable answer must have. */
    public StringSpace answers() {
        return answers;
    }

    /** The chain applied to {@code input}: innermost function first. */
    public String apply(String input) {
        String s = input;
        for (int i = functions.size() - 1; i >= 0; i--) {
            s = functions.get(i).apply(s);
        }
        return s;
    }

    /** The prompt for {@code input}, e.g. {@code rev(sort(dcab))=}. */
    public String prompt(String input) {
        StringBuilder sb = new StringBuilder();
        for (StringFunction f : functions) {
            sb.append(f.name()).append('(');
        }
        sb.append(input);
        sb.append(")".repeat(functions.size()));
        return sb.append('=').toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String sampleInput(RandomGenerator rng) {
        return style.sample(inputs, rng);
    }

    @Override
    public Example example(String input) {
        String why = inputs.whyNot(input);
        if (why != null) {
            throw new IllegalArgumentException("input \"" + input + "\" is not valid for skill " + name + ": " + why);
        }
        return new Example(prompt(input), apply(input), name);
    }

    @Override
    public long inputSpaceSize() {
        return inputs.size();
    }

    @Override
    public boolean parseable(String text) {
        return answers.contains(text);
    }

    @Override
    public int maxAnswerLength() {
        return answers.maxLength();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Composition other && other.functions.equals(functions) && other.inputs.equals(inputs);
    }

    @Override
    public int hashCode() {
        return 31 * functions.hashCode() + inputs.hashCode();
    }

    @Override
    public String toString() {
        return "Composition[" + name + ", depth " + depth() + ", inputs " + inputs + ", answers " + answers + "]";
    }
}
