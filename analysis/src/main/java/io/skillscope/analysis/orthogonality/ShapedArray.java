package io.skillscope.analysis.orthogonality;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense row-major float tensor: flat values and a shape, as it leaves native memory
 * ({@code NDArray.toFloatArray()} and {@code getShape()}).
 *
 * <p>The array is not copied (updates are large); callers must not modify it afterwards.
 *
 * @param values flat row-major values
 * @param shape  dimensions, each ≥ 1, whose product equals {@code values.length}
 */
public record ShapedArray(float[] values, int[] shape) {
    /** Validates that the shape matches the number of values. */
    public ShapedArray {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(shape, "shape");
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("shape dimensions must be >= 1, got " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " elements but "
                    + values.length + " values were given");
        }
    }

    /** A vector (1-D) of these values. */
    public static ShapedArray vector(float... values) {
        return new ShapedArray(values, new int[] {values.length});
    }

    /** A rows × cols matrix of row-major values. */
    public static ShapedArray matrix(int rows, int cols, float... values) {
        return new ShapedArray(values, new int[] {rows, cols});
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Whether this is a 2-D matrix (principal angles apply). */
    public boolean isMatrix() {
        return shape.length == 2;
    }

    /** Euclidean norm, accumulated in double. */
    public double norm() {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** The matrix as {@code double[rows][cols]}. */
    public double[][] toMatrix() {
        if (!isMatrix()) {
            throw new IllegalStateException("not a matrix: shape " + Arrays.toString(shape));
        }
        double[][] m = new double[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                m[i][j] = values[i * shape[1] + j];
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShapedArray s && Arrays.equals(s.values, values) && Arrays.equals(s.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(shape);
    }

    /** {@code ShapedArray[128x512, norm 0.0312]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ShapedArray[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : "x").append(shape[i]);
        }
        return s.append(String.format(java.util.Locale.ROOT, ", norm %.4g]", norm()))
                .toString();
    }
}
