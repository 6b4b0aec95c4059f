package io.skillscope.localization;

/** What counts as a model's confidence in its answer, for the expected calibration error. */
public enum Confidence {
    /**
     * The probability of the whole greedy answer, end token included: Π_t p(y_t | prompt, y_{&lt;t}). For
     * exact-match tasks this is the probability that the answer scored is the one produced.
     */
    SEQUENCE,
    /** The probability of the first generated token (the usual choice for classification-style tasks). */
    FIRST_TOKEN
}
