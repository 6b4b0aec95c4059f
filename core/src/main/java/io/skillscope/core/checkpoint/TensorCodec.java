package io.skillscope.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves elements between little-endian byte chunks and the Java arrays that back a {@link HostTensor}.
 *
 * <p>Storage per dtype: F32 {@code float[]}, F64 {@code double[]}, F16 and BF16 {@code short[]} (raw
 * bits), I64 {@code long[]}, I32 {@code int[]}, I8, U8 and BOOL {@code byte[]}. Chunks always hold whole
 * elements: callers size them in multiples of 8 bytes.
 */
final class TensorCodec {

    /** Chunk size for streamed reads and writes: big enough for throughput, small enough for the heap. */
    static final int CHUNK_BYTES = 8 << 20;

    private TensorCodec() {}

    static Object allocate(DType dtype, int n) {
        return switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case F16, BF16 -> new short[n];
            case I64 -> new long[n];
            case I32 -> new int[n];
            case I8, U8, BOOL -> new byte[n];
        };
    }

    static int length(Object array) {
        if (array instanceof float[] a) {
            return a.length;
        } else if (array instanceof double[] a) {
            return a.length;
        } else if (array instanceof short[] a) {
            return a.length;
        } else if (array instanceof long[] a) {
            return a.length;
        } else if (array instanceof int[] a) {
            return a.length;
        } else if (array instanceof byte[] a) {
            return a.length;
        }
        throw new IllegalArgumentException("not a tensor storage array: " + array);
    }

    /** Decodes all whole elements remaining in {@code le} into {@code dst} from index {@code at}. */
    static int decode(DType dtype, ByteBuffer le, Object dst, int at) {
        le.order(ByteOrder.LITTLE_ENDIAN);
        int n = le.remaining() / dtype.byteSize();
        switch (dtype) {
            case F32 -> le.asFloatBuffer().get((float[]) dst, at, n);
            case F64 -> le.asDoubleBuffer().get((double[]) dst, at, n);
            case F16, BF16 -> le.asShortBuffer().get((short[]) dst, at, n);
            case I64 -> le.asLongBuffer().get((long[]) dst, at, n);
            case I32 -> le.asIntBuffer().get((int[]) dst, at, n);
            case I8, U8, BOOL -> le.duplicate().get((byte[]) dst, at, n);
        }
        le.position(le.position() + n * dtype.byteSize());
        return n;
    }

    /** Decodes all whole elements remaining in {@code le}, widened to float, into {@code dst[at..]}. */
    static int decodeFloats(DType dtype, ByteBuffer le, float[] dst, int at) {
        le.order(ByteOrder.LITTLE_ENDIAN);
        int n = le.remaining() / dtype.byteSize();
        int p = le.position();
        switch (dtype) {
            case F32 -> le.asFloatBuffer().get(dst, at, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = HalfFloats.halfToFloat(le.getShort(p + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = HalfFloats.bf16ToFloat(le.getShort(p + 2 * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = (float) le.getDouble(p + 8 * i);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = le.getLong(p + 8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = le.getInt(p + 4 * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = le.get(p + i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    dst[at + i] = le.get(p + i) & 0xff;
                }
            }
        }
        le.position(p + n * dtype.byteSize());
        return n;
    }

    /** Encodes {@code count} elements of {@code src} from {@code from} into {@code le}. */
    static void encode(DType dtype, Object src, int from, int count, ByteBuffer le) {
        le.order(ByteOrder.LITTLE_ENDIAN);
        int bytes = count * dtype.byteSize();
        ByteBuffer slice = le.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> slice.asFloatBuffer().put((float[]) src, from, count);
            case F64 -> slice.asDoubleBuffer().put((double[]) src, from, count);
            case F16, BF16 -> slice.asShortBuffer().put((short[]) src, from, count);
            case I64 -> slice.asLongBuffer().put((long[]) src, from, count);
            case I32 -> slice.asIntBuffer().put((int[]) src, from, count);
            case I8, U8, BOOL -> slice.put((byte[]) src, from, count);
        }
        le.position(le.position() + bytes);
    }

    /** Integer and boolean storage widened to longs (U8 and BOOL unsigned); null for floating types. */
    static long[] toLongs(DType dtype, Object data) {
        int n = length(data);
        long[] out = new long[n];
        switch (dtype) {
            case I64 -> System.arraycopy(data, 0, out, 0, n);
            case I32 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < n; i++) {
                    out[i] = a[i];
                }
            }
            case I8 -> {
                byte[] a = (byte[]) data;
                for (int i = 0; i < n; i++) {
                    out[i] = a[i];
                }
            }
            case U8, BOOL -> {
                byte[] a = (byte[]) data;
                for (int i = 0; i < n; i++) {
                    out[i] = a[i] & 0xff;
                }
            }
            default -> {
                return null;
            }
        }
        return out;
    }

    /** Longs narrowed to an integer or boolean dtype's storage, range-checked (BOOL: non-zero). */
    static Object narrowLongs(long[] values, DType target) {
        Object out = allocate(target, values.length);
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            switch (target) {
                case I64 -> ((long[]) out)[i] = v;
                case I32 -> ((int[]) out)[i] = (int) checkRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, i);
                case I8 -> ((byte[]) out)[i] = (byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, i);
                case U8 -> ((byte[]) out)[i] = (byte) checkRange(v, 0, 255, i);
                case BOOL -> ((byte[]) out)[i] = (byte) (v != 0 ? 1 : 0);
                default -> throw new IllegalArgumentException("not an integer dtype: " + target);
            }
        }
        return out;
    }

    private static long checkRange(long v, long min, long max, int index) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    "asType: element " + index + " = " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }
}
