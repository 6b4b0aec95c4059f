package io.skillscope.core.train;

/**
 * A training sequence: prompt and answer tokens in one array, with the loss taken on the answer only.
 * Position t predicts {@code tokens[t+1]}; targets {@code tokens[lossFrom..]} count.
 *
 * @param tokens prompt followed by answer (and the end token)
 * @param lossFrom index of the first token whose prediction is scored (the prompt length)
 */
public record Sequence(int[] tokens, int lossFrom) {
    public Sequence {
        if (tokens.length < 2) {
            throw new IllegalArgumentException("a training sequence needs at least 2 tokens, got " + tokens.length);
        }
        if (lossFrom < 1 || lossFrom >= tokens.length) {
            throw new IllegalArgumentException("lossFrom must be in [1, " + (tokens.length - 1) + "], got " + lossFrom);
        }
    }

    /** Prompt then answer, scored on the answer. */
    public static Sequence of(int[] prompt, int[] answer) {
        int[] t = new int[prompt.length + answer.length];
        System.arraycopy(prompt, 0, t, 0, prompt.length);
        System.arraycopy(answer, 0, t, prompt.length, answer.length);
        return new Sequence(t, prompt.length);
    }

    /** Number of scored targets. */
    public int scoredTokens() {
        return tokens.length - lossFrom;
    }
}
