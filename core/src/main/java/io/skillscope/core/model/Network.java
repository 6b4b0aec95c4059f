package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The wired components of a model.
 *
 * @param tokenEmbedding {@code [V, d]}
 * @param positionEmbedding learned {@code [P, d]} (GPT-2), or null
 * @param rotary rotary embedding, or null
 * @param blocks the transformer blocks
 * @param finalNorm the last norm
 * @param head the unembedding {@code [V, d]} applied as x·Wᵀ (tied: the token embedding)
 */
record Network(
        NDArray tokenEmbedding,
        NDArray positionEmbedding,
        Rotary rotary,
        List<? extends TransformerBlock> blocks,
        Norm finalNorm,
        Linear head) {}
