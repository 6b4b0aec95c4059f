package io.skillscope.core;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * The finite-values rule: a NaN or an infinity in weights, logits, statistics, masks or any other result
 * is an error, never a number in a report. Each check names what it looked at and the first bad
 * index (row-major, with the multi-index when the shape is known); {@link NonFiniteException} carries
 * the message.
 */
public final class Finite {
    private Finite() {}

    /** A NaN or infinity where only finite values make sense. */
    public static final class NonFiniteException extends SkillscopeException {
        /** @param message what held the value, where and which value */
        public NonFiniteException(String message) {
            super(message);
        }
    }

    /** Index of the first non-finite value, or -1. */
    public static int firstNonFinite(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses a non-finite value in {@code values}.
     *
     * @param what what the values are, for the message (a tensor, a hook, the logits of a step)
     * @param shape their shape, for the multi-index (null: flat index only)
     * @throws NonFiniteException naming {@code what}, the index and the value
     */
    public static void require(float[] values, String what, long[] shape) {
        int i = firstNonFinite(values, 0, values.length);
        if (i >= 0) {
            throw new NonFiniteException(describe(what, i, values[i], shape));
        }
    }

    /** {@link #require(float[], String, long[])} for doubles (statistics). */
    public static void require(double[] values, String what, long[] shape) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteException(describe(what, i, values[i], shape));
            }
        }
    }

    /** A single number (a loss, an accuracy, a threshold). */
    public static void require(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteException(what + " is " + value);
        }
    }

    /**
     * Refuses a non-finite value in a native array, on its device (only a failing array is copied to the
     * host, to find the index).
     */
    public static void require(NDArray a, String what) {
        boolean bad;
        try (NDArray finite = a.isInfinite().logicalOr(a.isNaN());
                NDArray any = finite.any()) {
            bad = any.getBoolean();
        }
        if (bad) {
            require(
                    a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
                    what,
                    a.getShape().getShape());
        }
    }

    /**
     * Reads every floating-point tensor of a checkpoint once and refuses the first NaN or infinity (the
     * {@code --check-finite} scan of {@code skillscope info}; a load does the same as it reads).
     *
     * @throws NonFiniteException naming the file, the tensor and the index
     */
    public static void requireStored(io.skillscope.core.checkpoint.TensorSource src) {
        for (String name : src.names()) {
            io.skillscope.core.checkpoint.TensorInfo info = src.info(name);
            if (!info.dtype().isFloating()) {
                continue;
            }
            long[] seen = {0};
            src.streamFloats(name, (values, count) -> {
                int bad = firstNonFinite(values, 0, count);
                if (bad >= 0) {
                    throw new NonFiniteException(
                            describe(src.path() + ": tensor '" + name + "'", seen[0] + bad, values[bad], info.shape()));
                }
                seen[0] += count;
            });
        }
    }

    /** {@code "WHAT holds NaN at index 12 [0, 12]"}. */
    public static String describe(String what, long index, double value, long[] shape) {
        String kind = Double.isNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity";
        String at = "index " + index;
        if (shape != null && shape.length > 1) {
            long[] multi = new long[shape.length];
            long rest = index;
            for (int d = shape.length - 1; d >= 0; d--) {
                multi[d] = shape[d] == 0 ? 0 : rest % shape[d];
                rest = shape[d] == 0 ? 0 : rest / shape[d];
            }
            at += " " + Arrays.toString(multi);
        }
        return what + " holds " + kind + " at " + at;
    }
}
