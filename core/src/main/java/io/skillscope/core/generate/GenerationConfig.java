package io.skillscope.core.generate;

import java.util.Arrays;
import java.util.Objects;
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
 * @param idLimit only ids below this are ever emitted: the tokenizer's vocabulary size when the model's
 *     embedding has more rows (as Qwen2.5's has); {@link Integer#MAX_VALUE} for no limit
 * @param blockedIds ids never emitted (ids below the limit the tokenizer has no token for), sorted
 */
public record GenerationConfig(
        int maxNewTokens,
        double temperature,
        double topP,
        long seed,
        Set<Integer> stopTokens,
        int padId,
        int idLimit,
        int[] blockedIds) {
    public GenerationConfig {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (temperature < 0 || !(topP > 0) || topP > 1) {
            throw new IllegalArgumentException(
                    "temperature must be >= 0 and topP in (0, 1]; got " + temperature + ", " + topP);
        }
        if (idLimit < 1) {
            throw new IllegalArgumentException("idLimit must be >= 1, got " + idLimit);
        }
        stopTokens = Set.copyOf(stopTokens);
        blockedIds = blockedIds.clone();
        Arrays.sort(blockedIds);
    }

    /** Settings that may emit every id of the model. */
    public GenerationConfig(
            int maxNewTokens, double temperature, double topP, long seed, Set<Integer> stopTokens, int padId) {
        this(maxNewTokens, temperature, topP, seed, stopTokens, padId, Integer.MAX_VALUE, new int[0]);
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

    /**
     * The same settings restricted to what a tokenizer can decode: ids below {@code vocabSize} that are
     * not {@code unknownIds}. The model's logits of every other id are set to −∞ before greedy choice or
     * sampling; when the tokenizer covers the whole embedding nothing is masked and nothing is spent.
     *
     * @param vocabSize the tokenizer's id count
     * @param unknownIds ids below it without a token
     * @return the restricted settings
     */
    public GenerationConfig withVocabulary(int vocabSize, int[] unknownIds) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stopTokens, padId, vocabSize, unknownIds);
    }

    /** Whether decoding is greedy. */
    public boolean greedy() {
        return temperature == 0;
    }

    /**
     * Whether a model with {@code modelVocab} logits per position needs masking under these settings.
     *
     * @param modelVocab the model's vocabulary (embedding rows)
     * @return false when every id of the model may be emitted
     */
    public boolean masks(int modelVocab) {
        return idLimit < modelVocab || (blockedIds.length > 0 && blockedIds[0] < modelVocab);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationConfig g
                && maxNewTokens == g.maxNewTokens
                && Double.compare(temperature, g.temperature) == 0
                && Double.compare(topP, g.topP) == 0
                && seed == g.seed
                && stopTokens.equals(g.stopTokens)
                && padId == g.padId
                && idLimit == g.idLimit
                && Arrays.equals(blockedIds, g.blockedIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxNewTokens, temperature, topP, seed, stopTokens, padId, idLimit)
                + 31 * Arrays.hashCode(blockedIds);
    }

    @Override
    public String toString() {
        return "GenerationConfig[maxNewTokens " + maxNewTokens + ", temperature " + temperature + ", topP " + topP
                + ", seed " + seed + ", stop " + stopTokens + ", pad " + padId
                + (idLimit == Integer.MAX_VALUE ? "" : ", ids < " + idLimit)
                + (blockedIds.length == 0 ? "" : ", " + blockedIds.length + " blocked ids") + "]";
    }
}
