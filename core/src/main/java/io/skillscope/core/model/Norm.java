package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A normalisation over the last (model) dimension. */
interface Norm {
    /** x {@code [B, T, d]} → {@code [B, T, d]}. */
    NDArray apply(NDArray x);

    /** LayerNorm (GPT-2): (x − mean) / √(var + ε) · γ + β. */
    static Norm layerNorm(NDArray gamma, NDArray beta, double eps) {
        Shape shape = gamma.getShape();
        return x -> ai.djl.nn.norm.LayerNorm.layerNorm(x, shape, gamma, beta, (float) eps)
                .singletonOrThrow();
    }

    /** RMSNorm (Llama family): x / √(mean(x²) + ε) · γ. */
    static Norm rmsNorm(NDArray gamma, double eps) {
        return rmsNorm(gamma, eps, false);
    }

    /**
     * RMSNorm with a (1 + w) gain (Gemma, Gemma 2: {@code GemmaRMSNorm}, {@code Gemma2RMSNorm}):
     * x / √(mean(x²) + ε) · (1 + w), so a stored w of 0 is the identity gain. Hugging Face computes it in
     * float32 whatever the activation dtype; skillscope's activations are float32 throughout.
     */
    static Norm rmsNormOnePlus(NDArray w, double eps) {
        return rmsNorm(w, eps, true);
    }

    private static Norm rmsNorm(NDArray gamma, double eps, boolean onePlus) {
        return x -> {
            NDArray sq = x.square(); // [B, T, d]
            NDArray ms = sq.mean(new int[] {-1}, true); // [B, T, 1]
            sq.close();
            NDArray inv = ms.add(eps).pow(Scalars.of(ms, -0.5)); // [B, T, 1]
            NDArray normed = x.mul(inv); // [B, T, d]
            NDArray one = onePlus ? Scalars.of(x, 1f) : null; // [], in the pass's manager
            NDArray gain = onePlus ? one.add(gamma) : gamma; // [d]
            NDArray out = normed.mul(gain); // [B, T, d]
            if (onePlus) {
                one.close();
                gain.close();
            }
            ms.close();
            inv.close();
            normed.close();
            return out;
        };
    }
}
