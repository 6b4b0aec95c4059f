package io.skillscope.analysis.orthogonality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SupportOverlapTest {
    @Test
    void topMagnitudeSupportsAndChance() {
        float[] a = {9, -8, 0, 0, 7, 0, 0, 0, 0, 1};
        float[] b = {0, 8, 0, 9, 0, 0, -7, 0, 0, 0};
        // top 30% → k = 3: S_A = {0,1,4}, S_B = {1,3,6}; shared {1} → 1/3; chance 3/10
        SupportOverlap s = SupportOverlap.of(a, b, 0.3);
        assertEquals(3, s.k());
        assertEquals(1, s.intersection());
        assertEquals(1.0 / 3, s.fraction(), 1e-12);
        assertEquals(0.3, s.chance(), 1e-12);
    }

    @Test
    void tiesGoToLowerIndex() {
        BitSet top = SupportOverlap.topK(new float[] {1, -2, 2, 2, 0}, 2);
        BitSet expected = new BitSet();
        expected.set(1);
        expected.set(2);
        assertEquals(expected, top);
        assertEquals(1, SupportOverlap.topCount(1000, 1e-6));
    }
}
