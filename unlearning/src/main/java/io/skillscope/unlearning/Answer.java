package io.skillscope.unlearning;

/**
 * A model's answer to one prompt under an unlearning method.
 *
 * @param text the generated text (without the end token), or the refusal when the method abstained
 * @param sawEndToken whether generation stopped at the end token (false for a refusal)
 * @param refused whether the method abstained (Key Space Detection detected the query)
 */
public record Answer(String text, boolean sawEndToken, boolean refused) {}
