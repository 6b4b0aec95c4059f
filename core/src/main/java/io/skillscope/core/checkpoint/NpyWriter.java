package io.skillscope.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes NumPy {@code .npy} files (format version 1.0) so that arrays computed on the JVM open with
 * {@code numpy.load} for plotting and cross-checks.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian u16 header length,
 * then an ASCII Python dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded
 * with spaces and ending in {@code \n} so that the data starts on a 64-byte boundary, then the data
 * row-major. Writes are atomic.
 */
public final class NpyWriter {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyWriter() {}

    /**
     * Writes a float32 array.
     *
     * @param file the {@code .npy} file to create or replace
     * @param data elements in row-major order
     * @param shape dimensions whose product is {@code data.length}; none for a scalar
     * @throws IllegalArgumentException if the shape does not match the data
     * @throws CheckpointException if the write fails
     */
    public static void write(Path file, float[] data, long... shape) {
        long numel = TensorInfo.numel(shape, file.toString());
        if (numel != data.length) {
            throw new IllegalArgumentException(file + ": shape " + Arrays.toString(shape) + " has " + numel
                    + " elements, data has " + data.length);
        }
        byte[] header = header("<f4", shape);
        AtomicFiles.write(file, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header), 0);
            long position = header.length;
            int perChunk = TensorCodec.CHUNK_BYTES / 4;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(TensorCodec.CHUNK_BYTES, 4L * data.length))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < data.length; from += perChunk) {
                int count = Math.min(perChunk, data.length - from);
                buf.clear();
                buf.asFloatBuffer().put(data, from, count);
                buf.limit(4 * count);
                AtomicFiles.writeFully(ch, buf, position);
                position += 4L * count;
            }
        });
    }

    /**
     * Writes a host tensor as float32 (widened or rounded as {@link HostTensor#toFloats()} does).
     *
     * @param file the {@code .npy} file
     * @param tensor the tensor
     */
    public static void write(Path file, HostTensor tensor) {
        write(file, tensor.toFloats(), tensor.shape());
    }

    /** The preamble and header dict for a dtype descriptor and shape, padded to 64 bytes. */
    static byte[] header(String descr, long[] shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
        }
        tuple.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int preamble = MAGIC.length + 2 + 2;
        int total = (preamble + dict.length() + 1 + 63) / 64 * 64;
        int headerLength = total - preamble;
        if (headerLength > 0xffff) {
            throw new IllegalArgumentException("npy header too long for version 1.0: " + headerLength);
        }
        String padded = dict + " ".repeat(headerLength - dict.length() - 1) + "\n";
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        out.put(padded.getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }
}
