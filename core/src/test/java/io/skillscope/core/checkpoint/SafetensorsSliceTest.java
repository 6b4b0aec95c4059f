package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a slice of a tensor by byte range, and writing a tensor chunk by chunk from float32 values. */
class SafetensorsSliceTest {
    @TempDir
    Path dir;

    private static float[] values(int n) {
        SplittableRandom rng = new SplittableRandom(n);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) ((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-6, 6)));
        }
        f[0] = -0f;
        f[1] = 65519.9f; // rounds to F16's largest value
        return f;
    }

    private Path file(float[] f) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        for (DType d : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F64}) {
            t.put(d.name(), HostTensor.ofFloats(f, 7, f.length / 7).asType(d));
        }
        t.put("i32", HostTensor.ofI32(new int[] {5, -6, 7}, 3));
        Path p = dir.resolve("t.safetensors");
        SafetensorsWriter.write(p, t);
        return p;
    }

    @Test
    void aSliceIsTheSameElementsOfTheWholeTensorInEveryDtype() {
        float[] f = values(7 * 301);
        try (TensorSource s = TensorSource.open(file(f))) {
            for (String name : new String[] {"F32", "F16", "BF16", "F64"}) {
                float[] whole = s.readFloats(name);
                for (int[] r : new int[][] {{0, 1}, {0, whole.length}, {300, 301}, {2106, 1}, {17, 0}, {1000, 1107}}) {
                    float[] got = new float[r[1] + 3];
                    s.readFloats(name, r[0], got, r[1]);
                    assertArrayEquals(
                            Arrays.copyOfRange(whole, r[0], r[0] + r[1]),
                            Arrays.copyOf(got, r[1]),
                            name + " [" + r[0] + ", +" + r[1] + ")");
                }
            }
            float[] ints = new float[2];
            s.readFloats("i32", 1, ints, 2);
            assertArrayEquals(new float[] {-6, 7}, ints);
            CheckpointException e =
                    assertThrows(CheckpointException.class, () -> s.readFloats("F32", 2100, new float[10], 8));
            assertTrue(e.getMessage().contains("[2100, 2108)") && e.getMessage().contains("\"F32\""), e.getMessage());
            assertThrows(CheckpointException.class, () -> s.streamBytes("F32", -1, 2, b -> {}));
        }
    }

    @Test
    void writingFloatsInChunksStoresTheBytesOfTheConvertedTensor() throws IOException {
        float[] f = values(7 * 301);
        Path want = file(f);
        Path got = dir.resolve("chunked.safetensors");
        SafetensorsWriter.Builder b = SafetensorsWriter.builder(got);
        for (DType d : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F64}) {
            b.addTensor(d.name(), d, 7, f.length / 7);
        }
        b.addTensor("i32", DType.I32, 3);
        try (SafetensorsWriter.Output out = b.open()) {
            for (DType d : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F64}) {
                out.writeFloats(d.name(), sink -> {
                    float[] buf = new float[500];
                    for (int from = 0, step = 1; from < f.length; from += step, step = step * 3 + 1) {
                        int n = Math.min(Math.min(step, buf.length), f.length - from);
                        System.arraycopy(f, from, buf, 0, n);
                        sink.accept(buf, n);
                        step = n;
                    }
                });
            }
            out.write("i32", HostTensor.ofI32(new int[] {5, -6, 7}, 3));
            out.commit();
        }
        assertArrayEquals(Files.readAllBytes(want), Files.readAllBytes(got));
    }

    @Test
    void aChunkedWriteOfTheWrongCountOrDtypeIsRefusedAndLeavesNoFile() {
        Path p = dir.resolve("short.safetensors");
        try (SafetensorsWriter.Output out = SafetensorsWriter.builder(p)
                .addTensor("w", DType.BF16, 2, 5)
                .addTensor("i", DType.I64, 2)
                .open()) {
            CheckpointException shortBy = assertThrows(
                    CheckpointException.class, () -> out.writeFloats("w", sink -> sink.accept(new float[9], 9)));
            assertTrue(
                    shortBy.getMessage().contains("was given 9 elements but is declared with 10"),
                    shortBy.getMessage());
            CheckpointException ints = assertThrows(
                    CheckpointException.class, () -> out.writeFloats("i", sink -> sink.accept(new float[2], 2)));
            assertTrue(ints.getMessage().contains("I64"), ints.getMessage());
        }
        assertFalse(Files.exists(p));
    }
}
