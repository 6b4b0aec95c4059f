package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skillscope.grafting.Mask;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepResultTest {
    /** A point with |γ| of 100 elements selected and the graft right on {@code graftRight} of 4 items (ft on 2). */
    private static LocalizationResult point(int selected, int graftRight) {
        BitSet b = new BitSet();
        b.set(0, selected);
        Mask m = Mask.builder().put("model.layers.0.w", new long[] {100}, b).build();
        Predictions pre = predictions(0);
        Predictions ft = predictions(2);
        return new LocalizationResult(
                "t", m, pre, ft, predictions(graftRight), 0, List.of(), LocalizationSettings.of(selected / 100.0));
    }

    private static Predictions predictions(int right) {
        boolean[] c = new boolean[4];
        for (int i = 0; i < right; i++) {
            c[i] = true;
        }
        return new Predictions(new int[4][1], c, new double[] {0.5, 0.5, 0.5, 0.5});
    }

    @Test
    void bestIsTheSmallestRecoveringElseTheMostAccurateGraftTiesToTheSmallerSparsity() {
        LocalizationResult a = point(30, 1);
        LocalizationResult b = point(10, 2);
        LocalizationResult c = point(20, 2);
        SweepResult s = new SweepResult("t", List.of(a, c, b));
        assertSame(b, s.best(0.95)); // b and c recover 100%; b is sparser
        SweepResult none = new SweepResult("t", List.of(point(30, 1), point(50, 1)));
        assertSame(none.points().get(0), none.best(0.95)); // a tie on accuracy goes to the smaller sparsity
        SweepResult tie = new SweepResult("t", List.of(point(50, 1), point(30, 1)));
        assertSame(tie.points().get(1), tie.best(0.95));
        assertThrows(LocalizationException.class, () -> new SweepResult("t", List.of()).best(0.95));
    }
}
