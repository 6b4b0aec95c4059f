package io.skillscope.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (versions 1.0, 2.0 and 3.0), C order, little-endian or one-byte
 * dtypes: {@code <f4 <f8 <f2 <i8 <i4 |i1 |u1 |b1}. For round trips and for reference arrays produced in
 * Python.
 */
public final class NpyReader {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {}

    /**
     * Reads a file as float32, widening or rounding other dtypes.
     *
     * @param file the {@code .npy} file
     * @return the elements, row-major
     * @throws CheckpointException if the file is missing or malformed, naming the file and the field
     */
    public static float[] readFloats(Path file) {
        return read(file).toFloats();
    }

    /**
     * Reads a file into a host tensor with its shape and dtype ({@code <f2} stays F16).
     *
     * @param file the {@code .npy} file
     * @return the tensor
     * @throws CheckpointException if the file is missing or malformed, naming the file and the field
     */
    public static HostTensor read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 10) {
                throw new CheckpointException(file + ": " + size + " bytes, too short for an npy file");
            }
            pre.limit(10);
            SafetensorsHeader.readFully(ch, pre, 0);
            byte[] magic = Arrays.copyOf(pre.array(), 6);
            if (!Arrays.equals(magic, NpyWriter.MAGIC)) {
                throw new CheckpointException(file + ": not an npy file (bad magic)");
            }
            int major = pre.get(6);
            long headerLength;
            int preamble;
            if (major == 1) {
                headerLength = pre.getShort(8) & 0xffff;
                preamble = 10;
            } else if (major == 2 || major == 3) {
                pre.limit(12);
                SafetensorsHeader.readFully(ch, pre, 10);
                headerLength = pre.getInt(8) & 0xffffffffL;
                preamble = 12;
            } else {
                throw new CheckpointException(file + ": unsupported npy version " + major);
            }
            if (preamble + headerLength > size) {
                throw new CheckpointException(
                        file + ": header length " + headerLength + " exceeds the file size " + size);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
            SafetensorsHeader.readFully(ch, hb, preamble);
            String header = new String(hb.array(), StandardCharsets.UTF_8);
            DType dtype = dtypeOf(file, field(file, header, DESCR, "descr"));
            if (field(file, header, FORTRAN, "fortran_order").equals("True")) {
                throw new CheckpointException(file + ": fortran_order True is not supported");
            }
            long[] shape = parseShape(file, field(file, header, SHAPE, "shape"));
            long numel = TensorInfo.numel(shape, file.toString());
            long bytes = numel * dtype.byteSize();
            long dataStart = preamble + headerLength;
            if (dataStart + bytes != size) {
                throw new CheckpointException(file + ": shape " + Arrays.toString(shape) + " needs " + bytes
                        + " data bytes, file has " + (size - dataStart));
            }
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new CheckpointException(file + ": " + bytes + " bytes, too large to read at once");
            }
            ByteBuffer data = ByteBuffer.allocate((int) bytes);
            SafetensorsHeader.readFully(ch, data, dataStart);
            return HostTensor.ofRaw(dtype, data.array(), shape);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read (" + e + ")", e);
        }
    }

    private static String field(Path file, String header, Pattern p, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new CheckpointException(file + ": npy header has no '" + name + "' field: " + header);
        }
        return m.group(1);
    }

    private static DType dtypeOf(Path file, String descr) {
        return switch (descr) {
            case "<f4" -> DType.F32;
            case "<f8" -> DType.F64;
            case "<f2" -> DType.F16;
            case "<i8" -> DType.I64;
            case "<i4" -> DType.I32;
            case "|i1" -> DType.I8;
            case "|u1" -> DType.U8;
            case "|b1" -> DType.BOOL;
            default -> throw new CheckpointException(file + ": unsupported npy descr '" + descr + "'");
        };
    }

    private static long[] parseShape(Path file, String tuple) {
        String[] parts = tuple.split(",");
        return Arrays.stream(parts)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(s -> {
                    try {
                        return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                    } catch (NumberFormatException e) {
                        throw new CheckpointException(file + ": npy shape holds '" + s + "'");
                    }
                })
                .toArray();
    }
}
