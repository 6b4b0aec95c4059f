package io.skillscope.core.config;

import com.google.gson.JsonObject;

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
        /**
         * NTK-aware base rescaled from the sequence length ({@code dynamic}). Not read from configs:
         * transformers' {@code _dynamic_frequency_update} keeps the longest length its rotary module has
         * seen and rescales from it, so an output depends on earlier calls, and keys already in a KV
         * cache keep the rotation of the base they were computed with.
         */
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
        if (kind == Kind.LLAMA3) {
            if (originalMaxPositions <= 0) {
                throw new ConfigException(
                        "rope_scaling: llama3 needs original_max_position_embeddings > 0, got " + originalMaxPositions);
            }
            if (!(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor) || Double.isInfinite(highFreqFactor)) {
                throw new ConfigException("rope_scaling: llama3 needs 0 < low_freq_factor < high_freq_factor, got "
                        + lowFreqFactor + " and " + highFreqFactor);
            }
        }
    }

    /**
     * The {@code rope_scaling} object of a Hugging Face {@code config.json}, which reads back as this
     * record.
     *
     * @return a new JSON object with {@code rope_type} and the kind's fields
     */
    public JsonObject toHfJson() {
        JsonObject o = new JsonObject();
        o.addProperty("rope_type", kind.hfName());
        o.addProperty("factor", factor);
        if (kind == Kind.LLAMA3) {
            o.addProperty("low_freq_factor", lowFreqFactor);
            o.addProperty("high_freq_factor", highFreqFactor);
            o.addProperty("original_max_position_embeddings", originalMaxPositions);
        } else if (kind == Kind.DYNAMIC && originalMaxPositions > 0) {
            o.addProperty("original_max_position_embeddings", originalMaxPositions);
        }
        return o;
    }
}
