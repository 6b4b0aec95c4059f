package io.skillscope.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A tensor in JVM heap memory: a dtype, a row-major shape and the elements, the plain currency that
 * checkpoints, masks and statistics are passed around in before (or instead of) becoming NDArrays.
 *
 * <p>Immutable: factories copy their input and accessors return copies. F16 and BF16 tensors hold raw
 * 16-bit patterns and widen to float32 in Java ({@link #toFloats()}); {@link #toNDArray(NDManager)} never
 * creates a half-precision NDArray. Equality is by dtype, shape and content (floats compared by
 * {@link Float#floatToIntBits}, so NaN equals NaN).
 */
public final class HostTensor {

    private final DType dtype;
    private final long[] shape;
    private final Object data;

    private HostTensor(DType dtype, long[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        long numel = TensorInfo.numel(shape, "HostTensor");
        int length = TensorCodec.length(data);
        if (numel != length) {
            throw new IllegalArgumentException("HostTensor "
                    + dtype
                    + ": shape "
                    + Arrays.toString(shape)
                    + " has "
                    + numel
                    + " elements but the data has "
                    + length);
        }
    }

    /** Wraps storage without copying; for readers in this package that own the array. */
    static HostTensor wrap(DType dtype, long[] shape, Object data) {
        return new HostTensor(dtype, shape.clone(), data);
    }

    /**
     * A float32 tensor.
     *
     * @param data elements in row-major order (copied)
     * @param shape dimensions; none for a scalar
     * @return the tensor
     * @throws IllegalArgumentException if {@code data.length != prod(shape)}
     */
    public static HostTensor ofFloats(float[] data, long... shape) {
        return new HostTensor(DType.F32, shape.clone(), data.clone());
    }

    /**
     * A float64 tensor.
     *
     * @param data elements in row-major order (copied)
     * @param shape dimensions
     * @return the tensor
     */
    public static HostTensor ofDoubles(double[] data, long... shape) {
        return new HostTensor(DType.F64, shape.clone(), data.clone());
    }

    /**
     * An unsigned 8-bit tensor (values 0..255 stored in Java's signed bytes).
     *
     * @param data elements in row-major order (copied)
     * @param shape dimensions
     * @return the tensor
     */
    public static HostTensor ofU8(byte[] data, long... shape) {
        return new HostTensor(DType.U8, shape.clone(), data.clone());
    }

    /**
     * A signed 8-bit tensor.
     *
     * @param data elements in row-major order (copied)
     * @param shape dimensions
     * @return the tensor
     */
    public static HostTensor ofI8(byte[] data, long... shape) {
        return new HostTensor(DType.I8, shape.clone(), data.clone());
    }

    /**
     * A boolean tensor, stored as one byte (0 or 1) per element.
     *
     * @param data elements in row-major order
     * @param shape dimensions
     * @return the tensor
     */
    public static HostTensor ofBool(boolean[] data, long... shape) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return new HostTensor(DType.BOOL, shape.clone(), bytes);
    }

    /**
     * A signed 64-bit integer tensor.
     *
     * @param data elements in row-major order (copied)
     * @param shape dimensions
     * @return the tensor
     */
    public static HostTensor ofI64(long[] data, long... shape) {
        return new HostTensor(DType.I64, shape.clone(), data.clone());
    }

    /**
     * A signed 32-bit integer tensor.
     *
     * @param data elements in row-major order (copied)
     * @param shape dimensions
     * @return the tensor
     */
    public static HostTensor ofI32(int[] data, long... shape) {
        return new HostTensor(DType.I32, shape.clone(), data.clone());
    }

    /**
     * A tensor from its stored little-endian bytes, in any dtype; the way to make F16 and BF16 tensors
     * from raw bits (use {@link #asType(DType)} to narrow floats instead).
     *
     * @param dtype the element type
     * @param littleEndian {@code prod(shape) * dtype.byteSize()} bytes
     * @param shape dimensions
     * @return the tensor
     * @throws IllegalArgumentException if the byte count does not match the shape
     */
    public static HostTensor ofRaw(DType dtype, byte[] littleEndian, long... shape) {
        long numel = TensorInfo.numel(shape, "HostTensor");
        if (numel * dtype.byteSize() != littleEndian.length) {
            throw new IllegalArgumentException("HostTensor.ofRaw "
                    + dtype
                    + Arrays.toString(shape)
                    + " needs "
                    + numel * dtype.byteSize()
                    + " bytes, got "
                    + littleEndian.length);
        }
        Object storage = TensorCodec.allocate(dtype, (int) numel);
        TensorCodec.decode(dtype, ByteBuffer.wrap(littleEndian), storage, 0);
        return new HostTensor(dtype, shape.clone(), storage);
    }

    /**
     * The element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * A copy of the dimensions.
     *
     * @return the shape, row-major
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return {@code shape().length}
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The number of elements, {@code prod(shape)}.
     *
     * @return the element count
     */
    public long numel() {
        return TensorCodec.length(data);
    }

    /**
     * The stored byte count, {@code numel * dtype.byteSize()}.
     *
     * @return bytes
     */
    public long byteLength() {
        return numel() * dtype.byteSize();
    }

    /**
     * The elements as float32, widened where needed: F16 and BF16 exactly, F64 rounded, integers
     * converted (exact up to 2^24), U8 and BOOL as unsigned.
     *
     * @return a new array
     */
    public float[] toFloats() {
        if (data instanceof float[] f) {
            return f.clone();
        }
        int n = (int) numel();
        float[] out = new float[n];
        forEachChunk(chunk -> {}, (chunk, at) -> TensorCodec.decodeFloats(dtype, chunk, out, at));
        return out;
    }

    /**
     * A read-only view of a float32 tensor's elements, without copying.
     *
     * @return the view
     * @throws IllegalStateException if the dtype is not F32
     */
    public FloatBuffer floatView() {
        if (!(data instanceof float[] f)) {
            throw new IllegalStateException("floatView needs an F32 tensor, this one is " + dtype);
        }
        return FloatBuffer.wrap(f).asReadOnlyBuffer();
    }

    /**
     * The elements as float64: F64 exactly, everything else through {@link #toFloats()} or {@link
     * #toI64()}.
     *
     * @return a new array
     */
    public double[] toDoubles() {
        if (data instanceof double[] d) {
            return d.clone();
        }
        double[] out = new double[(int) numel()];
        if (dtype.isFloating()) {
            float[] f = toFloats();
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
        } else {
            long[] l = toI64();
            for (int i = 0; i < out.length; i++) {
                out[i] = l[i];
            }
        }
        return out;
    }

    /**
     * The raw bytes of a U8, I8 or BOOL tensor.
     *
     * @return a new array
     * @throws IllegalStateException for any other dtype
     */
    public byte[] toU8() {
        if (data instanceof byte[] b) {
            return b.clone();
        }
        throw new IllegalStateException("toU8 needs a U8, I8 or BOOL tensor, this one is " + dtype);
    }

    /**
     * The elements of an integer or boolean tensor as longs (U8 and BOOL as unsigned).
     *
     * @return a new array
     * @throws IllegalStateException for a floating-point dtype
     */
    public long[] toI64() {
        long[] out = TensorCodec.toLongs(dtype, data);
        if (out == null) {
            throw new IllegalStateException("toI64 needs an integer or BOOL tensor, this one is " + dtype);
        }
        return out;
    }

    /**
     * The elements of a BOOL (or integer) tensor as booleans, true where non-zero.
     *
     * @return a new array
     */
    public boolean[] toBooleans() {
        long[] l = toI64();
        boolean[] out = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i] != 0;
        }
        return out;
    }

    /**
     * The stored bytes, little-endian, as they appear in a safetensors data section.
     *
     * @return a new array of {@link #byteLength()} bytes
     * @throws IllegalStateException if the tensor has more than 2^31 - 9 bytes (stream it with a writer)
     */
    public byte[] littleEndianBytes() {
        long bytes = byteLength();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(this + " has " + bytes + " bytes, too many for one byte[]");
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        forEachChunk(out::put, null);
        return out.array();
    }

    /**
     * Streams the stored little-endian bytes in chunks; each chunk is valid only during the call.
     *
     * @param sink receives each chunk (position 0 to limit)
     */
    void forEachChunk(Consumer<ByteBuffer> sink) {
        forEachChunk(sink, null);
    }

    private interface ChunkDecoder {
        void accept(ByteBuffer chunk, int at);
    }

    private void forEachChunk(Consumer<ByteBuffer> sink, ChunkDecoder decoder) {
        int n = (int) numel();
        int size = dtype.byteSize();
        int perChunk = TensorCodec.CHUNK_BYTES / size;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(TensorCodec.CHUNK_BYTES, (long) n * size))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < n; from += perChunk) {
            int count = Math.min(perChunk, n - from);
            buf.clear();
            TensorCodec.encode(dtype, data, from, count, buf);
            buf.flip();
            if (decoder != null) {
                decoder.accept(buf, from);
            } else {
                sink.accept(buf);
            }
        }
    }

    /**
     * This tensor converted to another dtype: to a floating type from any type (F16/BF16 round to
     * nearest even via {@link HalfFloats}), or between integer and boolean types (range-checked).
     *
     * @param target the dtype wanted
     * @return this tensor if the dtype already matches, else a converted copy
     * @throws IllegalArgumentException for a float-to-integer conversion or an out-of-range integer
     */
    public HostTensor asType(DType target) {
        if (target == dtype) {
            return this;
        }
        int n = (int) numel();
        switch (target) {
            case F32:
                return new HostTensor(target, shape, toFloats());
            case F64:
                return new HostTensor(target, shape, toDoubles());
            case F16:
            case BF16:
                float[] f = toFloats();
                short[] bits = new short[n];
                for (int i = 0; i < n; i++) {
                    bits[i] = target == DType.F16 ? HalfFloats.floatToHalf(f[i]) : HalfFloats.floatToBf16(f[i]);
                }
                return new HostTensor(target, shape, bits);
            default:
                break;
        }
        if (dtype.isFloating()) {
            throw new IllegalArgumentException(
                    "asType: no implicit conversion from " + dtype + " to " + target + " (round explicitly)");
        }
        return new HostTensor(target, shape, TensorCodec.narrowLongs(toI64(), target));
    }

    /**
     * The same elements under another shape with the same element count.
     *
     * @param newShape dimensions whose product is {@link #numel()}
     * @return a new tensor sharing nothing mutable with this one
     */
    public HostTensor reshape(long... newShape) {
        return new HostTensor(dtype, newShape.clone(), data);
    }

    /**
     * Copies this tensor into native memory. F16 and BF16 are widened to a FLOAT32 NDArray; U8 becomes
     * UINT8, BOOL becomes BOOLEAN.
     *
     * @param manager the manager that will own the array
     * @return a new NDArray of this shape
     */
    public NDArray toNDArray(NDManager manager) {
        Shape s = new Shape(shape);
        return switch (dtype) {
            case F32 -> manager.create((float[]) data, s);
            case F16, BF16 -> manager.create(toFloats(), s);
            case F64 -> manager.create((double[]) data, s);
            case I64 -> manager.create((long[]) data, s);
            case I32 -> manager.create((int[]) data, s);
            case I8 -> manager.create((byte[]) data, s);
            case U8 -> manager.create(ByteBuffer.wrap((byte[]) data), s, DataType.UINT8);
            case BOOL -> manager.create(toBooleans(), s);
        };
    }

    /**
     * Copies an NDArray to the host. FLOAT16 and BFLOAT16 arrays are converted to FLOAT32 first.
     *
     * @param array the array (left open)
     * @return a host tensor of the same shape
     * @throws IllegalArgumentException for data types without a safetensors counterpart
     */
    public static HostTensor fromNDArray(NDArray array) {
        long[] s = array.getShape().getShape();
        return switch (array.getDataType()) {
            case FLOAT32 -> new HostTensor(DType.F32, s, array.toFloatArray());
            case FLOAT16, BFLOAT16 -> {
                try (NDArray f = array.toType(DataType.FLOAT32, true)) {
                    yield new HostTensor(DType.F32, s, f.toFloatArray());
                }
            }
            case FLOAT64 -> new HostTensor(DType.F64, s, array.toDoubleArray());
            case INT64 -> new HostTensor(DType.I64, s, array.toLongArray());
            case INT32 -> new HostTensor(DType.I32, s, array.toIntArray());
            case INT8 -> new HostTensor(DType.I8, s, array.toByteArray());
            case UINT8 -> new HostTensor(DType.U8, s, array.toByteArray());
            case BOOLEAN -> new HostTensor(DType.BOOL, s, array.toByteArray());
            default -> throw new IllegalArgumentException("fromNDArray: unsupported data type " + array.getDataType());
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HostTensor t) || t.dtype != dtype || !Arrays.equals(t.shape, shape)) {
            return false;
        }
        return switch (dtype) {
            case F32 -> Arrays.equals((float[]) data, (float[]) t.data);
            case F64 -> Arrays.equals((double[]) data, (double[]) t.data);
            case F16, BF16 -> Arrays.equals((short[]) data, (short[]) t.data);
            case I64 -> Arrays.equals((long[]) data, (long[]) t.data);
            case I32 -> Arrays.equals((int[]) data, (int[]) t.data);
            case I8, U8, BOOL -> Arrays.equals((byte[]) data, (byte[]) t.data);
        };
    }

    @Override
    public int hashCode() {
        int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
        int c = switch (dtype) {
            case F32 -> Arrays.hashCode((float[]) data);
            case F64 -> Arrays.hashCode((double[]) data);
            case F16, BF16 -> Arrays.hashCode((short[]) data);
            case I64 -> Arrays.hashCode((long[]) data);
            case I32 -> Arrays.hashCode((int[]) data);
            case I8, U8, BOOL -> Arrays.hashCode((byte[]) data);
        };
        return 31 * h + c;
    }

    /** Shows the dtype and the shape, never the numbers: {@code HostTensor F32[2, 3]}. */
    @Override
    public String toString() {
        return "HostTensor " + dtype + Arrays.toString(shape);
    }
}
