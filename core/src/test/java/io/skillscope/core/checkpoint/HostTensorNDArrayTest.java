package io.skillscope.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** The bridge to native memory; half types arrive as FLOAT32. */
class HostTensorNDArrayTest {

    @Test
    void roundTripsThroughNDArrays() {
        try (NDManager manager = NDManager.newBaseManager()) {
            HostTensor f = HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            NDArray a = f.toNDArray(manager);
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertArrayEquals(new long[] {2, 3}, a.getShape().getShape());
            assertEquals(f, HostTensor.fromNDArray(a));

            HostTensor bf = f.asType(DType.BF16);
            NDArray widened = bf.toNDArray(manager);
            assertEquals(DataType.FLOAT32, widened.getDataType());
            assertArrayEquals(f.toFloats(), widened.toFloatArray());

            HostTensor ids = HostTensor.ofI64(new long[] {5, 7}, 2);
            assertEquals(ids, HostTensor.fromNDArray(ids.toNDArray(manager)));
            HostTensor u8 = HostTensor.ofU8(new byte[] {0, (byte) 255}, 2);
            assertEquals(u8, HostTensor.fromNDArray(u8.toNDArray(manager)));
            HostTensor mask = HostTensor.ofBool(new boolean[] {true, false}, 2);
            NDArray m = mask.toNDArray(manager);
            assertEquals(DataType.BOOLEAN, m.getDataType());
            assertEquals(mask, HostTensor.fromNDArray(m));
        }
    }
}
