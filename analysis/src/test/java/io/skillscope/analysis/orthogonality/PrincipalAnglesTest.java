package io.skillscope.analysis.orthogonality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrincipalAnglesTest {
    private static final double S = Math.sqrt(0.5);

    @Test
    void sharedAndOrthogonalDirections() {
        // span(e1, e2) vs span(e1, e3) in R^3: share e1 (0°), e2 ⟂ e3 (90°)
        double[][] e1e2 = {{1, 0}, {0, 1}, {0, 0}};
        double[][] e1e3 = {{1, 0}, {0, 0}, {0, 1}};
        PrincipalAngles p = PrincipalAngles.ofSpans(e1e2, e1e3);
        assertArrayEquals(new double[] {0, 90}, p.degrees(), 1e-9);
        assertArrayEquals(new double[] {0, Math.PI / 2}, p.radians(), 1e-9);
        assertEquals(45.0, p.meanDegrees(), 1e-9);
        assertEquals("PrincipalAngles[r=2: 0.0°, 90.0°]", p.toString());
    }

    @Test
    void planeRotatedBy45Degrees() {
        // span(e1, e2) vs span(e1, (e2 + e3)/√2): cos θ₂ = ⟨e2, (e2+e3)/√2⟩ = 1/√2 → 45°
        double[][] rotated = {{1, 0}, {0, S}, {0, S}};
        PrincipalAngles p = PrincipalAngles.ofSpans(new double[][] {{1, 0}, {0, 1}, {0, 0}}, rotated);
        assertArrayEquals(new double[] {0, 45}, p.degrees(), 1e-9);
    }

    @Test
    void topSingularSubspacesOfMatrixUpdates() {
        // A = 3·e1·f1ᵀ + 1·e2·f2ᵀ: top-1 left singular direction e1
        // B = 5·e2·f1ᵀ + 1·e1·f2ᵀ: top-1 left singular direction e2
        double[][] a = {{3, 0}, {0, 1}, {0, 0}};
        double[][] b = {{0, 1}, {5, 0}, {0, 0}};
        assertArrayEquals(
                new double[] {90}, PrincipalAngles.ofTopSingular(a, b, 1).degrees(), 1e-9);
        // with r = 2 both span {e1, e2}
        assertArrayEquals(
                new double[] {0, 0}, PrincipalAngles.ofTopSingular(a, b, 2).degrees(), 1e-6);
        // rank is capped by the numerical rank: a rank-1 matrix yields one angle
        double[][] rank1 = {{1, 1}, {0, 0}, {0, 0}};
        assertEquals(1, PrincipalAngles.ofTopSingular(rank1, a, 2).count());
        assertTrue(PrincipalAngles.ofTopSingular(new double[3][2], a, 2).isEmpty());
    }
}
