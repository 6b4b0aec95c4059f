package io.skillscope.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** A scalar loss built from model calls in the given manager (autograd records it). */
@FunctionalInterface
public interface LossFunction {
    /** Returns a scalar loss created in (or attached to) {@code manager}. */
    NDArray compute(NDManager manager);
}
