package io.skillscope.core.checkpoint;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and validates a safetensors header: the 8-byte little-endian length {@code N}, then {@code N}
 * bytes of UTF-8 JSON mapping each tensor name to {@code {dtype, shape, data_offsets}}, plus an optional
 * {@code __metadata__} object of strings.
 *
 * <p>Validation follows the reference implementation and reports each problem on its own: the header
 * must fit in the file and in 100 MB (checked before allocating anything), be a strict JSON object
 * without duplicate names, and its tensors must cover the data section exactly, in order, without
 * overlaps or gaps. The JSON is parsed with a streaming reader because a tree parser would silently keep
 * the last of two duplicate names.
 */
final class SafetensorsHeader {

    /** The reference implementation's limit on the header size. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The parsed header: its length, the tensors by name, and the metadata. */
    record Parsed(long headerLength, SortedMap<String, TensorInfo> tensors, Map<String, String> metadata) {
        long dataStart() {
            return 8 + headerLength;
        }
    }

    private record RawEntry(String name, String dtype, long[] shape, long begin, long end) {}

    private final Path file;

    private SafetensorsHeader(Path file) {
        this.file = file;
    }

    /** Reads and validates the header of an open file. */
    static Parsed read(Path file, FileChannel channel) throws IOException {
        return new SafetensorsHeader(file).read(channel);
    }

    private CheckpointException fail(String message) {
        return new CheckpointException(file + ": " + message);
    }

    private Parsed read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw fail("file is " + size + " bytes, shorter than the 8-byte header length prefix");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        long n = prefix.getLong(0);
        if (n < 0 || n > size - 8) {
            throw fail("header length "
                    + Long.toUnsignedString(n)
                    + " (the first 8 bytes) exceeds the "
                    + (size - 8)
                    + " bytes that follow them; the file is truncated or not safetensors");
        }
        if (n > MAX_HEADER_BYTES) {
            throw fail("header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(channel, headerBytes, 8);
        headerBytes.flip();
        String json;
        try {
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8 (" + e + ")");
        }
        Map<String, String> metadata = new TreeMap<>();
        List<RawEntry> raw = parseJson(json, metadata);
        SortedMap<String, TensorInfo> tensors = validate(raw, size - 8 - n);
        return new Parsed(n, Collections.unmodifiableSortedMap(tensors), Collections.unmodifiableMap(metadata));
    }

    static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int r = channel.read(dst, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    private List<RawEntry> parseJson(String json, Map<String, String> metadata) {
        List<RawEntry> entries = new ArrayList<>();
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            JsonToken first = r.peek();
            if (first != JsonToken.BEGIN_OBJECT) {
                throw fail("header is not a JSON object (it starts with " + first + ")");
            }
            r.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) {
                    throw fail("duplicate tensor name \"" + name + "\" in the header");
                }
                if (name.equals("__metadata__")) {
                    readMetadata(r, metadata);
                } else {
                    entries.add(readEntry(r, name));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw fail("header has content after the JSON object");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new CheckpointException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        return entries;
    }

    private void readMetadata(JsonReader r, Map<String, String> metadata) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail("__metadata__ must be an object of strings, got " + r.peek());
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            JsonToken t = r.peek();
            if (t != JsonToken.STRING) {
                throw fail("__metadata__ value of \"" + key + "\" must be a string, got " + t + " " + describe(r));
            }
            if (metadata.put(key, r.nextString()) != null) {
                throw fail("duplicate __metadata__ key \"" + key + "\"");
            }
        }
        r.endObject();
    }

    private static String describe(JsonReader r) throws IOException {
        return switch (r.peek()) {
            case NUMBER, STRING -> r.nextString();
            case BOOLEAN -> Boolean.toString(r.nextBoolean());
            case NULL -> {
                r.nextNull();
                yield "null";
            }
            default -> {
                r.skipValue();
                yield "(composite)";
            }
        };
    }

