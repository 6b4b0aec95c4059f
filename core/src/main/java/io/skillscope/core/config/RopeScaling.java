package io.skillscope.core.config;

/**
 * How a checkpoint rescales its rotary frequencies for contexts longer than it was trained on, from
 * {@code config.json}'s {@code rope_scaling} object. Null in {@link ModelConfig#ropeScaling()} means
 * none. Kinds other than these (e.g. {@code longrope}, {@code yarn}) are refused by name when the
 * config is read.
 *
 * @param kind the {@code rope_type} (or the older {@code type})
 * @param factor the scaling factor s, > 0
 * @param lowFreqFactor Llama 3: {@code low_freq_factor} (1 otherwise)
 * @param highFreqFactor Llama 3: {@code high_freq_factor} (4 otherwise)
 * @param originalMaxPositions Llama 3: {@code original_max_position_embeddings}; dynamic: the trained
 *     context (0 where unused)
 */
public record RopeScaling(
        Kind kind, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    /** The supported {@code rope_type} values. */
    public enum Kind {
        /** Every frequency divided by s ({@code linear}). */
        LINEAR("linear"),
        /** NTK-aware base rescaled from the sequence length ({@code dynamic}). */
        DYNAMIC("dynamic"),
        /** Llama 3.1's band-wise rescaling ({@code llama3}). */
        LLAMA3("llama3");

        private final String hfName;

        Kind(String hfName) {
            this.hfName = hfName;
        }

        /** The {@code rope_type} string. */
        public String hfName() {
            return hfName;
        }
    }

    /** Validates the fields, naming the field and the value. */
    public RopeScaling {
        if (kind == null) {
            throw new ConfigException("rope_scaling: rope_type is null");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new ConfigException("rope_scaling: factor must be positive and finite, got " + factor);
        }
        if (originalMaxPositions < 0) {
            throw new ConfigException(
                    "rope_scaling: original_max_position_embeddings must be >= 0, got " + originalMaxPositions);
        }
    }
}
