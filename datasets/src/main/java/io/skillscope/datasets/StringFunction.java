package io.skillscope.datasets;

import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A named unary string transform with exact semantics, the building block of string skills and
 * their compositions.
 *
 * <p>Besides the transform itself a function declares its {@linkplain #image image}: given the space
 * its inputs come from, a {@link StringSpace} that contains every output. The evaluator uses the
 * image of a whole composition as the format an answer must have to be parseable. The standard
 * functions are built by {@link StringFunctions}; two functions are equal when their names are.
 */
public final class StringFunction {

    /** Short lowercase names (2–6 characters, a letter first) keep prompts short; no dots. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{1,5}");

    private final String name;
    private final String semantics;
    private final UnaryOperator<String> transform;
    private final UnaryOperator<StringSpace> image;
    private final InputStyle preferredInputs;

    /**
     * Creates a function.
     *
     * @param name short name used in prompts, e.g. {@code rev}; matches {@code [a-z][a-z0-9]{1,5}}
     * @param semantics one sentence with the exact semantics, shown by {@link #toString()}
     * @param transform the transform; must be total on the strings of the input space
     * @param image maps an input space to a space containing every output
     * @param preferredInputs how inputs should be drawn so that the function is exercised
     */
    public StringFunction(
            String name,
            String semantics,
            UnaryOperator<String> transform,
            UnaryOperator<StringSpace> image,
            InputStyle preferredInputs) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("StringFunction name must match " + NAME.pattern() + ", was "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name;
        this.semantics = Objects.requireNonNull(semantics, "semantics");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.image = Objects.requireNonNull(image, "image");
        this.preferredInputs = Objects.requireNonNull(preferredInputs, "preferredInputs");
    }

    /** The short name used in prompts, e.g. {@code rev}. */
    public String name() {
        return name;
    }

    /** The exact semantics in one sentence. */
    public String semantics() {
        return semantics;
    }

    /** Applies the function. */
    public String apply(String input) {
        return transform.apply(input);
    }

    /** A space that contains every output of the function on inputs from {@code inputs}. */
    public StringSpace image(StringSpace inputs) {
        return image.apply(inputs);
    }

    /** How inputs should be drawn to exercise this function. */
    public InputStyle preferredInputs() {
        return preferredInputs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StringFunction other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + semantics;
    }
}
