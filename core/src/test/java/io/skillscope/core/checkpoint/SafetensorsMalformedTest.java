package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input gets its own clear message naming the file, the field and the value. */
class SafetensorsMalformedTest {

    @TempDir
    Path dir;

    private Path craft(String name, long declaredHeaderLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredHeaderLength).put(header);
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    private Path craft(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return craft(name, h.length, h, dataBytes);
    }

    private String failure(Path file) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> TensorSource.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected \"" + p + "\" in: " + message);
        }
    }

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertMentions(failure(file), "3 bytes", "shorter than the 8-byte header length");
    }

    @Test
    void headerLengthLongerThanTheFile() throws IOException {
        Path file = craft("long", 500, "{}".getBytes(StandardCharsets.US_ASCII), 0);
        assertMentions(failure(file), "header length 500", "exceeds the 2 bytes");
    }

    @Test
    void headerClaimingATerabyteFailsFastWithoutAllocating() throws IOException {
        Path file = craft("tera", 1L << 40, "{}".getBytes(StandardCharsets.US_ASCII), 0);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        failure(file); // warm up class loading
        long before = mx.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        String message = failure(file);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long allocated = mx.getThreadAllocatedBytes(thread) - before;
        assertMentions(message, "header length 1099511627776", "exceeds");
        assertTrue(elapsedMs < 1000, "fails fast, took " + elapsedMs + " ms");
        assertTrue(allocated < 1_000_000, "allocated " + allocated + " bytes");
    }

    @Test
    void headerLengthWithTheTopBitSetIsReportedUnsigned() throws IOException {
        Path file = craft("neg", -1L, "{}".getBytes(StandardCharsets.US_ASCII), 0);
        assertMentions(failure(file), "header length 18446744073709551615");
    }

    @Test
    void headerOverTheHundredMegabyteLimitIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("huge.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8L + 200_000_000L); // sparse: costs no disk
            raf.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(200_000_000L)
                    .array());
        }
        assertMentions(failure(file), "header length 200000000", "limit of 100000000");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        assertMentions(failure(craft("badjson", "{\"a\": {\"dtype\": ", 0)), "not valid JSON");
        assertMentions(failure(craft("trailing", "{} x", 0)), "not valid JSON");
    }

    @Test
    void headerThatIsNotAnObject() throws IOException {
        assertMentions(failure(craft("array", "[1, 2]", 0)), "not a JSON object", "BEGIN_ARRAY");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        byte[] h = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertMentions(failure(craft("utf8", h.length, h, 0)), "not valid UTF-8");
    }

    @Test
    void entryMissingAField() throws IOException {
        assertMentions(
                failure(craft("nodtype", "{\"w\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4)),
                "tensor \"w\"",
                "missing field \"dtype\"");
        assertMentions(
                failure(craft("noshape", "{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", 4)),
                "missing field \"shape\"");
        assertMentions(
                failure(craft("nooffsets", "{\"w\": {\"dtype\": \"F32\", \"shape\": [1]}}", 4)),
                "missing field \"data_offsets\"");
    }

    @Test
    void entryWithWrongTypes() throws IOException {
        assertMentions(
                failure(craft(
                        "strshape", "{\"w\": {\"dtype\": \"F32\", \"shape\": [\"1\"], \"data_offsets\": [0, 4]}}", 4)),
                "shape holds a non-number 1");
        assertMentions(
                failure(craft(
                        "fracshape", "{\"w\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", 4)),
                "shape holds 1.5, not an integer");
        assertMentions(
                failure(craft(
                        "threeoffsets",
                        "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4, 8]}}",
                        4)),
                "data_offsets must be [begin, end]",
                "[0, 4, 8]");
        assertMentions(failure(craft("notobject", "{\"w\": 5}", 0)), "tensor \"w\": entry must be an object");
    }

    @Test
    void unknownDtype() throws IOException {
        assertMentions(
                failure(craft("f8", "{\"w\": {\"dtype\": \"F8_E4M3\", \"shape\": [4], \"data_offsets\": [0, 4]}}", 4)),
                "tensor \"w\"",
                "unknown dtype \"F8_E4M3\"",
                "supported: F32");
    }

    @Test
    void negativeDimension() throws IOException {
        assertMentions(
                failure(craft(
                        "negdim", "{\"w\": {\"dtype\": \"F32\", \"shape\": [-1, 4], \"data_offsets\": [0, 4]}}", 4)),
                "negative dimension -1",
                "[-1, 4]");
    }

    @Test
    void shapeAndSizeMismatch() throws IOException {
        assertMentions(
                failure(craft(
                        "mismatch", "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 20]}}", 20)),
                "tensor \"w\"",
                "shape [2, 3] of F32 needs 24 bytes",
                "[0, 20] span 20");
    }

    @Test
    void truncatedDataSection() throws IOException {
        assertMentions(
                failure(craft(
                        "truncated", "{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 10)),
                "tensor \"w\"",
                "[0, 16] reach beyond the data section of 10 bytes");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        assertMentions(
                failure(craft(
                        "outofrange",
                        "{\"a\": {\"dtype\": \"U8\", \"shape\": [4], \"data_offsets\": [0, 4]},"
                                + "\"b\": {\"dtype\": \"U8\", \"shape\": [4], \"data_offsets\": [100, 104]}}",
                        8)),
                "tensor \"b\"",
                "[100, 104] reach beyond the data section of 8 bytes");
        assertMentions(
                failure(craft(
                        "backwards", "{\"w\": {\"dtype\": \"U8\", \"shape\": [0], \"data_offsets\": [4, 0]}}", 4)),
                "[4, 0] are not 0 <= begin <= end");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertMentions(
                failure(craft(
                        "overlap",
                        "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}",
                        12)),
                "tensors \"a\" [0, 8) and \"b\" [4, 12) overlap");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        assertMentions(
                failure(craft(
                        "gap",
                        "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                                + "\"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 12]}}",
                        12)),
                "gap of 4 bytes",
                "[4, 8)",
                "before tensor \"b\"");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        assertMentions(
                failure(craft(
                        "trailing", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 10)),
                "data section is 10 bytes",
                "cover only 4",
                "6 trailing bytes");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        assertMentions(
                failure(craft(
                        "dup",
                        "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                                + "\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                        8)),
                "duplicate tensor name \"w\"");
    }

    @Test
    void metadataValuesMustBeStrings() throws IOException {
        assertMentions(
                failure(craft("meta", "{\"__metadata__\": {\"total_size\": 16}}", 0)),
                "__metadata__ value of \"total_size\" must be a string",
                "NUMBER 16");
        assertMentions(
                failure(craft("metaobj", "{\"__metadata__\": [\"x\"]}", 0)),
                "__metadata__ must be an object of strings");
    }

    @Test
    void emptyHeaderObjectIsAValidEmptyFile() throws IOException {
        try (TensorSource src = TensorSource.open(craft("empty", "{}      ", 0))) {
            assertTrue(src.names().isEmpty());
        }
    }

    @Test
    void missingTensorOnInfoNamesTensorAndFile() {
        Path file = dir.resolve("one.safetensors");
        SafetensorsWriter.write(file, Map.of("w", HostTensor.ofFloats(new float[] {1}, 1)));
        try (TensorSource src = TensorSource.open(file)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> src.info("lm_head.weight"));
            assertMentions(e.getMessage(), file.toString(), "no tensor named \"lm_head.weight\"");
            assertThrows(CheckpointException.class, () -> src.readFloats("lm_head.weight"));
            assertEquals(false, src.contains("lm_head.weight"));
        }
    }

    @Test
    void tensorsBeyondTwoGibibytesAreReadWithPositionalReads() throws IOException {
        // A sparse file: a 2^31-element U8 tensor followed by a small F32 tensor past the 2 GiB mark.
        long big = 1L << 31;
        String header = "{\"big\": {\"dtype\": \"U8\", \"shape\": [" + big + "], \"data_offsets\": [0, " + big + "]},"
                + "\"small\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [" + big + ", "
                + (big + 8) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("sparse.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 + h.length + big + 8);
            raf.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(h.length)
                    .array());
            raf.write(h);
            raf.seek(8 + h.length + big);
            raf.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(1.25f)
                    .putFloat(-3f)
                    .array());
        }
        try (TensorSource src = TensorSource.open(file)) {
            assertEquals(big, src.info("big").numel());
            CheckpointException e = assertThrows(CheckpointException.class, () -> src.readFloats("big"));
            assertMentions(e.getMessage(), "tensor big", "2147483648 elements", "streamBytes");
            assertEquals(2, src.readFloats("small").length);
            assertEquals(1.25f, src.readFloats("small")[0]);
            assertEquals(-3f, src.readFloats("small")[1]);
        }
    }

    @Test
    void readAfterCloseIsAClearError() {
        Path file = dir.resolve("closed.safetensors");
        SafetensorsWriter.write(file, Map.of("w", HostTensor.ofFloats(new float[] {1}, 1)));
        TensorSource src = TensorSource.open(file);
        src.close();
        CheckpointException e = assertThrows(CheckpointException.class, () -> src.readFloats("w"));
        assertMentions(e.getMessage(), "after close");
    }
}
