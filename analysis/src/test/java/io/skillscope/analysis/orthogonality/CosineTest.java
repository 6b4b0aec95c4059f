package io.skillscope.analysis.orthogonality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineTest {
    @Test
    void knownVectors() {
        assertEquals(0.0, Cosine.of(new float[] {1, 0}, new float[] {0, 1}), 1e-12);
        assertEquals(1.0, Cosine.of(new float[] {1, 2, 3}, new float[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, Cosine.of(new float[] {1, 2, 3}, new float[] {-3, -6, -9}), 1e-12);
        // 3-4-5: ⟨(3,4),(4,3)⟩ = 24, norms 5·5 → 0.96 ; ⟨(3,4),(3,0)⟩ = 9, norms 5·3 → 0.6
        assertEquals(0.96, Cosine.of(new float[] {3, 4}, new float[] {4, 3}), 1e-12);
        assertEquals(0.6, Cosine.of(new float[] {3, 4}, new float[] {3, 0}), 1e-12);
    }

    @Test
    void zeroVectorIsNaNAndLengthsMustMatch() {
        assertTrue(Double.isNaN(Cosine.of(new float[] {0, 0}, new float[] {1, 0})));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Cosine.of(new float[] {1}, new float[] {1, 2}));
        assertTrue(e.getMessage().contains("1 vs 2"));
    }
}
