package io.skillscope.core.checkpoint;

/**
 * Conversions between float32 and the two 16-bit float formats, done in Java so that no half-precision
 * array ever reaches the native engine (DJL's PyTorch engine aborts the JVM on some BF16 paths).
 *
 * <p>bfloat16 is the top half of a binary32: {@code bf16 -> f32} is {@code bits << 16}, exact.
 * binary16 has a 5-bit exponent with bias 15: normal values are {@code (-1)^s * 2^(e-15) * (1 + m/1024)},
 * subnormals ({@code e = 0}) are {@code (-1)^s * 2^-14 * m/1024}, and {@code e = 31} is infinity
 * ({@code m = 0}) or NaN. Narrowing rounds to nearest, ties to even, as PyTorch does.
 */
public final class HalfFloats {

    private HalfFloats() {}

    /**
     * Widens a binary16 bit pattern to float32, exactly (every half value is a float).
     *
     * @param half the 16 bits, in the low half of the int (upper bits are ignored)
     * @return the float value; subnormals, infinities and NaN (with its payload) preserved
     */
    public static float halfToFloat(int half) {
        int sign = (half & 0x8000) << 16;
        int exp = (half >>> 10) & 0x1f;
        int mant = half & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // Subnormal: m * 2^-24, exact in float32 since m has at most 10 bits.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Narrows a float32 to binary16, rounding to nearest with ties to even; values beyond 65504 (after
     * rounding) become infinity, values below half the smallest subnormal become signed zero.
     *
     * @param value the float
     * @return the 16-bit pattern
     */
    public static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            // Infinity stays infinity; NaN stays a (quiet) NaN.
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (half & 1) != 0)) {
                half++; // a carry into bit 10 yields the smallest normal, which is right
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // a carry may reach the exponent, up to 0x7c00 = infinity, which is right
        }
        return (short) (sign | half);
    }

    /**
     * Widens a bfloat16 bit pattern to float32, exactly: {@code Float.intBitsToFloat(bits << 16)}.
     *
     * @param bf16 the 16 bits, in the low half of the int (upper bits are ignored)
     * @return the float value
     */
    public static float bf16ToFloat(int bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /**
     * Narrows a float32 to bfloat16, rounding to nearest with ties to even; NaN stays a quiet NaN.
     *
     * @param value the float
     * @return the 16-bit pattern
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
