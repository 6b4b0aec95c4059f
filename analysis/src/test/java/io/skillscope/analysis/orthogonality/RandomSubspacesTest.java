package io.skillscope.analysis.orthogonality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomSubspacesTest {
    @Test
    void randomLinesInThePlaneMeetAtFortyFiveDegreesOnAverage() {
        // k = 1, m = 2: the angle is uniform on [0°, 90°] (sd 26°); 4,000 draws give a standard error of 0.41°.
        RandomSubspaces r = RandomSubspaces.ofSpans(2, 1, 4000, 7);
        assertEquals(45.0, r.meanDegrees(), 1.5, r.toString());
        assertEquals(26.0, r.sdDegrees(), 1.5, r.toString());
    }

    @Test
    void randomLinesInSpaceMeetAtOneRadianOnAverage() {
        // k = 1, m = 3: |cos θ| is uniform on [0, 1] (Archimedes), so E θ = ∫₀¹ arccos u du = 1 rad = 57.30°.
        assertEquals(Math.toDegrees(1), RandomSubspaces.ofSpans(3, 1, 4000, 11).meanDegrees(), 1.5);
        // The top singular direction of a 3 x 5 Gaussian matrix is a uniform line too.
        assertEquals(
                Math.toDegrees(1),
                RandomSubspaces.ofTopSingular(3, 5, 1, 3000, 12).meanDegrees(),
                1.5);
    }

    @Test
    void theWholeSpaceMeetsItselfAtZeroDegrees() {
        RandomSubspaces r = RandomSubspaces.ofTopSingular(4, 6, 4, 3, 1);
        assertEquals(0.0, r.maxDegrees(), 1e-5);
        assertEquals(4, r.rank());
    }

    @Test
    void eightDimensionalSubspacesOfTheSkillLabsShapes() {
        // numpy (200 draws for 128 rows): 77.7° ± 1.1 in R^128 (128 x 352, 128 x 128), 82.9° ± 0.6 in R^352.
        RandomSubspaces r128 = RandomSubspaces.ofTopSingular(128, 352, 8, 8, 3);
        assertEquals(77.7, r128.meanDegrees(), 1.3, r128.toString());
        RandomSubspaces r352 = RandomSubspaces.ofTopSingular(352, 128, 8, 4, 4);
        assertEquals(82.9, r352.meanDegrees(), 1.0, r352.toString());
        // the direct Grassmannian draw has the same law
        assertEquals(77.7, RandomSubspaces.ofSpans(128, 8, 40, 5).meanDegrees(), 0.8);
    }

    @Test
    void inHighDimensionTheMeanAngleApproachesNinetyDegrees() {
        // k = 1, m = 4000: E|cos| = √(2/(π m)) = 0.0126, so E θ ≈ 90° − 0.72°.
        double mean = RandomSubspaces.ofSpans(4000, 1, 200, 9).meanDegrees();
        assertEquals(90 - Math.toDegrees(Math.sqrt(2 / (Math.PI * 4000))), mean, 0.15);
        assertTrue(RandomSubspaces.ofSpans(1000, 8, 5, 9).meanDegrees() > 85.0);
    }

    @Test
    void theLevelOfTwoRandomUpdatesIsTheirMeasuredMeanAngle() {
        Map<String, ShapedArray> shapes = new LinkedHashMap<>();
        for (int l = 0; l < 6; l++) {
            shapes.put("blocks." + l + ".w", RandomBaseline.gaussian(new int[] {64, 96}, l));
        }
        WeightUpdate a = RandomBaseline.like(WeightUpdate.of(shapes), 1);
        WeightUpdate b = RandomBaseline.like(WeightUpdate.of(shapes), 2);
        OrthogonalityReport r = Orthogonality.between("A", a, "B", b).compute();
        double level = RandomSubspaces.levelOver(r.rows(), 20, 3);
        // one shape, k = 8 in R^64: the random level, and two unrelated updates sit at it
        assertEquals(RandomSubspaces.ofTopSingular(64, 96, 8, 20, 3).meanDegrees(), level, 1e-12);
        assertTrue(level > 70 && level < 78, "level " + level);
        assertEquals(level, r.overall().meanAngleDegrees(), 2.5);
        // an update compared with itself is far below the level
        assertEquals(
                0.0, Orthogonality.between("A", a, "A", a).compute().overall().meanAngleDegrees(), 1e-4);
    }

    @Test
    void badSizesAreRefusedByName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RandomSubspaces.ofSpans(4, 5, 1, 1));
        assertTrue(e.getMessage().contains("rank 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomSubspaces.ofTopSingular(4, 4, 1, 0, 1));
    }
}
