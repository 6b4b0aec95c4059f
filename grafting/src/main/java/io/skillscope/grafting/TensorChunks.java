package io.skillscope.grafting;

import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.memory.MemoryEstimate;

/**
 * One tensor of one checkpoint, read as float32 in chunks of at most {@code size} consecutive elements
 * (row-major), each read from its byte range only, so that weight arithmetic on a tensor of any size holds
 * one chunk per input. Chunk {@code c} covers elements {@code [c·size, c·size + length(c))}.
 *
 * <p>{@link #read} returns one buffer, reused: its contents are valid until the next read. A tensor of a
 * single chunk is read once and kept, so passes over it cost nothing more; a caller that writes into the
 * returned array must therefore do so only at its last read of the tensor.
 */
final class TensorChunks {
    /** The default chunk: {@link MemoryEstimate#MERGE_CHUNK_ELEMENTS} elements, 32 MiB of float32. */
    static final int DEFAULT_SIZE = MemoryEstimate.MERGE_CHUNK_ELEMENTS;

    private final TensorSource source;
    private final String name;
    private final long numel;
    private final int size;
    private final float[] buffer;
    private int held = -1;

    /**
     * @param source the checkpoint
     * @param name the tensor
     * @param size elements per chunk, at least 1
     */
    TensorChunks(TensorSource source, String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + size);
        }
        this.source = source;
        this.name = name;
        this.numel = source.info(name).numel();
        this.size = size;
        this.buffer = new float[(int) Math.min(size, Math.max(1, numel))];
    }

    /** The tensor's number of elements. */
    long numel() {
        return numel;
    }

    /** The number of chunks (0 for an empty tensor). */
    int chunks() {
        return chunks(numel, size);
    }

    /** The number of chunks of {@code size} that cover {@code numel} elements. */
    static int chunks(long numel, int size) {
        return Math.toIntExact((numel + size - 1) / size);
    }

    /** The index of chunk {@code c}'s first element. */
    long first(int c) {
        return (long) c * size;
    }

    /** The number of elements of chunk {@code c}. */
    int length(int c) {
        return (int) Math.min(size, numel - first(c));
    }

    /**
     * Chunk {@code c}'s values in {@code [0, length(c))} of the returned buffer.
     *
     * @param c the chunk, in {@code [0, chunks())}
     * @return the reused buffer
     */
    float[] read(int c) {
        if (held != c || chunks() > 1) {
            source.readFloats(name, first(c), buffer, length(c));
            held = c;
        }
        return buffer;
    }
}
