/**
 * The transformer: one {@link io.skillscope.core.model.Transformer} for GPT-2 and the Llama family,
 * written in DJL NDArray operations so that every activation is reachable by hooks and every weight by
 * autograd, on CPU or CUDA alike.
 *
 * <p>Architecture adapters ({@code Gpt2Adapter}, {@code LlamaAdapter}) map checkpoint names and layouts
 * and wire the shared components ({@code Block}, {@code Attention}, {@code Mlp}, {@code Norm},
 * {@code Rotary}); the blocks never branch on the architecture. Parity with independent reference
 * implementations is tested to 1e-4.
 *
 * <p>The adapters are the one place that knows tensor names: each {@link io.skillscope.core.model.ParamSpec}
 * they declare carries its block, {@link io.skillscope.core.model.ModuleKind} and region, and
 * {@link io.skillscope.core.model.Architectures} answers for code outside this package (the role of a
 * name, the parameter count, the family's {@code config.json} keys). Grafting regions and analysis
 * labels are read from there, never parsed from names.
 */
package io.skillscope.core.model;
