package io.skillscope.api;

import java.util.Arrays;

/**
 * One generated continuation.
 *
 * @param prompt the prompt text
 * @param text the generated text, without the end token
 * @param tokens the generated ids, without the end token
 * @param stopped whether the end token ended the generation (false: the length limit did)
 */
public record Completion(String prompt, String text, int[] tokens, boolean stopped) {
    /** Copies the ids. */
    public Completion {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion c
                && prompt.equals(c.prompt)
                && text.equals(c.text)
                && Arrays.equals(tokens, c.tokens)
                && stopped == c.stopped;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * prompt.hashCode() + text.hashCode()) + Arrays.hashCode(tokens) + (stopped ? 1 : 0);
    }

    /** {@code "rev(abc)=" → "cba" (3 tokens, stopped at the end token)}. */
    @Override
    public String toString() {
        return '"' + prompt + "\" → \"" + text + "\" (" + tokens.length
                + (tokens.length == 1 ? " token, " : " tokens, ")
                + (stopped ? "stopped at the end token)" : "hit the length limit)");
    }
}
