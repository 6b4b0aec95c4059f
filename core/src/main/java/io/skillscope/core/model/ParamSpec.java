package io.skillscope.core.model;

import java.util.Arrays;

/**
 * A parameter a model architecture needs: its canonical Hugging Face name, its shape as stored in the
 * checkpoint, and how a fresh model initialises it.
 */
public record ParamSpec(String name, long[] shape, Init init) {
    /** Initialisation of a fresh parameter. */
    public enum Init {
        /** N(0, 0.02²), GPT-2's and Llama's default for matrices and embeddings. */
        NORMAL,
        /** N(0, (0.02/√(2L))²), GPT-2's scaled init for projections into the residual stream. */
        NORMAL_RESIDUAL,
        /** All zeros (biases). */
        ZEROS,
        /** All ones (norm gains). */
        ONES
    }

    public ParamSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Whether weight decay should skip this parameter (biases and norm gains: every 1-D tensor). */
    public boolean noDecay() {
        return shape.length < 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape) && p.init == init;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
