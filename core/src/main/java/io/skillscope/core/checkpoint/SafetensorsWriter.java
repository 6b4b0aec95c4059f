package io.skillscope.core.checkpoint;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * Writes safetensors files that the reference implementation and Hugging Face tools read: tensors in
 * sorted name order, packed back to back, {@code __metadata__} first when non-empty, the header padded
 * with spaces so the data section starts on an 8-byte boundary.
 *
 * <p>Writes are atomic (a temporary file renamed into place), so a failure never leaves a partial file.
 * For outputs too large to hold at once, {@link #builder(Path)} declares every tensor up front, then
 * takes them one at a time in any order:
 *
 * <pre>{@code
 * try (SafetensorsWriter.Output out = SafetensorsWriter.builder(path)
 *         .addTensor("a", DType.F32, 2, 3).addTensor("b", DType.BF16, 4).open()) {
 *   out.write("b", b);
 *   out.write("a", a);
 *   out.commit();
 * }
 * }</pre>
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {}

    /**
     * Writes tensors and metadata to a safetensors file, atomically.
     *
     * @param file the file to create or replace
     * @param tensors tensors by name (any map; written in sorted name order)
     * @param metadata string metadata, written as {@code __metadata__} when non-empty
     * @throws CheckpointException naming the file if the write fails; the file is then unchanged
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        Builder b = builder(file).optMetadata(metadata);
        tensors.forEach(b::addTensor);
        try (Output out = b.open()) {
            for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
                out.write(e.getKey(), e.getValue());
            }
            out.commit();
        }
    }

    /**
     * Writes tensors without metadata.
     *
     * @param file the file to create or replace
     * @param tensors tensors by name
     */
    public static void write(Path file, Map<String, HostTensor> tensors) {
        write(file, tensors, Map.of());
    }

    /**
     * Starts a streaming write.
     *
     * @param file the file to create or replace on {@link Output#commit()}
     * @return a builder on which to declare every tensor
     */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** Declares the tensors and metadata of a file before any data is written. */
    public static final class Builder {
        private final Path file;
        private final Map<String, String> metadata = new TreeMap<>();
        private final Map<String, long[]> shapes = new TreeMap<>();
        private final Map<String, DType> dtypes = new TreeMap<>();

        private Builder(Path file) {
            this.file = file;
        }

        /**
         * Adds metadata entries.
         *
         * @param entries string keys and values
         * @return this builder
         */
        public Builder optMetadata(Map<String, String> entries) {
            entries.forEach(this::optMetadata);
            return this;
        }

        /**
         * Adds one metadata entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder optMetadata(String key, String value) {
            if (key == null || value == null) {
                throw new CheckpointException(file + ": metadata key and value must be non-null: " + key);
            }
            metadata.put(key, value);
            return this;
        }

        /**
         * Declares a tensor.
         *
         * @param name a unique, non-empty name other than {@code __metadata__}
         * @param dtype the stored element type
         * @param shape the dimensions
         * @return this builder
         * @throws CheckpointException on a duplicate or invalid name
         */
        public Builder addTensor(String name, DType dtype, long... shape) {
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new CheckpointException(file + ": invalid tensor name \"" + name + "\"");
            }
            if (dtypes.containsKey(name)) {
                throw new CheckpointException(file + ": tensor \"" + name + "\" declared twice");
            }
            TensorInfo.numel(shape, name);
            dtypes.put(name, dtype);
            shapes.put(name, shape.clone());
            return this;
        }

        /**
         * Declares a tensor with the dtype and shape of an example.
         *
         * @param name the name
         * @param like a tensor with the dtype and shape to declare
         * @return this builder
         */
        public Builder addTensor(String name, HostTensor like) {
            return addTensor(name, like.dtype(), like.shape());
        }

        /**
         * Lays out the file, writes the header to a temporary file, and returns the output to fill.
         *
         * @return the open output; close it (committed or not) when done
         */
        public Output open() {
            SortedMap<String, TensorInfo> infos = new TreeMap<>();
            long offset = 0;
            for (Map.Entry<String, DType> e : dtypes.entrySet()) {
                long[] shape = shapes.get(e.getKey());
                long bytes = Math.multiplyExact(
                        TensorInfo.numel(shape, e.getKey()), e.getValue().byteSize());
                infos.put(e.getKey(), new TensorInfo(e.getKey(), e.getValue(), shape, offset, offset + bytes));
                offset += bytes;
            }
            return new Output(file, Collections.unmodifiableSortedMap(infos), headerBytes(infos, metadata));
        }
    }

    /** The header JSON, padded with spaces to a multiple of 8 bytes, preceded by its length. */
    static byte[] headerBytes(SortedMap<String, TensorInfo> infos, Map<String, String> metadata) {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name("__metadata__").beginObject();
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    w.name(m.getKey()).value(m.getValue());
                }
                w.endObject();
            }
            for (TensorInfo t : infos.values()) {
                w.name(t.name()).beginObject();
                w.name("dtype").value(t.dtype().safetensorsName());
                w.name("shape").beginArray();
                for (long d : t.shape()) {
                    w.value(d);
                }
                w.endArray();
                w.name("data_offsets")
                        .beginArray()
                        .value(t.begin())
                        .value(t.end())
                        .endArray();
                w.endObject();
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    /**
     * A safetensors file being written: a temporary file with its header in place, taking each declared
     * tensor once, in any order. {@link #commit()} renames it into place; {@link #close()} without a
     * commit deletes it.
     */
    public static final class Output implements AutoCloseable {
        private final Path file;
        private final Path tmp;
        private final FileChannel channel;
        private final SortedMap<String, TensorInfo> infos;
        private final long dataStart;
        private final Set<String> written = new HashSet<>();
        private boolean done;

        private Output(Path file, SortedMap<String, TensorInfo> infos, byte[] header) {
            this.file = file;
            this.infos = infos;
            this.dataStart = header.length;
            this.tmp = AtomicFiles.createTemp(file);
            try {
                this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                AtomicFiles.writeFully(channel, ByteBuffer.wrap(header), 0);
            } catch (IOException e) {
                AtomicFiles.deleteQuietly(tmp, e);
                throw new CheckpointException(file + ": cannot write header (" + e + ")", e);
            }
        }

        /**
         * The layout: every declared tensor with its byte range.
         *
         * @return the entries by name
         */
        public SortedMap<String, TensorInfo> infos() {
            return infos;
        }

        /**
         * Writes one declared tensor.
         *
         * @param name the declared name
         * @param tensor a tensor of the declared dtype and shape
         * @throws CheckpointException if undeclared, already written, or of another dtype or shape
         */
        public void write(String name, HostTensor tensor) {
            TensorInfo info = claim(name);
            if (tensor.dtype() != info.dtype() || !Arrays.equals(tensor.shape(), info.shape())) {
                throw fail("tensor \""
                        + name
                        + "\" was declared "
                        + info.dtype()
                        + Arrays.toString(info.shape())
                        + " but is "
                        + tensor.dtype()
                        + Arrays.toString(tensor.shape()));
            }
            long[] position = {dataStart + info.begin()};
            tensor.forEachChunk(chunk -> position[0] += put(chunk, position[0], name));
            written.add(name);
        }

        /**
         * Copies one declared tensor's stored bytes from a source, streaming, whatever its size.
         *
         * @param name the declared name
         * @param source the source to read from
         * @param sourceName the tensor's name in the source
         * @throws CheckpointException if the source tensor's dtype or shape differs from the declaration
         */
        public void copyFrom(String name, TensorSource source, String sourceName) {
            TensorInfo info = claim(name);
            TensorInfo from = source.info(sourceName);
            if (from.dtype() != info.dtype() || !Arrays.equals(from.shape(), info.shape())) {
                throw fail("tensor \"" + name + "\" was declared " + info + " but the source holds " + from);
            }
            long[] position = {dataStart + info.begin()};
            source.streamBytes(sourceName, chunk -> position[0] += put(chunk, position[0], name));
            written.add(name);
        }

        /**
         * Writes one declared tensor from a producer of its little-endian bytes, chunk by chunk, so that a
         * tensor of any size is written without holding it whole.
         *
         * @param name the declared name
         * @param producer called once with a sink; it hands the sink the tensor's bytes in order
         * @throws CheckpointException if undeclared, already written, or if the bytes given are not exactly
         *     the declared size
         */
        public void writeBytes(String name, Consumer<Consumer<ByteBuffer>> producer) {
            TensorInfo info = claim(name);
            long[] position = {dataStart + info.begin()};
            producer.accept(chunk -> position[0] += put(chunk, position[0], name));
            long got = position[0] - dataStart - info.begin();
            if (got != info.end() - info.begin()) {
                throw fail("tensor \"" + name + "\" was given " + got + " bytes but is declared with "
                        + (info.end() - info.begin()));
            }
            written.add(name);
        }

        /**
         * Writes one declared floating-point tensor from float32 values handed over in row-major order,
         * chunk by chunk, each stored in the declared dtype (F16 and BF16 rounded to nearest even, as
         * {@link HostTensor#asType} does, so the bytes equal those of {@link #write} with the converted
         * tensor), so that a tensor of any size is written without holding it whole.
         *
         * @param name the declared name
         * @param producer called once with a sink; it hands the sink {@code values[0..count)} for each chunk
         *     in order (the array may be reused after the call)
         * @throws CheckpointException if undeclared, already written, not floating-point, or if the values
         *     given are not exactly the declared count
         */
        public void writeFloats(String name, Consumer<ObjIntConsumer<float[]>> producer) {
            TensorInfo info = claim(name);
            DType dtype = info.dtype();
            if (!dtype.isFloating()) {
                throw fail("tensor \"" + name + "\" is declared " + dtype + ", not a floating-point type");
            }
            int size = dtype.byteSize();
            long numel = info.numel();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(TensorCodec.CHUNK_BYTES, Math.max(size, numel * size)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int perPiece = buf.capacity() / size;
            long[] done = {0};
            producer.accept((values, count) -> {
                if (done[0] + count > numel) {
                    throw fail("tensor \"" + name + "\" was given more than its " + numel + " elements");
                }
                for (int from = 0; from < count; from += perPiece) {
                    int k = Math.min(perPiece, count - from);
                    buf.clear();
                    encodeFloats(dtype, values, from, k, buf);
                    buf.flip();
                    put(buf, dataStart + info.begin() + (done[0] + from) * size, name);
                }
                done[0] += count;
            });
            if (done[0] != numel) {
                throw fail("tensor \"" + name + "\" was given " + done[0] + " elements but is declared with " + numel);
            }
            written.add(name);
        }

        /** {@code count} floats of {@code src} from {@code from}, stored as {@code dtype} into {@code le}. */
        private static void encodeFloats(DType dtype, float[] src, int from, int count, ByteBuffer le) {
            switch (dtype) {
                case F32 -> {
                    le.asFloatBuffer().put(src, from, count);
                    le.position(le.position() + 4 * count);
                }
                case F64 -> {
                    for (int i = 0; i < count; i++) {
                        le.putDouble(src[from + i]);
                    }
                }
                case F16 -> {
                    for (int i = 0; i < count; i++) {
                        le.putShort(HalfFloats.floatToHalf(src[from + i]));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        le.putShort(HalfFloats.floatToBf16(src[from + i]));
                    }
                }
                default -> throw new IllegalStateException(dtype.name());
            }
        }

        /** The declared entry for a tensor not yet written; it counts as written only once complete. */
        private TensorInfo claim(String name) {
            if (done) {
                throw fail("already committed or closed");
            }
            TensorInfo info = infos.get(name);
            if (info == null) {
                throw fail("tensor \"" + name + "\" was not declared");
            }
            if (written.contains(name)) {
                throw fail("tensor \"" + name + "\" written twice");
            }
            return info;
        }

        private int put(ByteBuffer chunk, long position, String name) {
            int n = chunk.remaining();
            try {
                AtomicFiles.writeFully(channel, chunk, position);
            } catch (IOException e) {
                throw new CheckpointException(file + ": cannot write tensor \"" + name + "\" (" + e + ")", e);
            }
            return n;
        }

        private CheckpointException fail(String message) {
            return new CheckpointException(file + ": " + message);
        }

        /**
         * Checks that every declared tensor was written, flushes, and renames the file into place.
         *
         * @throws CheckpointException naming the tensors not written, or the I/O error
         */
        public void commit() {
            if (done) {
                throw fail("already committed or closed");
            }
            if (written.size() != infos.size()) {
                Set<String> missing = new java.util.TreeSet<>(infos.keySet());
                missing.removeAll(written);
                throw fail("tensors declared but not written: " + missing);
            }
            try {
                channel.force(true);
                channel.close();
                AtomicFiles.moveIntoPlace(tmp, file);
                done = true;
            } catch (IOException e) {
                throw new CheckpointException(file + ": cannot commit (" + e + ")", e);
            }
        }

        /** Releases the file; without a prior commit, deletes the temporary file and leaves the target. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException e) {
                // the temporary file is deleted below either way
            }
            AtomicFiles.deleteQuietly(tmp, new IOException("cleanup"));
        }
    }

    /**
     * Copies every tensor of a source into a new file, unchanged (F16 and BF16 included), streaming.
     *
     * @param source the tensors to copy
     * @param file the file to create or replace
     * @param metadata metadata for the new file
     */
    public static void copy(TensorSource source, Path file, Map<String, String> metadata) {
        Builder b = builder(file).optMetadata(new LinkedHashMap<>(metadata));
        for (String name : source.names()) {
            TensorInfo info = source.info(name);
            b.addTensor(name, info.dtype(), info.shape());
        }
        try (Output out = b.open()) {
            for (String name : source.names()) {
                out.copyFrom(name, source, name);
            }
            out.commit();
        }
    }
}
