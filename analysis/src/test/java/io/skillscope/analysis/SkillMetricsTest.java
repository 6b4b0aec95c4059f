package io.skillscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SkillMetricsTest {
    @Test
    void relativeGainAndAccuracyRecovered() {
        // pre 0.5, ft 0.9, graft 0.85: (0.85 − 0.5) / (0.9 − 0.5) = 0.35 / 0.4 = 0.875
        assertEquals(0.875, SkillMetrics.relativeGain(0.85, 0.5, 0.9), 1e-12);
        // 0.85 / 0.9 = 0.9444…
        assertEquals(0.85 / 0.9, SkillMetrics.accuracyRecovered(0.85, 0.9), 1e-12);
        assertTrue(Double.isNaN(SkillMetrics.relativeGain(0.7, 0.5, 0.5)));
        assertTrue(Double.isNaN(SkillMetrics.accuracyRecovered(0.7, 0)));
    }

    @Test
    void relativeDropIsNaNWhenNothingToDrop() {
        // 1 − 0.2 / 0.8 = 0.75
        assertEquals(0.75, SkillMetrics.relativeDrop(0.8, 0.2), 1e-12);
        assertEquals(-0.25, SkillMetrics.relativeDrop(0.8, 1.0), 1e-12);
        assertTrue(Double.isNaN(SkillMetrics.relativeDrop(0, 0)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SkillMetrics.relativeDrop(Double.NaN, 0.1));
        assertTrue(e.getMessage().contains("before"));
    }

    @Test
    void agreement() {
        assertEquals(0.75, SkillMetrics.agreement(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}), 1e-12);
        assertEquals(0.5, SkillMetrics.agreement(List.of("ab", "c"), List.of("ab", "d")), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SkillMetrics.agreement(new int[] {1}, new int[] {1, 2}));
    }
}
