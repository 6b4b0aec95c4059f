package io.skillscope.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * A read-only set of named tensors on disk, read lazily one tensor at a time: a safetensors file, or a
 * Hugging Face folder with one file or a sharded index.
 *
 * <p>Opening reads only headers; {@link #read} and {@link #readFloats} read just the bytes of the tensor
 * asked for, so weight-space work (masks, deltas, merges) never holds two whole models in memory. Use it
 * in try-with-resources:
 *
 * <pre>{@code
 * try (TensorSource src = TensorSource.open(Path.of("gpt2"))) {
 *   float[] wte = src.readFloats("transformer.wte.weight");
 * }
 * }</pre>
 */
public interface TensorSource extends AutoCloseable {

    /**
     * Opens a checkpoint: a {@code .safetensors} file, a {@code model.safetensors.index.json} file, or a
     * folder holding either ({@code model.safetensors} is preferred, then the index, then a single
     * {@code *.safetensors} file). Pickled checkpoints ({@code .bin}, {@code .pt}, {@code .pth},
     * {@code .ckpt}) are refused: unpickling runs arbitrary code.
     *
     * @param fileOrFolder the file or folder
     * @return an open source; close it when done
     * @throws CheckpointException if nothing readable is there, naming the path and what was found
     */
    static TensorSource open(Path fileOrFolder) {
        return CheckpointLocator.open(fileOrFolder);
    }

    /**
     * The tensor names, sorted.
     *
     * @return an unmodifiable sorted set
     */
    SortedSet<String> names();

    /**
     * Where and how a tensor is stored.
     *
     * @param name the tensor name
     * @return its dtype, shape and byte range (relative to its file's data section)
     * @throws CheckpointException naming the missing tensor and the file
     */
    TensorInfo info(String name);

    /**
     * Whether a tensor of this name exists.
     *
     * @param name the tensor name
     * @return true if present
     */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /**
     * Streams a tensor's stored little-endian bytes in chunks of whole elements, without loading it
     * whole; the way to hash or copy tensors of any size. Each chunk is valid only during the call.
     *
     * @param name the tensor name
     * @param sink receives the chunks in order
     * @throws CheckpointException if the tensor is missing or the read fails
     */
    default void streamBytes(String name, Consumer<ByteBuffer> sink) {
        streamBytes(name, 0, info(name).numel(), sink);
    }

    /**
     * Streams the stored little-endian bytes of elements {@code [first, first + count)} of a tensor (in
     * row-major order), in chunks of whole elements, reading only that byte range: the way to work on a
     * slice of a tensor too large to hold. Each chunk is valid only during the call.
     *
     * @param name the tensor name
     * @param first the first element
     * @param count how many elements
     * @param sink receives the chunks in order
     * @throws CheckpointException if the tensor is missing, the range lies outside it, or the read fails
     */
    void streamBytes(String name, long first, long count, Consumer<ByteBuffer> sink);

    /**
     * Reads elements {@code [first, first + count)} of a tensor as float32 (widened or converted as
     * {@link #readFloats(String)} does) into {@code dst[0..count)}, reading only their bytes.
     *
     * @param name the tensor name
     * @param first the first element, in row-major order
     * @param dst receives the values
     * @param count how many elements, at most {@code dst.length}
     * @throws CheckpointException if the tensor is missing, the range lies outside it, or the read fails
     */
    default void readFloats(String name, long first, float[] dst, int count) {
        TensorInfo info = info(name);
        if (count > dst.length) {
            throw new IllegalArgumentException(count + " elements do not fit an array of " + dst.length);
        }
        int[] at = {0};
        streamBytes(name, first, count, chunk -> at[0] += TensorCodec.decodeFloats(info.dtype(), chunk, dst, at[0]));
    }

    /**
     * Reads a tensor in its stored dtype, except that F16 and BF16 are widened to F32.
     *
     * @param name the tensor name
     * @return the tensor
     * @throws CheckpointException if missing, or if it has more than 2^31 - 1 elements
     */
    default HostTensor read(String name) {
        TensorInfo info = info(name);
        if (info.dtype() == DType.F16 || info.dtype() == DType.BF16) {
            return HostTensor.wrap(DType.F32, info.shape(), readFloats(name));
        }
        return readStored(name);
    }

    /**
     * Reads a tensor exactly as stored, F16 and BF16 included (as raw 16-bit patterns); the way to copy
     * tensors into another file without changing them.
     *
     * @param name the tensor name
     * @return the tensor in its stored dtype
     * @throws CheckpointException if missing, or if it has more than 2^31 - 1 elements
     */
    default HostTensor readStored(String name) {
        TensorInfo info = info(name);
        int n = arrayLength(info, path());
        Object storage = TensorCodec.allocate(info.dtype(), n);
        int[] at = {0};
        streamBytes(name, chunk -> at[0] += TensorCodec.decode(info.dtype(), chunk, storage, at[0]));
        return HostTensor.wrap(info.dtype(), info.shape(), storage);
    }

    /**
     * Reads a tensor as float32, whatever its stored dtype: F16 and BF16 widened exactly, F64 rounded,
     * integers converted.
     *
     * @param name the tensor name
     * @return {@code numel} floats in row-major order
     * @throws CheckpointException if missing, or if it has more than 2^31 - 1 elements
     */
    default float[] readFloats(String name) {
        TensorInfo info = info(name);
        float[] out = new float[arrayLength(info, path())];
        int[] at = {0};
        streamBytes(name, chunk -> at[0] += TensorCodec.decodeFloats(info.dtype(), chunk, out, at[0]));
        return out;
    }

    /**
     * Streams a tensor as float32 values (widened or converted as {@link #readFloats} does), chunk by chunk,
     * through one reused scratch array, so that a tensor of any size is read without a heap copy of it.
     * Each call of the sink sees {@code values[0..count)}, valid only during the call.
     *
     * @param name the tensor name
     * @param sink receives the values in row-major order
     * @throws CheckpointException if the tensor is missing or the read fails
     */
    default void streamFloats(String name, ObjIntConsumer<float[]> sink) {
        TensorInfo info = info(name);
        float[][] scratch = {new float[0]};
        streamBytes(name, chunk -> {
            int n = chunk.remaining() / info.dtype().byteSize();
            if (scratch[0].length < n) {
                scratch[0] = new float[n];
            }
            TensorCodec.decodeFloats(info.dtype(), chunk, scratch[0], 0);
            sink.accept(scratch[0], n);
        });
    }

    /**
     * The string metadata stored with the checkpoint (a safetensors {@code __metadata__}, or an index's
     * {@code metadata}).
     *
     * @return an unmodifiable map, empty if none
     */
    Map<String, String> metadata();

    /**
     * The file or folder this source was opened from.
     *
     * @return the path
     */
    Path path();

    /** Releases the open files; the source cannot be read afterwards. */
    @Override
    void close();

    private static int arrayLength(TensorInfo info, Path path) {
        long numel = info.numel();
        if (numel > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path
                    + ": tensor "
                    + info.name()
                    + " has "
                    + numel
                    + " elements, more than a Java array holds (2^31 - 9); stream it with streamBytes");
        }
        return (int) numel;
    }
}
