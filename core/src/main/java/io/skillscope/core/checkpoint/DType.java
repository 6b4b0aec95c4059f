package io.skillscope.core.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors file may hold, as far as skillscope reads them.
 *
 * <p>Half-precision types ({@link #F16}, {@link #BF16}) are kept as raw 16-bit patterns on the host
 * and widened to float32 in Java ({@link HalfFloats}) when read as floats; they are never handed to the
 * native engine as such.
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4, true),
    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 mantissa bits. */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2, true),
    /** IEEE 754 binary64. */
    F64(8, true),
    /** Signed 64-bit integer. */
    I64(8, false),
    /** Signed 32-bit integer. */
    I32(4, false),
    /** Signed 8-bit integer. */
    I8(1, false),
    /** Unsigned 8-bit integer. */
    U8(1, false),
    /** Boolean, one byte per element (0 or 1). */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /**
     * Bytes per element.
     *
     * @return 1, 2, 4 or 8
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The dtype string in a safetensors header.
     *
     * @return e.g. {@code "F32"}, {@code "BF16"}, {@code "BOOL"}
     */
    public String safetensorsName() {
        return name();
    }

    /**
     * Whether this is a floating-point type.
     *
     * @return true for F32, F16, BF16, F64
     */
    public boolean isFloating() {
        return floating;
    }

    /**
     * The dtype for a safetensors dtype string.
     *
     * @param name the header's dtype string, e.g. {@code "F16"}
     * @param file the file being read, for the message
     * @return the dtype
     * @throws CheckpointException naming the file and the unknown value, and listing the supported ones
     */
    public static DType fromSafetensorsName(String name, Path file) {
        DType d = lookup(name);
        if (d == null) {
            throw new CheckpointException(
                    file + ": unknown dtype \"" + name + "\" (supported: " + supportedNames() + ")");
        }
        return d;
    }

    /** The dtype for a header string, or null if unknown. */
    static DType lookup(String name) {
        for (DType d : values()) {
            if (d.safetensorsName().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The supported header strings, comma-separated, for messages. */
    static String supportedNames() {
        return Arrays.stream(values()).map(DType::safetensorsName).collect(Collectors.joining(", "));
    }
}
