package io.skillscope.core.generate;

import java.util.Set;

/**
 * Decoding settings.
 *
 * @param maxNewTokens at most this many tokens per row
 * @param temperature 0 for greedy decoding, else logits are divided by it before sampling
 * @param topP nucleus sampling: keep the smallest set of tokens whose probability reaches topP (1 = off)
 * @param seed seed of the sampler (one stream per call, rows drawn in order, so results repeat)
 * @param stopTokens a row ends after emitting one of these (the stop token is not part of the output)
 * @param padId the id used to pad prompts (never attended to)
 */
public record GenerationConfig(
        int maxNewTokens, double temperature, double topP, long seed, Set<Integer> stopTokens, int padId) {
    public GenerationConfig {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (temperature < 0 || !(topP > 0) || topP > 1) {
            throw new IllegalArgumentException(
                    "temperature must be >= 0 and topP in (0, 1]; got " + temperature + ", " + topP);
        }
        stopTokens = Set.copyOf(stopTokens);
    }

    /** Greedy decoding. */
    public static GenerationConfig greedy(int maxNewTokens, int padId, Integer... stop) {
        return new GenerationConfig(maxNewTokens, 0, 1, 0, Set.of(stop), padId);
    }

    /** Sampling at a temperature with nucleus {@code topP}. */
    public static GenerationConfig sampled(
            int maxNewTokens, double temperature, double topP, long seed, int padId, Integer... stop) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, Set.of(stop), padId);
    }

    /** Whether decoding is greedy. */
    public boolean greedy() {
        return temperature == 0;
    }
}
