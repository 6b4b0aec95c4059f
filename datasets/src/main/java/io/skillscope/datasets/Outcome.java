package io.skillscope.datasets;

/**
 * The exact-match verdict on one generated answer, with the verifiable reward used for RL
 * (docs/methods.md §5: 1 for an exact answer, 0 for a wrong one, −1 for an unparseable one).
 */
public enum Outcome {
    /** The generated text equals the expected answer and was terminated by the end token. */
    CORRECT(1),
    /** The generated text has the form of an answer of the skill but is not the expected one. */
    WRONG(0),
    /**
     * The generated text cannot be an answer of the skill at all: no end token (runaway
     * generation), characters outside the skill's output alphabet, a length the skill never
     * produces, or a non-integer where an integer is due.
     */
    UNPARSEABLE(-1);

    private final int reward;

    Outcome(int reward) {
        this.reward = reward;
    }

    /** The reward: 1, 0 or −1. */
    public int reward() {
        return reward;
    }
}
