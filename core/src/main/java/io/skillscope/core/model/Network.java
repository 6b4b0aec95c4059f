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
 * @param embeddingScale factor on the token embeddings (Gemma: √d in float32), 1 for none
 * @param logitSoftcap logits become cap·tanh(logits / cap) when > 0 (Gemma 2), 0 for none
 */
record Network(
        NDArray tokenEmbedding,
        NDArray positionEmbedding,
        Rotary rotary,
        List<? extends TransformerBlock> blocks,
        Norm finalNorm,
        Linear head,
        float embeddingScale,
        double logitSoftcap) {
    /** A network with unscaled embeddings and uncapped logits. */
    Network(
            NDArray tokenEmbedding,
            NDArray positionEmbedding,
            Rotary rotary,
            List<? extends TransformerBlock> blocks,
            Norm finalNorm,
            Linear head) {
        this(tokenEmbedding, positionEmbedding, rotary, blocks, finalNorm, head, 1f, 0);
    }
}
