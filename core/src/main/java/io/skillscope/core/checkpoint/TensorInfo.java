package io.skillscope.core.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lies in a safetensors file: its name, dtype, shape and byte range.
 *
 * <p>{@code begin} and {@code end} are offsets into the data section (the bytes after the header), as
 * in the format's {@code data_offsets}; the tensor occupies {@code [begin, end)} and
 * {@code end - begin = numel * dtype.byteSize()}.
 *
 * @param name the tensor's name in the file
 * @param dtype the stored element type
 * @param shape the dimensions, row-major; empty for a scalar
 * @param begin first byte, relative to the data section
 * @param end one past the last byte, relative to the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /**
     * Validates the entry: non-negative dimensions, a byte range that matches the shape.
     *
     * @throws CheckpointException naming the tensor and the offending value
     */
    public TensorInfo {
        if (name == null || name.isEmpty()) {
            throw new CheckpointException("tensor name must be a non-empty string, got " + name);
        }
        if (dtype == null) {
            throw new CheckpointException("tensor " + name + ": dtype is null");
        }
        if (shape == null) {
            throw new CheckpointException("tensor " + name + ": shape is null");
        }
        shape = shape.clone();
        long numel = numel(shape, name);
        if (begin < 0 || end < begin) {
            throw new CheckpointException(
                    "tensor " + name + ": data_offsets [" + begin + ", " + end + "] are not 0 <= begin <= end");
        }
        long bytes = multiply(numel, dtype.byteSize(), name, shape);
        if (end - begin != bytes) {
            throw new CheckpointException("tensor "
                    + name
                    + ": shape "
                    + Arrays.toString(shape)
                    + " of "
                    + dtype
                    + " needs "
                    + bytes
                    + " bytes but data_offsets ["
                    + begin
                    + ", "
                    + end
                    + "] span "
                    + (end - begin));
        }
    }

    /**
     * The shape's element count, {@code prod(shape)} (1 for a scalar).
     *
     * @param shape dimensions
     * @param what the tensor's name, for messages
     * @return the product
     * @throws CheckpointException on a negative dimension or an overflow of 64 bits
     */
    static long numel(long[] shape, String what) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new CheckpointException(
                        "tensor " + what + ": negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
            n = multiply(n, d, what, shape);
        }
        return n;
    }

    private static long multiply(long a, long b, String what, long[] shape) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new CheckpointException(
                    "tensor " + what + ": shape " + Arrays.toString(shape) + " overflows 64-bit sizes");
        }
    }

    /**
     * The number of elements, {@code prod(shape)}.
     *
     * @return the element count (1 for a scalar)
     */
    public long numel() {
        return numel(shape, name);
    }

    /**
     * The number of stored bytes, {@code end - begin}.
     *
     * @return the byte length
     */
    public long byteLength() {
        return end - begin;
    }

    /**
     * A copy of the shape.
     *
     * @return the dimensions
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && name.equals(t.name)
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && begin == t.begin
                && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
