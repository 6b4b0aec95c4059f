package io.skillscope.bench;

import io.skillscope.core.config.ModelConfig;

/**
 * The floating-point operations of one forward pass, counted analytically over its matrix products
 * (a product of {@code [m, k]} and {@code [k, n]} costs {@code 2 m k n}: one multiply and one add per
 * term). With {@code N = B·T} tokens, {@code L} layers, width {@code d}, {@code H} query heads of
 * width {@code D}, {@code K} key/value heads, MLP width {@code F} and vocabulary {@code V}:
 *
 * <pre>
 * qkv    = L · 2 N d (H D + 2 K D)
 * scores = L · 2 B H T T D        (q·kᵀ over the full T×T square, as computed; the mask is added after)
 * values = L · 2 B H T T D        (pattern·v)
 * out    = L · 2 N (H D) d
 * mlp    = L · 2 N d F · (2, or 3 for gated MLPs)
 * head   = 2 N d V
 * </pre>
 *
 * Norms, softmax, activations and embeddings are not counted (they are O(N d), not O(N d²)), as in
 * Kaplan et al. (2020), "Scaling Laws for Neural Language Models", Table 1.
 *
 * @param qkv query, key and value projections
 * @param scores attention scores q·kᵀ
 * @param values attention-weighted values
 * @param out attention output projection
 * @param mlp feed-forward projections
 * @param head the unembedding (LM head)
 */
public record ForwardFlops(long qkv, long scores, long values, long out, long mlp, long head) {

    /**
     * Counts one forward pass without a KV cache.
     *
     * @param c the model
     * @param batch rows {@code B}
     * @param sequence tokens per row {@code T}
     * @return the counts
     */
    public static ForwardFlops of(ModelConfig c, int batch, int sequence) {
        long l = c.numLayers();
        long n = (long) batch * sequence;
        long d = c.hiddenSize();
        long attention = 2L * batch * c.numHeads() * sequence * sequence * c.headDim();
        return new ForwardFlops(
                l * 2 * n * d * (c.qDim() + 2L * c.kvDim()),
                l * attention,
                l * attention,
                l * 2 * n * c.qDim() * d,
                l * 2 * n * d * c.intermediateSize() * (c.gated() ? 3 : 2),
                2 * n * d * c.vocabSize());
    }

    /**
     * All counted operations.
     *
     * @return the sum of the parts
     */
    public long total() {
        return qkv + scores + values + out + mlp + head;
    }

    @Override
    public String toString() {
        return String.format(
                "ForwardFlops[%.1f GFLOP: qkv %.1f, scores %.1f, values %.1f, out %.1f, mlp %.1f, head %.1f]",
                total() / 1e9, qkv / 1e9, scores / 1e9, values / 1e9, out / 1e9, mlp / 1e9, head / 1e9);
    }
}
