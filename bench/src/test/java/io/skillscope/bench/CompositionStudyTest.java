package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompositionStudyTest {

    @Test
    void theRateIsTheMostAccurateOnDevWithTiesToTheFirstListed() {
        // dev accuracies of three GRPO runs: the second is best on dev
        assertEquals(1, CompositionStudy.chooseOnDev(new double[] {0.634, 0.658, 0.571}));
        // a tie goes to the rate listed first, not the later one
        assertEquals(0, CompositionStudy.chooseOnDev(new double[] {0.65, 0.65, 0.60}));
        assertEquals(2, CompositionStudy.chooseOnDev(new double[] {0.1, 0.2, 0.3}));
        assertThrows(IllegalArgumentException.class, () -> CompositionStudy.chooseOnDev(new double[0]));
    }

    @Test
    void ratesParseAsAGridAndBadOnesNameTheOption() {
        assertArrayEquals(new double[] {3e-5, 1e-4, 2e-4}, CompositionStudy.rates("3e-5, 1e-4,2e-4", "--rl-lr"));
        for (String bad : new String[] {"0", "-1e-4", "abc", "1e-4,,2e-4", "NaN", "Infinity"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> CompositionStudy.rates(bad, "--rl-lr"));
            assertTrue(e.getMessage().contains("--rl-lr") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void theChoiceReportsEveryDevNumberAndMarksTheChosenRate() {
        CompositionStudy.RateChoice c =
                new CompositionStudy.RateChoice(new double[] {3e-5, 1e-4}, new double[] {0.66, 0.61}, 0, 3e-5, 500);
        String s = c.toString();
        assertTrue(s.contains("3.0E-5 66.0% <- chosen"), s);
        assertTrue(s.contains("1.0E-4 61.0%") && !s.contains("61.0% <- chosen"), s);
        assertTrue(s.contains("500 depth-2 dev examples"), s);
    }
}
