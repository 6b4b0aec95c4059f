package io.skillscope.core.model;

import io.skillscope.core.hooks.ActivationCache;

/**
 * The result of {@link LanguageModel#runWithCache}: logits {@code [T][V]} and the captured activations.
 */
public record CachedRun(float[][] logits, ActivationCache cache) {
    @Override
    public String toString() {
        return "CachedRun[logits " + logits.length + "x" + (logits.length == 0 ? 0 : logits[0].length) + ", " + cache
                + "]";
    }
}
