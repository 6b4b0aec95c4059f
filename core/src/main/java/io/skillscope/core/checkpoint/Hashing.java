package io.skillscope.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * SHA-256 digests for provenance: of a file's bytes, and of a set of tensors' content independent of
 * how they are laid out in files.
 */
public final class Hashing {

    private Hashing() {}

    /**
     * The SHA-256 of a file's bytes, streamed; equals {@code sha256sum FILE}.
     *
     * @param file the file
     * @return 64 lowercase hex digits
     * @throws CheckpointException if the file cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest md = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read for hashing (" + e + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * A content hash of every tensor in a source, independent of file layout, sharding, header padding
     * and metadata: for each name in sorted order, the digest takes the UTF-8 name and a 0 byte, the
     * dtype's safetensors name and a 0 byte, the rank and each dimension as little-endian int64, then the
     * stored little-endian bytes. Two checkpoints hash equal iff they hold the same tensors bit for bit.
     *
     * @param source the tensors
     * @return 64 lowercase hex digits
     */
    public static String sha256(TensorSource source) {
        MessageDigest md = newDigest();
        for (String name : source.names()) {
            TensorInfo info = source.info(name);
            header(md, name, info.dtype(), info.shape());
            source.streamBytes(name, md::update);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The {@link #sha256(TensorSource)} hash of tensors held in memory, such as a model's weights as they
     * are now (edited in place after loading or not): the same digest over {@code names} in sorted order,
     * each tensor read one at a time. A model's {@code F32} weights hash equal to a safetensors file that
     * stores them as {@code F32}.
     *
     * @param names the tensor names (any order)
     * @param read the tensor of a name, on the host
     * @return 64 lowercase hex digits
     */
    public static String sha256(Collection<String> names, Function<String, HostTensor> read) {
        MessageDigest md = newDigest();
        for (String name : new TreeSet<>(names)) {
            HostTensor t = read.apply(name);
            header(md, name, t.dtype(), t.shape());
            md.update(t.littleEndianBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The hash of {@link #sha256(Collection, Function)}, with each tensor's little-endian bytes streamed
     * in chunks rather than copied whole to the heap.
     *
     * @param names the tensor names (hashed in sorted order)
     * @param dtype each tensor's dtype
     * @param shape each tensor's dimensions
     * @param bytes streams a tensor's little-endian bytes, in order, to the sink it is given
     * @return 64 lowercase hex digits
     */
    public static String sha256Streamed(
            Collection<String> names,
            Function<String, DType> dtype,
            Function<String, long[]> shape,
            BiConsumer<String, Consumer<ByteBuffer>> bytes) {
        MessageDigest md = newDigest();
        for (String name : new TreeSet<>(names)) {
            header(md, name, dtype.apply(name), shape.apply(name));
            bytes.accept(name, md::update);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The UTF-8 name and a 0 byte, the dtype's safetensors name and a 0 byte, rank and dims as LE int64. */
    private static void header(MessageDigest md, String name, DType dtype, long[] shape) {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(dtype.safetensorsName().getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        ByteBuffer dims = ByteBuffer.allocate(8 * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
        dims.putLong(shape.length);
        for (long d : shape) {
            dims.putLong(d);
        }
        md.update(dims.array());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
