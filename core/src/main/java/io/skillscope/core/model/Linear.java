package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

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
     * {@code linear} on x viewed as {@code [N, in]}: for a 2-d input that is one {@code addmm} with the bias
     * folded into the product (for a 3-d input, the C++ API's {@code linear} runs {@code matmul} and then
     * adds the bias in a second pass over the output). A {@code Conv1D} weight is handed over as its
     * transposed view {@code [out, in]}, which {@code linear} transposes back without a copy.
     */
    NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        boolean flat = shape.dimension() == 2;
        NDArray rows = flat ? x : x.reshape(-1, shape.get(shape.dimension() - 1)); // [N, in]
        NDArray w = storedInOut ? weight.transpose() : weight; // [out, in], a view of a Conv1D weight
        NDArray y = bias == null
                ? ai.djl.nn.core.Linear.linear(rows, w).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(rows, w, bias).singletonOrThrow(); // [N, out]
        if (storedInOut) {
            w.close();
        }
        if (flat) {
            return y;
        }
        rows.close();
        long[] dims = shape.getShape().clone(); // getShape() is the Shape's own array
        dims[dims.length - 1] = y.getShape().get(1);
        NDArray out = y.reshape(dims); // [..., out], a view
        y.close();
        return out;
    }
}
