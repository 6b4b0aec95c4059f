/**
 * The transformer: one {@link io.skillscope.core.model.Transformer} for GPT-2 and the Llama family,
 * written in DJL NDArray operations so that every activation is reachable by hooks and every weight by
 * autograd, on CPU or CUDA alike.
 *
 * <p>Architecture adapters ({@code Gpt2Adapter}, {@code LlamaAdapter}) map checkpoint names and layouts
 * and wire the shared components ({@code Block}, {@code Attention}, {@code Mlp}, {@code Norm},
 * {@code Rotary}); the blocks never branch on the architecture. Parity with independent reference
 * implementations is tested to 1e-4.
 */
package io.skillscope.core.model;
