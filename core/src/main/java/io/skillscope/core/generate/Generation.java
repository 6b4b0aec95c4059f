package io.skillscope.core.generate;

import java.util.Arrays;

/**
 * One row's output.
 *
 * @param prompt the prompt ids
 * @param tokens the generated ids, without the stop token
 * @param stopped whether a stop token ended the row (false: the length limit did)
 */
public record Generation(int[] prompt, int[] tokens, boolean stopped) {
    @Override
    public String toString() {
        return "Generation[prompt " + prompt.length + " tokens, output " + Arrays.toString(tokens)
                + (stopped ? ", stopped" : ", length limit") + "]";
    }
}
