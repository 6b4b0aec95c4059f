package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.unlearning.EvalPart;
import io.skillscope.unlearning.UnlearningData;
import java.util.List;
import org.junit.jupiter.api.Test;

class KsdKeysStudyTest {
    @Test
    void spearmanOfKnownPairs() {
        // monotone increasing: 1; decreasing: −1
        assertEquals(
                1.0,
                KsdKeyNorms.spearman(List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {5, 21})),
                1e-12);
        assertEquals(
                -1.0,
                KsdKeyNorms.spearman(List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1})),
                1e-12);
        // x ranks 1,2,3,4; y ranks 2,1,4,3: ρ = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·4/60 = 0.6
        assertEquals(
                0.6,
                KsdKeyNorms.spearman(
                        List.of(new double[] {1, 2}, new double[] {2, 1}, new double[] {3, 4}, new double[] {4, 3})),
                1e-12);
        // ties take the average rank: x = 1,1,2 (ranks 1.5,1.5,3), y = 1,2,3
        assertEquals(
                Math.sqrt(3) / 2,
                KsdKeyNorms.spearman(List.of(new double[] {1, 1}, new double[] {1, 2}, new double[] {2, 3})),
                1e-12);
    }

    @Test
    void dataAreTheUnlearningBenchmarksSets() {
        SplitSizes sizes = new SplitSizes(4, 2, 2);
        UnlearningData arithmetic = KsdKeysStudy.data(SkillSuite.standard(), "arithmetic", sizes, 0);
        assertEquals("arithmetic", arithmetic.forget().name());
        assertEquals(12, arithmetic.forget().train().size(), "4 train examples for each of add, sub and mul");
        assertEquals(SkillSuite.SEEN.size() - 3, arithmetic.retain().size());
        assertTrue(arithmetic.retain().stream().map(EvalPart::name).noneMatch(n -> n.equals("add")));
        UnlearningData rev = KsdKeysStudy.data(SkillSuite.standard(), "rev", sizes, 0);
        assertEquals(SkillSuite.SEEN.size() - 1, rev.retain().size());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> KsdKeysStudy.data(SkillSuite.standard(), "nope", sizes, 0));
        assertTrue(bad.getMessage().contains("got nope"), bad.getMessage());
    }
}
