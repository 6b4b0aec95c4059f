package io.skillscope.core.config;

import java.util.List;
import java.util.Locale;

/**
 * Gemma 2's settings beyond {@link ModelConfig} (transformers' {@code Gemma2Config}; Gemma Team, "Gemma 2:
 * Improving Open Language Models at a Practical Size", 2024).
 *
 * <ul>
 *   <li>Attention scores are scaled by {@code queryPreAttnScalar^-1/2} instead of {@code headDim^-1/2},
 *       then soft-capped, {@code s ↦ cap·tanh(s / cap)} with {@code cap = attnLogitSoftcap}, before the
 *       mask.
 *   <li>The logits are soft-capped the same way with {@code finalLogitSoftcap}.
 *   <li>Layers of kind {@link LayerType#SLIDING} let query i see key j only when {@code i − j <
 *       slidingWindow}; {@link LayerType#FULL} layers see every earlier key. Hugging Face's default, and
 *       every released Gemma 2: layer l slides when l is even ({@code layer_types} {@code
 *       "sliding_attention" if (l + 1) % 2 else "full_attention"}, or {@code is_sliding = not l % 2} in
 *       transformers 4.42 to 4.52).
 * </ul>
 *
 * @param attnLogitSoftcap {@code attn_logit_softcapping}, > 0, or null for none
 * @param finalLogitSoftcap {@code final_logit_softcapping}, > 0, or null for none
 * @param queryPreAttnScalar {@code query_pre_attn_scalar}, > 0
 * @param slidingWindow {@code sliding_window}, > 0, or null when no layer slides
 * @param layerTypes one entry per layer ({@code layer_types})
 */
public record Gemma2Options(
        Double attnLogitSoftcap,
        Double finalLogitSoftcap,
        double queryPreAttnScalar,
        Integer slidingWindow,
        List<LayerType> layerTypes)
        implements FamilyOptions {

    /** The attention of one layer, by its Hugging Face {@code layer_types} name. */
    public enum LayerType {
        /** Local attention over the last {@code slidingWindow} positions ({@code "sliding_attention"}). */
        SLIDING("sliding_attention"),
        /** Attention over every earlier position ({@code "full_attention"}). */
        FULL("full_attention");

        private final String hfName;

        LayerType(String hfName) {
            this.hfName = hfName;
        }

        /** The {@code layer_types} string. */
        public String hfName() {
            return hfName;
        }

        /**
         * The layer type of a {@code layer_types} entry.
         *
         * @param name the entry
         * @return the type, or null when it is not one Gemma 2 has
         */
        public static LayerType fromHfName(String name) {
            for (LayerType t : values()) {
                if (t.hfName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Validates the values. */
    public Gemma2Options {
        if (attnLogitSoftcap != null && !(attnLogitSoftcap > 0 && Double.isFinite(attnLogitSoftcap))) {
            throw invalid("attn_logit_softcapping must be positive and finite or null, got " + attnLogitSoftcap);
        }
        if (finalLogitSoftcap != null && !(finalLogitSoftcap > 0 && Double.isFinite(finalLogitSoftcap))) {
            throw invalid("final_logit_softcapping must be positive and finite or null, got " + finalLogitSoftcap);
        }
        if (!(queryPreAttnScalar > 0) || Double.isInfinite(queryPreAttnScalar)) {
            throw invalid("query_pre_attn_scalar must be positive and finite, got " + queryPreAttnScalar);
        }
        if (slidingWindow != null && slidingWindow <= 0) {
            throw invalid("sliding_window must be positive or null, got " + slidingWindow);
        }
        if (layerTypes == null || layerTypes.stream().anyMatch(t -> t == null)) {
            throw invalid("layer_types must list a type for every layer");
        }
        layerTypes = List.copyOf(layerTypes);
    }

    /**
     * Hugging Face's defaults for a model of {@code layers} blocks ({@code Gemma2Config()}): caps 50 on
     * attention scores and 30 on logits, {@code query_pre_attn_scalar} 256, window 4096 on even layers.
     *
     * @param layers the number of blocks
     * @return the options
     */
    public static Gemma2Options defaults(int layers) {
        return new Gemma2Options(50.0, 30.0, 256, 4096, alternating(layers));
    }

    /**
     * Hugging Face's default layer pattern: layer l slides when l is even.
     *
     * @param layers the number of blocks
     * @return {@code [SLIDING, FULL, SLIDING, ...]}
     */
    public static List<LayerType> alternating(int layers) {
        return java.util.stream.IntStream.range(0, layers)
                .mapToObj(l -> l % 2 == 0 ? LayerType.SLIDING : LayerType.FULL)
                .toList();
    }

    /**
     * The sliding window of layer {@code layer}.
     *
     * @param layer the block index
     * @return the window, or null for full attention (or when no window is set)
     */
    public Integer windowOf(int layer) {
        return layerTypes.get(layer) == LayerType.SLIDING ? slidingWindow : null;
    }

    private static ConfigException invalid(String message) {
        return new ConfigException("Gemma2Options: " + message);
    }
}
