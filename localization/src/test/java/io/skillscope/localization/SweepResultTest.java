package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.grafting.Mask;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepResultTest {
    /**
     * A point with |γ| = {@code selected} of 100 elements; θ_ft answers 2 of 4 dev and 2 of 4 test items, the
     * graft {@code devRight} of the dev items and {@code testRight} of the test items.
     */
    private static LocalizationResult point(int selected, int devRight, int testRight) {
        BitSet b = new BitSet();
        b.set(0, selected);
        Mask m = Mask.builder().put("model.layers.0.w", new long[] {100}, b).build();
        return new LocalizationResult(
                "t",
                m,
                predictions(0, 4),
                predictions(2, 4),
                predictions(testRight, 4),
                0,
                List.of(),
                LocalizationSettings.of(selected / 100.0),
                new DevScores(predictions(0, 4), predictions(2, 4), predictions(devRight, 4)));
    }

    private static Predictions predictions(int right, int n) {
        boolean[] c = new boolean[n];
        for (int i = 0; i < right; i++) {
            c[i] = true;
        }
        double[] conf = new double[n];
        java.util.Arrays.fill(conf, 0.5);
        return new Predictions(new int[n][1], c, conf);
    }

    @Test
    void bestIsTheSmallestRecoveringOnDevElseTheMostAccurateOnDevTiesToTheSmallerSparsity() {
        LocalizationResult a = point(30, 1, 1);
        LocalizationResult b = point(10, 2, 2);
        LocalizationResult c = point(20, 2, 2);
        SweepResult s = new SweepResult("t", List.of(a, c, b));
        assertSame(b, s.best(0.95)); // b and c recover 100% on dev; b is sparser
        SweepResult none = new SweepResult("t", List.of(point(30, 1, 1), point(50, 1, 1)));
        assertSame(none.points().get(0), none.best(0.95)); // a tie on dev accuracy goes to the smaller sparsity
        SweepResult tie = new SweepResult("t", List.of(point(50, 1, 1), point(30, 1, 1)));
        assertSame(tie.points().get(1), tie.best(0.95));
        assertThrows(LocalizationException.class, () -> new SweepResult("t", List.of()).best(0.95));
    }

    @Test
    void theOperatingPointIsChosenOnDevEvenWhereTestWouldChooseAnother() {
        // 1% of the weights recovers 100% on test but 50% on dev; 2% recovers 100% on dev and 50% on test.
        LocalizationResult testBest = point(1, 1, 2);
        LocalizationResult devBest = point(2, 2, 1);
        SweepResult s = new SweepResult("t", List.of(testBest, devBest));
        assertSame(devBest, s.best(0.95));
        assertEquals(1.0, s.best(0.95).devRecovered());
        assertEquals(0.5, s.best(0.95).recovered()); // reported as it is, not the test-best 1.0
        assertTrue(s.rule(0.95).startsWith("chosen on dev: the smallest sparsity"), s.rule(0.95));
        // no point recovers 95% on dev: the most accurate on dev (1 of 4 right there), not the 4 of 4 on test
        LocalizationResult onTest = point(5, 0, 4);
        LocalizationResult onDev = point(8, 1, 0);
        SweepResult low = new SweepResult("t", List.of(onTest, onDev));
        assertSame(onDev, low.best(0.95));
        assertTrue(low.rule(0.95).contains("most accurate on dev"), low.rule(0.95));
    }

    @Test
    void aSweepWithoutDevItemsRefusesToChooseRatherThanFallBackToTest() {
        BitSet bits = new BitSet();
        bits.set(0, 3);
        Mask m = Mask.builder().put("model.layers.0.w", new long[] {100}, bits).build();
        Predictions none = predictions(0, 0);
        LocalizationResult r = new LocalizationResult(
                "t",
                m,
                predictions(0, 4),
                predictions(2, 4),
                predictions(2, 4),
                0,
                List.of(),
                LocalizationSettings.of(0.03),
                new DevScores(none, none, none));
        LocalizationException e =
                assertThrows(LocalizationException.class, () -> new SweepResult("t", List.of(r)).best(0.95));
        assertTrue(e.getMessage().contains("no dev items"), e.getMessage());
    }
}
