package io.skillscope.grafting;

import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a parameter sits in a transformer, decided from its Hugging Face name. Grafting (Panigrahi et
 * al. 2023) searches {@link #BLOCKS} by default: every tensor inside a transformer block (attention,
 * MLP, norms, biases); embeddings, positional embeddings, the final norm and the LM head are excluded
 * unless asked for.
 */
public enum ParamRegion {
    /** Tensors inside a transformer block ({@code model.layers.3.}, {@code transformer.h.3.}). */
    BLOCKS,
    /** Token embeddings ({@code embed_tokens}, {@code wte}). */
    EMBEDDINGS,
    /** Learned positional embeddings ({@code wpe}). */
    POSITIONS,
    /** The norm after the last block ({@code model.norm}, {@code ln_f}). */
    FINAL_NORM,
    /** The unembedding ({@code lm_head}). */
    HEAD,
    /** Anything else. */
    OTHER;

    private static final Pattern LAYER = Pattern.compile("(?:^|\\.)(?:layers|h|blocks|layer)\\.(\\d+)\\.");

    /** The default search region of grafting: {@link #BLOCKS} only. */
    public static Set<ParamRegion> defaults() {
        return EnumSet.of(BLOCKS);
    }

    /**
     * The region of a parameter name.
     *
     * @param name a Hugging Face tensor name
     * @return its region
     */
    public static ParamRegion of(String name) {
        if (layerOf(name).isPresent()) {
            return BLOCKS;
        }
        if (name.contains("wpe") || name.contains("embed_positions") || name.contains("position_embeddings")) {
            return POSITIONS;
        }
        if (name.contains("embed_tokens") || name.contains("wte") || name.contains("word_embeddings")
                || name.contains("embed_in")) {
            return EMBEDDINGS;
        }
        if (name.startsWith("lm_head") || name.contains("embed_out")) {
            return HEAD;
        }
        if (name.contains("norm") || name.contains("ln_f")) {
            return FINAL_NORM;
        }
        return OTHER;
    }

    /**
     * The block index in a parameter name, if it is a block parameter.
     *
     * @param name a tensor name such as {@code model.layers.3.mlp.up_proj.weight}
     * @return 3 for that example; empty for embeddings, final norm and head
     */
    public static OptionalInt layerOf(String name) {
        Matcher m = LAYER.matcher(name);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