    private RawEntry readEntry(JsonReader r, String name) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail("tensor \"" + name + "\": entry must be an object, got " + r.peek());
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        r.beginObject();
        Set<String> keys = new HashSet<>();
        while (r.hasNext()) {
            String key = r.nextName();
            if (!keys.add(key)) {
                throw fail("tensor \"" + name + "\": duplicate field \"" + key + "\"");
            }
            switch (key) {
                case "dtype" -> {
                    if (r.peek() != JsonToken.STRING) {
                        throw fail("tensor \"" + name + "\": dtype must be a string, got " + describe(r));
                    }
                    dtype = r.nextString();
                }
                case "shape" -> shape = readLongs(r, name, "shape");
                case "data_offsets" -> offsets = readLongs(r, name, "data_offsets");
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (dtype == null) {
            throw fail("tensor \"" + name + "\": missing field \"dtype\"");
        }
        if (shape == null) {
            throw fail("tensor \"" + name + "\": missing field \"shape\"");
        }
        if (offsets == null) {
            throw fail("tensor \"" + name + "\": missing field \"data_offsets\"");
        }
        if (offsets.length != 2) {
            throw fail("tensor \"" + name + "\": data_offsets must be [begin, end], got " + Arrays.toString(offsets));
        }
        return new RawEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private long[] readLongs(JsonReader r, String name, String field) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw fail("tensor \"" + name + "\": " + field + " must be an array, got " + describe(r));
        }
        List<Long> values = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw fail("tensor \"" + name + "\": " + field + " holds a non-number " + describe(r));
            }
            String text = r.nextString();
            try {
                values.add(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw fail("tensor \"" + name + "\": " + field + " holds " + text + ", not an integer");
            }
        }
        r.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private SortedMap<String, TensorInfo> validate(List<RawEntry> raw, long dataLength) {
        SortedMap<String, TensorInfo> tensors = new TreeMap<>();
        for (RawEntry e : raw) {
            String where = "tensor \"" + e.name + "\": ";
            DType dtype = DType.lookup(e.dtype);
            if (dtype == null) {
                throw fail(where + "unknown dtype \"" + e.dtype + "\" (supported: " + DType.supportedNames() + ")");
            }
            for (long d : e.shape) {
                if (d < 0) {
                    throw fail(where + "negative dimension " + d + " in shape " + Arrays.toString(e.shape));
                }
            }
            if (e.begin < 0 || e.end < e.begin) {
                throw fail(where + "data_offsets [" + e.begin + ", " + e.end + "] are not 0 <= begin <= end");
            }
            long numel;
            long bytes;
            try {
                numel = TensorInfo.numel(e.shape, e.name);
                bytes = Math.multiplyExact(numel, dtype.byteSize());
            } catch (CheckpointException | ArithmeticException ex) {
                throw fail(where + "shape " + Arrays.toString(e.shape) + " overflows 64-bit sizes");
            }
            if (bytes != e.end - e.begin) {
                throw fail(where
                        + "shape "
                        + Arrays.toString(e.shape)
                        + " of "
                        + dtype
                        + " needs "
                        + bytes
                        + " bytes but data_offsets ["
                        + e.begin
                        + ", "
                        + e.end
                        + "] span "
                        + (e.end - e.begin));
            }
            if (e.end > dataLength) {
                throw fail(where
                        + "data_offsets ["
                        + e.begin
                        + ", "
                        + e.end
                        + "] reach beyond the data section of "
                        + dataLength
                        + " bytes (truncated file?)");
            }
            tensors.put(e.name, new TensorInfo(e.name, dtype, e.shape, e.begin, e.end));
        }
        checkCoverage(tensors, dataLength);
        return tensors;
    }

    /** The format requires the tensors to tile the data section: sorted by offset, each starts where
     * the previous one ended, the first at 0 and the last at the end. */
    private void checkCoverage(SortedMap<String, TensorInfo> tensors, long dataLength) {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin)
                .thenComparingLong(TensorInfo::end)
                .thenComparing(TensorInfo::name));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < cursor) {
                throw fail("tensors \""
                        + previous.name()
                        + "\" ["
                        + previous.begin()
                        + ", "
                        + previous.end()
                        + ") and \""
                        + t.name()
                        + "\" ["
                        + t.begin()
                        + ", "
                        + t.end()
                        + ") overlap");
            }
            if (t.begin() > cursor) {
                throw fail("gap of "
                        + (t.begin() - cursor)
                        + " bytes in the data section at ["
                        + cursor
                        + ", "
                        + t.begin()
                        + ") before tensor \""
                        + t.name()
                        + "\"; tensors must cover the data section without gaps");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != dataLength) {
            throw fail("data section is "
                    + dataLength
                    + " bytes but the tensors cover only "
                    + cursor
                    + " of them ("
                    + (dataLength - cursor)
                    + " trailing bytes)");
        }
    }
}
