package io.skillscope.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One safetensors file, opened lazily: {@link #open} reads and validates only the header; each read
 * fetches just that tensor's byte range with positional reads in chunks of 8 MiB, so tensors of any byte
 * size can be streamed and memory use stays proportional to what is asked for.
 *
 * <p>Format: an 8-byte little-endian length {@code N}, {@code N} bytes of UTF-8 JSON
 * ({@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}}), then
 * the data section, which the tensors tile exactly. See {@link SafetensorsHeader} for what is checked.
 * Safe to read from several threads at once.
 */
public final class SafetensorsFile implements TensorSource {

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader.Parsed header;
    private final SortedSet<String> names;

    private SafetensorsFile(Path file, FileChannel channel, SafetensorsHeader.Parsed header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.names =
                Collections.unmodifiableSortedSet(new TreeSet<>(header.tensors().keySet()));
    }

    /**
     * Opens a safetensors file and validates its header; no tensor data is read.
     *
     * @param file the {@code .safetensors} file
     * @return the open file; close it when done
     * @throws CheckpointException if the file is missing, unreadable or malformed, naming the problem
     */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot open (" + e + ")", e);
        }
        try {
            return new SafetensorsFile(file, channel, SafetensorsHeader.read(file, channel));
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException(file + ": cannot read header (" + e + ")", e);
        }
    }

    @Override
    public SortedSet<String> names() {
        return names;
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw new CheckpointException(
                    file + ": no tensor named \"" + name + "\" (the file has " + names.size() + " tensors)");
        }
        return info;
    }

    @Override
    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    /**
     * Every tensor's entry, by name.
     *
     * @return an unmodifiable sorted map
     */
    public SortedMap<String, TensorInfo> infos() {
        return header.tensors();
    }

    /**
     * Where the data section starts in the file: {@code 8 + N}.
     *
     * @return the absolute byte offset
     */
    public long dataStart() {
        return header.dataStart();
    }

    @Override
    public void streamBytes(String name, long first, long count, Consumer<ByteBuffer> sink) {
        TensorInfo info = info(name);
        long numel = info.numel();
        if (first < 0 || count < 0 || first > numel - count) {
            throw new CheckpointException(file + ": elements [" + first + ", " + (first + count) + ") of tensor \""
                    + name + "\" lie outside its " + numel + " elements");
        }
        int size = info.dtype().byteSize();
        long position = header.dataStart() + info.begin() + first * size;
        long remaining = count * size;
        if (remaining == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(TensorCodec.CHUNK_BYTES, remaining))
                .order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (remaining > 0) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), remaining));
                SafetensorsHeader.readFully(channel, buffer, position);
                buffer.flip();
                int n = buffer.remaining();
                sink.accept(buffer);
                position += n;
                remaining -= n;
            }
        } catch (ClosedChannelException e) {
            throw new CheckpointException(file + ": read of tensor \"" + name + "\" after close", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read tensor \"" + name + "\" (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public Path path() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot close (" + e + ")", e);
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile " + file.getFileName() + " (" + names.size() + " tensors)";
    }
}
