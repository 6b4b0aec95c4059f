package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;

/**
 * Soft-capping (Gemma 2; Gemma Team, 2024, after Bello et al., 2016): x ↦ cap·tanh(x / cap), which is
 * about x for |x| ≪ cap and never leaves (−cap, cap). Gemma 2 caps attention scores (before the mask)
 * and the final logits.
 */
final class SoftCap {
    private SoftCap() {}

    /** x (any shape) → cap·tanh(x / cap), same shape, in x's manager. */
    static NDArray apply(NDArray x, double cap) {
        NDArray scaled = x.div(Scalars.of(x, (float) cap)); // [...]
        NDArray t = scaled.tanh(); // [...]
        NDArray out = t.mul(Scalars.of(t, (float) cap)); // [...]
        scaled.close();
        t.close();
        return out;
    }
}
