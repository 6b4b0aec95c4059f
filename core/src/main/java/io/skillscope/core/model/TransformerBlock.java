package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;

/**
 * One transformer block, as {@link Transformer} runs it: the sequential pre-norm {@link Block} or the
 * parallel-residual {@link ParallelBlock}. An adapter picks the kind; neither tests the architecture.
 */
interface TransformerBlock {
    /** x {@code [B, T, d]} → {@code [B, T, d]}. */
    NDArray forward(NDArray x, Pass pass);
}
