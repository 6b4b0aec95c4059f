package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.localization.LocalizationException;
import io.skillscope.localization.Predictions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fine-tune length of {@code bench localization --ft-steps 30,60,120} is chosen on dev. The numbers are
 * shaped like the fourth stage's {@code pre.suf} (localization/BENCHMARK.md): 64 dev items.
 */
class FineTuneLengthTest {
    private static Predictions right(int n, int of) {
        boolean[] c = new boolean[of];
        Arrays.fill(c, 0, n, true);
        double[] conf = new double[of];
        Arrays.fill(conf, 0.9);
        return new Predictions(new int[of][1], c, conf);
    }

    @Test
    void theShortestFineTuneReachingTheBarOnDevIsChosenNotTheOneTestWouldPick() {
        // dev: 30 steps 58/64 (0.906), 60 steps 61/64 (0.953), 120 steps 64/64.
        // On test (200 items, never given to the choice) 30 steps would already reach 0.95 (191/200):
        // a choice on test would take 30 steps; the dev choice is 60.
        FineTuneLength s30 = new FineTuneLength(30, right(58, 64));
        FineTuneLength s60 = new FineTuneLength(60, right(61, 64));
        FineTuneLength s120 = new FineTuneLength(120, right(64, 64));
        FineTuneLength chosen = FineTuneLength.choose(List.of(s120, s30, s60), 0.95);
        assertSame(s60, chosen);
        assertEquals(
                "chosen on dev: the shortest fine-tune whose dev accuracy is >= 0.95",
                FineTuneLength.rule(chosen, 0.95));
        String table = FineTuneLength.table(List.of(s30, s60, s120), new double[] {0.31, 0.052, 0.004}, chosen);
        String[] rows = table.split("\n");
        assertEquals(4, rows.length, table);
        assertEquals("      60     0.0520    0.953  <- chosen on dev", rows[2], table);
        assertTrue(!rows[1].contains("chosen") && !rows[3].contains("chosen"), table);
    }

    @Test
    void whenNoLengthReachesTheBarTheMostAccurateOnDevIsChosenTiesToTheShorter() {
        // shaped like swp: 30 steps 10/64, 60 steps 30/64, 120 steps 30/64 (the tie goes to 60)
        FineTuneLength s30 = new FineTuneLength(30, right(10, 64));
        FineTuneLength s60 = new FineTuneLength(60, right(30, 64));
        FineTuneLength s120 = new FineTuneLength(120, right(30, 64));
        FineTuneLength chosen = FineTuneLength.choose(List.of(s30, s60, s120), 0.95);
        assertSame(s60, chosen);
        assertTrue(FineTuneLength.rule(chosen, 0.95).contains("no fine-tune reaches dev accuracy 0.95"));
        FineTuneLength s150 = new FineTuneLength(150, right(31, 64));
        assertSame(s150, FineTuneLength.choose(List.of(s30, s60, s120, s150), 0.95));
    }

    @Test
    void aGridNeedsDevItemsAndPositiveLengths() {
        LocalizationException noDev = assertThrows(
                LocalizationException.class,
                () -> FineTuneLength.choose(List.of(new FineTuneLength(30, right(0, 0))), 0.95));
        assertTrue(noDev.getMessage().contains("--dev"), noDev.getMessage());
        assertArrayEquals(new int[] {30, 60, 120}, FineTuneLength.parse("120,30, 60,30"));
        assertArrayEquals(new int[] {60}, FineTuneLength.parse("60"));
        for (String bad : new String[] {"0,60", "sixty", "", "60,-1"}) {
            LocalizationException e = assertThrows(LocalizationException.class, () -> FineTuneLength.parse(bad), bad);
            assertTrue(e.getMessage().contains("--ft-steps") && e.getMessage().contains("got " + bad), bad);
        }
    }
}
