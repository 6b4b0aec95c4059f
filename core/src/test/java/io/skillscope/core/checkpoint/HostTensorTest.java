package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void factoriesKeepDtypeShapeAndValues() {
        HostTensor f = HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(DType.F32, f.dtype());
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertEquals(6, f.numel());
        assertEquals(24, f.byteLength());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toFloats());

        HostTensor scalar = HostTensor.ofI64(new long[] {42});
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.numel());
        assertArrayEquals(new long[] {42}, scalar.toI64());

        HostTensor u8 = HostTensor.ofU8(new byte[] {0, (byte) 200, (byte) 255}, 3);
        assertArrayEquals(new float[] {0, 200, 255}, u8.toFloats());
        assertArrayEquals(new long[] {0, 200, 255}, u8.toI64());
        assertArrayEquals(new byte[] {0, (byte) 200, (byte) 255}, u8.toU8());

        HostTensor i8 = HostTensor.ofI8(new byte[] {-1, 5}, 2);
        assertArrayEquals(new float[] {-1, 5}, i8.toFloats());

        HostTensor b = HostTensor.ofBool(new boolean[] {true, false, true}, 3);
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new byte[] {1, 0, 1}, b.toU8());
        assertArrayEquals(new boolean[] {true, false, true}, b.toBooleans());

        HostTensor i32 = HostTensor.ofI32(new int[] {-7, 1 << 20}, 2);
        assertArrayEquals(new float[] {-7, 1 << 20}, i32.toFloats());
        assertArrayEquals(new double[] {-7, 1 << 20}, i32.toDoubles());
    }

    @Test
    void rejectsDataThatDoesNotMatchTheShape() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HostTensor.ofFloats(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostTensor.ofRaw(DType.F16, new byte[3], 2));
    }

    @Test
    void factoriesCopyTheirInput() {
        float[] data = {1, 2};
        HostTensor t = HostTensor.ofFloats(data, 2);
        data[0] = 99;
        assertEquals(1f, t.toFloats()[0]);
        t.toFloats()[1] = 99;
        assertEquals(2f, t.toFloats()[1]);
    }

    @Test
    void rawHalfTensorsWidenToFloat() {
        // 1.0, -2.0, 65504 in F16 little-endian
        HostTensor f16 = HostTensor.ofRaw(DType.F16, new byte[] {0, 0x3C, 0, (byte) 0xC0, (byte) 0xFF, 0x7B}, 3);
        assertArrayEquals(new float[] {1f, -2f, 65504f}, f16.toFloats());
        HostTensor bf16 = HostTensor.ofRaw(DType.BF16, new byte[] {(byte) 0x80, 0x3F, 0x49, 0x40}, 2);
        assertArrayEquals(new float[] {1f, 3.140625f}, bf16.toFloats());
        assertArrayEquals(new byte[] {(byte) 0x80, 0x3F, 0x49, 0x40}, bf16.littleEndianBytes());
    }

    @Test
    void littleEndianBytesAreTheStoredLayout() {
        assertArrayEquals(
                new byte[] {0, 0, (byte) 0x80, 0x3F},
                HostTensor.ofFloats(new float[] {1f}, 1).littleEndianBytes());
        assertArrayEquals(
                new byte[] {2, 1, 0, 0, 0, 0, 0, 0},
                HostTensor.ofI64(new long[] {0x102}, 1).littleEndianBytes());
        HostTensor d = HostTensor.ofDoubles(new double[] {0.1, -3}, 2);
        assertEquals(d, HostTensor.ofRaw(DType.F64, d.littleEndianBytes(), 2));
    }

    @Test
    void asTypeConvertsWithRounding() {
        HostTensor f = HostTensor.ofFloats(new float[] {1f, (float) Math.PI, 70000f}, 3);
        HostTensor bf = f.asType(DType.BF16);
        assertEquals(DType.BF16, bf.dtype());
        assertArrayEquals(new float[] {1f, 3.140625f, 70144f}, bf.toFloats());
        HostTensor half = f.asType(DType.F16);
        assertArrayEquals(new float[] {1f, 3.140625f, Float.POSITIVE_INFINITY}, half.toFloats());
        assertSame(f, f.asType(DType.F32));
        HostTensor i = HostTensor.ofI64(new long[] {1, 300}, 2);
        assertEquals(DType.I32, i.asType(DType.I32).dtype());
        assertArrayEquals(new long[] {1, 300}, i.asType(DType.I32).toI64());
        assertThrows(IllegalArgumentException.class, () -> i.asType(DType.U8));
        assertThrows(IllegalArgumentException.class, () -> f.asType(DType.I32));
        assertArrayEquals(new boolean[] {true, true}, i.asType(DType.BOOL).toBooleans());
    }

    @Test
    void equalityIsByContentAndToStringHidesNumbers() {
        HostTensor a = HostTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
        HostTensor b = HostTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.reshape(4));
        assertNotEquals(a, HostTensor.ofFloats(new float[] {1, 2, 3, 5}, 2, 2));
        assertNotEquals(a, HostTensor.ofI32(new int[] {1, 2, 3, 4}, 2, 2));
        assertEquals("HostTensor F32[2, 2]", a.toString());
    }

    @Test
    void accessorsRefuseTheWrongKind() {
        HostTensor f = HostTensor.ofFloats(new float[] {1}, 1);
        assertThrows(IllegalStateException.class, f::toU8);
        assertThrows(IllegalStateException.class, f::toI64);
        assertThrows(
                IllegalStateException.class,
                () -> HostTensor.ofI32(new int[] {1}, 1).floatView());
        assertEquals(1f, f.floatView().get(0));
    }
}
