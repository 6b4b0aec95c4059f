package io.skillscope.grafting;

import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ParamSpec;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where a parameter sits in a transformer, as the model's architecture adapter declares it
 * ({@link ParamSpec#region()}). Grafting (Panigrahi et al. 2023) searches {@link #BLOCKS} by default:
 * every tensor inside a transformer block (attention, MLP, norms, biases); embeddings, positional
 * embeddings, the final norm and the LM head are excluded unless asked for.
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
    /** A name no supported architecture declares (buffers, unknown tensors). */
    OTHER;

    /** The default search region of grafting: {@link #BLOCKS} only. */
    public static Set<ParamRegion> defaults() {
        return EnumSet.of(BLOCKS);
    }

    /**
     * The region of a parameter name.
     *
     * @param name a Hugging Face tensor name of a supported architecture
     * @return its declared region; {@link #BLOCKS} for any other tensor in a block (a buffer);
     *     {@link #OTHER} for a name no architecture uses
     */
    public static ParamRegion of(String name) {
        return Architectures.role(name)
                .map(r -> of(r.region()))
                .orElse(Architectures.layerOf(name).isPresent() ? BLOCKS : OTHER);
    }

    /**
     * The region of a model parameter.
     *
     * @param spec the parameter's spec, e.g. {@code model.parameters().spec(name)}
     * @return its region
     */
    public static ParamRegion of(ParamSpec spec) {
        return of(spec.region());
    }

    /**
     * The grafting region of an adapter-declared region.
     *
     * @param region a parameter's region
     * @return the same region here
     */
    public static ParamRegion of(ParamSpec.Region region) {
        return switch (region) {
            case BLOCKS -> BLOCKS;
            case EMBEDDINGS -> EMBEDDINGS;
            case POSITIONS -> POSITIONS;
            case FINAL_NORM -> FINAL_NORM;
            case HEAD -> HEAD;
        };
    }

    /**
     * The block index of a parameter name, if it is a block parameter.
     *
     * @param name a tensor name such as {@code model.layers.3.mlp.up_proj.weight}
     * @return 3 for that example; empty for embeddings, final norm, head and unknown names
     */
    public static OptionalInt layerOf(String name) {
        return Architectures.layerOf(name);
    }
}
