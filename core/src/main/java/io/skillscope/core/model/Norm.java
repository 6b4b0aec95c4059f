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
        return x -> {
            NDArray sq = x.square(); // [B, T, d]
            NDArray ms = sq.mean(new int[] {-1}, true); // [B, T, 1]
            sq.close();
            NDArray inv = ms.add(eps).pow(Scalars.of(ms, -0.5)); // [B, T, 1]
            NDArray normed = x.mul(inv); // [B, T, d]
            NDArray out = normed.mul(gamma);
            ms.close();
            inv.close();
            normed.close();
            return out;
        };
    }
}
