package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadRoundTrips() {
        float[] data = {1.5f, -2f, 0f, Float.NaN, 1e-30f, 7f};
        Path file = dir.resolve("a.npy");
        NpyWriter.write(file, data, 2, 3);
        assertArrayEquals(data, NpyReader.readFloats(file));
        HostTensor t = NpyReader.read(file);
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertEquals(DType.F32, t.dtype());
    }

    @Test
    void headerIsVersionOnePaddedTo64Bytes() throws IOException {
        Path file = dir.resolve("h.npy");
        NpyWriter.write(file, new float[] {1, 2, 3}, 3);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, Arrays.copyOf(bytes, 6));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength =
                ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        assertEquals(0, (10 + headerLength) % 64, "data starts on a 64-byte boundary");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 12, bytes.length);
        assertEquals(
                1f,
                ByteBuffer.wrap(bytes, 10 + headerLength, 4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getFloat());
    }

    @Test
    void shapeTuplesFollowPythonSyntax() {
        assertTrue(new String(NpyWriter.header("<f4", new long[] {}), StandardCharsets.US_ASCII)
                .contains("'shape': (), }"));
        assertTrue(new String(NpyWriter.header("<f4", new long[] {4, 5, 6}), StandardCharsets.US_ASCII)
                .contains("'shape': (4, 5, 6), }"));
        Path scalar = dir.resolve("s.npy");
        NpyWriter.write(scalar, new float[] {9f});
        assertEquals(0, NpyReader.read(scalar).rank());
        assertArrayEquals(new float[] {9f}, NpyReader.readFloats(scalar));
    }

    @Test
    void rejectsMismatchedShapeAndBadFiles() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(dir.resolve("x.npy"), new float[5], 2, 3));
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        CheckpointException e = assertThrows(CheckpointException.class, () -> NpyReader.readFloats(bad));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }
}
