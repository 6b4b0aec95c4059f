package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void halfKnownValues() {
        assertEquals(1.0f, HalfFloats.halfToFloat(0x3C00));
        assertEquals(-2.0f, HalfFloats.halfToFloat(0xC000));
        assertEquals(65504.0f, HalfFloats.halfToFloat(0x7BFF));
        assertEquals(0x1p-24f, HalfFloats.halfToFloat(0x0001)); // 5.96e-8, smallest subnormal
        assertEquals(5.9604645e-8f, HalfFloats.halfToFloat(0x0001));
        assertEquals(0x1p-14f * 1023 / 1024, HalfFloats.halfToFloat(0x03FF)); // largest subnormal
        assertEquals(0x1p-14f, HalfFloats.halfToFloat(0x0400)); // smallest normal
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.halfToFloat(0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.halfToFloat(0xFC00));
        assertTrue(Float.isNaN(HalfFloats.halfToFloat(0x7E00)));
        assertTrue(Float.isNaN(HalfFloats.halfToFloat(0x7C01)));
        assertEquals(0x80000000, Float.floatToRawIntBits(HalfFloats.halfToFloat(0x8000))); // -0
        assertEquals(0.333251953125f, HalfFloats.halfToFloat(0x3555));
    }

    @Test
    void halfRoundTripsEveryNonNanPattern() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloats.halfToFloat(h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(f))));
            } else {
                assertEquals(h, HalfFloats.floatToHalf(f) & 0xffff, "pattern " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void halfNarrowingRoundsToNearestEven() {
        assertEquals(0x7BFF, HalfFloats.floatToHalf(65519f) & 0xffff);
        assertEquals(0x7C00, HalfFloats.floatToHalf(65520f) & 0xffff); // rounds up to infinity
        assertEquals(0x7C00, HalfFloats.floatToHalf(1e10f) & 0xffff);
        assertEquals(0x0000, HalfFloats.floatToHalf(0x1p-25f) & 0xffff); // tie to even: 0
        assertEquals(0x0001, HalfFloats.floatToHalf(0x1.8p-25f) & 0xffff);
        assertEquals(0x0002, HalfFloats.floatToHalf(0x1.8p-24f) & 0xffff); // 1.5 units: tie to even 2
        assertEquals(0x3C00, HalfFloats.floatToHalf(1.0f + 0x1p-11f) & 0xffff); // tie to even 1.0
        assertEquals(0x3C01, HalfFloats.floatToHalf(1.0f + 0x1.8p-11f) & 0xffff);
        assertEquals(0x8000, HalfFloats.floatToHalf(-1e-10f) & 0xffff);
    }

    @Test
    void bf16KnownValues() {
        assertEquals(1.0f, HalfFloats.bf16ToFloat(0x3F80));
        assertEquals(-2.0f, HalfFloats.bf16ToFloat(0xC000));
        assertEquals(3.140625f, HalfFloats.bf16ToFloat(0x4049));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bf16ToFloat(0x7F80));
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(0x7FC0)));
        assertEquals(0x1p-133f, HalfFloats.bf16ToFloat(0x0001)); // subnormal
        assertEquals(0x4049, HalfFloats.floatToBf16((float) Math.PI) & 0xffff);
        assertEquals(0x3F80, HalfFloats.floatToBf16(1.0f + 0x1p-8f) & 0xffff); // tie to even
        assertEquals(0x3F82, HalfFloats.floatToBf16(1.0f + 0x3p-8f) & 0xffff); // tie to even, up
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))));
        for (int b = 0; b < 0x10000; b++) {
            float f = HalfFloats.bf16ToFloat(b);
            if (!Float.isNaN(f)) {
                assertEquals(b, HalfFloats.floatToBf16(f) & 0xffff);
            }
        }
    }
}
