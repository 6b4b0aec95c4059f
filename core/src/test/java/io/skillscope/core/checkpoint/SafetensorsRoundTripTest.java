package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** One tensor of every dtype, including awkward values, inserted out of name order. */
    static Map<String, HostTensor> allDtypes() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("z.f32", HostTensor.ofFloats(new float[] {1.5f, -0f, Float.NaN, Float.MIN_VALUE, 3e38f, -7f}, 2, 3));
        m.put("a.bf16", HostTensor.ofRaw(DType.BF16, new byte[] {(byte) 0x80, 0x3F, 0x49, 0x40, 0x01, 0x00}, 3));
        m.put(
                "m.f16",
                HostTensor.ofRaw(DType.F16, new byte[] {0, 0x3C, 0, (byte) 0xC0, (byte) 0xFF, 0x7B, 1, 0}, 2, 2));
        m.put("b.u8", HostTensor.ofU8(new byte[] {0, 1, (byte) 255}, 3));
        m.put("c.i64", HostTensor.ofI64(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 4));
        m.put("d.bool", HostTensor.ofBool(new boolean[] {true, false, false, true, true}, 5));
        m.put("e.i32", HostTensor.ofI32(new int[] {-3, 9}, 1, 2));
        m.put("f.f64", HostTensor.ofDoubles(new double[] {Math.E}));
        m.put("g.i8", HostTensor.ofI8(new byte[] {-128, 127}, 2));
        m.put("h.empty", HostTensor.ofFloats(new float[0], 0, 4));
        return m;
    }

    @Test
    void writesAndReadsBackBitExact() {
        Path file = dir.resolve("all.safetensors");
        Map<String, HostTensor> tensors = allDtypes();
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt", "note", "ünïcode"));
        try (TensorSource src = TensorSource.open(file)) {
            assertEquals(List.copyOf(new java.util.TreeSet<>(tensors.keySet())), List.copyOf(src.names()));
            assertEquals(Map.of("format", "pt", "note", "ünïcode"), src.metadata());
            for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
                HostTensor stored = src.readStored(e.getKey());
                assertEquals(e.getValue(), stored, e.getKey());
                assertArrayEquals(e.getValue().littleEndianBytes(), stored.littleEndianBytes(), e.getKey());
                assertArrayEquals(e.getValue().toFloats(), src.readFloats(e.getKey()), e.getKey());
            }
            // read() widens half types to F32, exactly.
            HostTensor bf = src.read("a.bf16");
            assertEquals(DType.F32, bf.dtype());
            assertArrayEquals(new float[] {1f, 3.140625f, 0x1p-133f}, bf.toFloats());
            HostTensor half = src.read("m.f16");
            assertArrayEquals(new long[] {2, 2}, half.shape());
            assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, half.toFloats());
            assertEquals(DType.I64, src.read("c.i64").dtype());
            assertEquals(DType.F32, src.info("z.f32").dtype());
            assertArrayEquals(new long[] {2, 3}, src.info("z.f32").shape());
            assertEquals(6, src.info("z.f32").numel());
        }
    }

    @Test
    void formatIsReadableByAnIndependentReader() throws Exception {
        Path file = dir.resolve("x.safetensors");
        Map<String, HostTensor> tensors = allDtypes();
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data section starts on an 8-byte boundary");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), header);
        assertTrue(header.endsWith("}") || header.stripTrailing().endsWith("}"));
        assertEquals(header.stripTrailing(), header.strip(), "padding is trailing spaces only");
        JsonObject json = JsonParser.parseString(header).getAsJsonObject();

        List<String> names = new ArrayList<>(json.keySet());
        names.remove("__metadata__");
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names, "entries in sorted order");

        long expectedBegin = 0;
        for (String name : names) {
            JsonObject e = json.getAsJsonObject(name);
            HostTensor t = tensors.get(name);
            assertEquals(t.dtype().safetensorsName(), e.get("dtype").getAsString());
            JsonArray shape = e.getAsJsonArray("shape");
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).getAsLong();
            }
            assertArrayEquals(t.shape(), dims);
            JsonArray off = e.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong();
            long end = off.get(1).getAsLong();
            assertEquals(expectedBegin, begin, "packed in sorted order: " + name);
            byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n + begin), (int) (8 + n + end));
            assertArrayEquals(t.littleEndianBytes(), data, name);
            expectedBegin = end;
        }
        assertEquals(bytes.length, 8 + n + expectedBegin, "no trailing bytes");
    }

    @Test
    void noMetadataMeansNoMetadataEntry() throws Exception {
        Path file = dir.resolve("plain.safetensors");
        SafetensorsWriter.write(file, Map.of("w", HostTensor.ofFloats(new float[] {1}, 1)));
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonElement header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertFalse(header.getAsJsonObject().has("__metadata__"));
        try (TensorSource src = TensorSource.open(file)) {
            assertTrue(src.metadata().isEmpty());
        }
    }

    @Test
    void streamingBuilderTakesTensorsInAnyOrder() {
        Path file = dir.resolve("stream.safetensors");
        HostTensor a = HostTensor.ofFloats(new float[] {1, 2, 3}, 3);
        HostTensor b = HostTensor.ofFloats(new float[] {4, 5}, 2).asType(DType.BF16);
        try (SafetensorsWriter.Output out = SafetensorsWriter.builder(file)
                .optMetadata("k", "v")
                .addTensor("b", DType.BF16, 2)
                .addTensor("a", a)
                .open()) {
            assertEquals(0, out.infos().get("a").begin());
            assertEquals(12, out.infos().get("b").begin());
            out.write("b", b);
            out.write("a", a);
            CheckpointException twice = assertThrows(CheckpointException.class, () -> out.write("a", a));
            assertTrue(twice.getMessage().contains("written twice"), twice.getMessage());
            out.commit();
        }
        try (TensorSource src = TensorSource.open(file)) {
            assertEquals(a, src.read("a"));
            assertEquals(b, src.readStored("b"));
            assertArrayEquals(new float[] {4, 5}, src.readFloats("b"));
            assertEquals("v", src.metadata().get("k"));
        }
    }

    @Test
    void uncommittedOrFailedWritesLeaveNothingBehind() throws Exception {
        Path file = dir.resolve("never.safetensors");
        try (SafetensorsWriter.Output out =
                SafetensorsWriter.builder(file).addTensor("a", DType.F32, 2).open()) {
            CheckpointException e =
                    assertThrows(CheckpointException.class, () -> out.write("a", HostTensor.ofFloats(new float[3], 3)));
            assertTrue(e.getMessage().contains("declared F32[2]"), e.getMessage());
            assertThrows(CheckpointException.class, out::commit);
        }
        assertFalse(Files.exists(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "temporary file removed");
        }
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws Exception {
        Path file = dir.resolve("keep.safetensors");
        SafetensorsWriter.write(file, Map.of("a", HostTensor.ofFloats(new float[] {7}, 1)));
        byte[] before = Files.readAllBytes(file);
        try (SafetensorsWriter.Output out = SafetensorsWriter.builder(file)
                .addTensor("a", DType.F32, 1)
                .addTensor("b", DType.F32, 1)
                .open()) {
            out.write("a", HostTensor.ofFloats(new float[] {8}, 1));
            CheckpointException e = assertThrows(CheckpointException.class, out::commit);
            assertTrue(e.getMessage().contains("[b]"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count());
        }
    }

    @Test
    void writerRejectsBadNamesAndDuplicates() {
        Path file = dir.resolve("bad.safetensors");
        assertThrows(
                CheckpointException.class,
                () -> SafetensorsWriter.builder(file).addTensor("__metadata__", DType.F32, 1));
        assertThrows(
                CheckpointException.class,
                () -> SafetensorsWriter.builder(file)
                        .addTensor("a", DType.F32, 1)
                        .addTensor("a", DType.F32, 1));
    }

    @Test
    void copyPreservesStoredBytesAndContentHash() {
        Path file = dir.resolve("orig.safetensors");
        SafetensorsWriter.write(file, allDtypes(), Map.of("format", "pt"));
        Path copy = dir.resolve("copy.safetensors");
        try (TensorSource src = TensorSource.open(file)) {
            SafetensorsWriter.copy(src, copy, src.metadata());
            try (TensorSource back = TensorSource.open(copy)) {
                assertEquals(Hashing.sha256(src), Hashing.sha256(back));
                assertEquals(src.readStored("a.bf16"), back.readStored("a.bf16"));
            }
        }
        assertEquals(Hashing.sha256(file), Hashing.sha256(copy));
    }

    @Test
    void contentHashChangesWithAnyBit() {
        Path one = dir.resolve("one.safetensors");
        Path two = dir.resolve("two.safetensors");
        SafetensorsWriter.write(one, Map.of("w", HostTensor.ofFloats(new float[] {1, 2}, 2)));
        SafetensorsWriter.write(two, Map.of("w", HostTensor.ofFloats(new float[] {1, Math.nextUp(2f)}, 2)));
        Path meta = dir.resolve("meta.safetensors");
        SafetensorsWriter.write(meta, Map.of("w", HostTensor.ofFloats(new float[] {1, 2}, 2)), Map.of("x", "y"));
        try (TensorSource a = TensorSource.open(one);
                TensorSource b = TensorSource.open(two);
                TensorSource c = TensorSource.open(meta)) {
            assertFalse(Hashing.sha256(a).equals(Hashing.sha256(b)));
            assertEquals(Hashing.sha256(a), Hashing.sha256(c), "metadata and padding do not count");
            assertEquals(64, Hashing.sha256(a).length());
        }
    }
}
