package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;

/**
 * An affine map y = x·W (+ b). Hugging Face's {@code nn.Linear} stores W as {@code [out, in]} and
 * computes x·Wᵀ; GPT-2's {@code Conv1D} stores {@code [in, out]} and computes x·W. The layout is kept as
 * in the checkpoint so saved models stay loadable by Hugging Face tools.
 */
final class Linear {
    private final NDArray weight;
    private final NDArray bias; // nullable
    private final boolean storedInOut;

    private Linear(NDArray weight, NDArray bias, boolean storedInOut) {
        this.weight = weight;
        this.bias = bias;
        this.storedInOut = storedInOut;
    }

    /** {@code nn.Linear}: weight {@code [out, in]}. */
    static Linear outIn(NDArray weight, NDArray bias) {
        return new Linear(weight, bias, false);
    }

    /** GPT-2 {@code Conv1D}: weight {@code [in, out]}. */
    static Linear inOut(NDArray weight, NDArray bias) {
        return new Linear(weight, bias, true);
    }

    /**
     * x {@code [..., in]} → {@code [..., out]}, owned by x's manager. Both layouts go through PyTorch's
     * {@code linear} (one {@code addmm} with the bias folded into the product, no separate pass over the
     * output); a {@code Conv1D} weight is handed over as its transposed view {@code [out, in]}, which
     * {@code linear} transposes back without a copy.
     */
    NDArray apply(NDArray x) {
        if (storedInOut) {
            NDArray outIn = weight.transpose(); // [out, in], a view of the [in, out] weight
            NDArray y = bias == null
                    ? ai.djl.nn.core.Linear.linear(x, outIn).singletonOrThrow()
                    : ai.djl.nn.core.Linear.linear(x, outIn, bias).singletonOrThrow(); // [..., out]
            outIn.close();
            return y;
        }
        return bias == null
                ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
