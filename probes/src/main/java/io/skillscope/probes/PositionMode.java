package io.skillscope.probes;

import io.skillscope.core.model.TokenBatch;

/**
 * Which positions of each row a probe reads. Positions are counted over real tokens only, so the
 * selection is the same for left- and right-padded batches; padding is never selected.
 */
public enum PositionMode {
    /** Every real token of the row (prompt and answer). */
    ALL,
    /** The last token of the prompt: the position whose output predicts the first answer token. */
    LAST_PROMPT_TOKEN,
    /** The positions holding answer tokens (prompt length onwards, the end token included). */
    ANSWER_TOKENS;

    /**
     * The selection mask {@code [B × T]} (row-major) of a batch.
     *
     * @param batch the batch, any padding
     * @param promptLengths per row, the number of its real tokens that belong to the prompt
     * @throws IllegalArgumentException if a prompt length is outside {@code [1, row length]}
     */
    public boolean[] mask(TokenBatch batch, int[] promptLengths) {
        int b = batch.batchSize();
        int t = batch.length();
        if (promptLengths.length != b) {
            throw new IllegalArgumentException(promptLengths.length + " prompt lengths for a batch of " + b + " rows");
        }
        boolean[] out = new boolean[b * t];
        for (int r = 0; r < b; r++) {
            int len = batch.validCount(r);
            int p = promptLengths[r];
            if (p < 1 || p > len) {
                throw new IllegalArgumentException("row " + r + ": prompt length " + p + " outside [1, " + len + "]");
            }
            int k = 0; // index of the real token in its row
            for (int c = 0; c < t; c++) {
                if (!batch.valid(r, c)) {
                    continue;
                }
                out[r * t + c] = switch (this) {
                    case ALL -> true;
                    case LAST_PROMPT_TOKEN -> k == p - 1;
                    case ANSWER_TOKENS -> k >= p;
                };
                k++;
            }
        }
        return out;
    }
}
