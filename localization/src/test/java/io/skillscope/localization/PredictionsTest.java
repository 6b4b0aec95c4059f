package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Splits;
import org.junit.jupiter.api.Test;

class PredictionsTest {
    @Test
    void agreementAndAccuracy() {
        Predictions a = new Predictions(
                new int[][] {{3, 2}, {4, 2}, {5, 2}}, new boolean[] {true, false, true}, new double[] {0.9, 0.2, 0.6});
        Predictions b = new Predictions(
                new int[][] {{3, 2}, {4}, {6, 2}}, new boolean[] {true, false, false}, new double[] {0.9, 0.2, 0.6});
        assertEquals(1.0 / 3, a.agreement(b), 1e-12);
        assertEquals(2.0 / 3, a.accuracy(), 1e-12);
    }

    @Test
    void skillDataUsesTheLabFormat() {
        CharTokenizer tok = CharTokenizer.standard();
        SkillDataset d = Splits.generate(SkillSuite.standard().get("rev"), 3, 1, 2, 7);
        TaskData t = TaskData.of(d, tok);
        assertEquals("rev", t.name());
        TaskData.Item it = t.train().get(0);
        assertEquals(tok.bosId(), it.prompt()[0]);
        assertEquals(tok.eosId(), it.answer()[it.answer().length - 1]);
        assertEquals(
                d.train().get(0).prompt(),
                tok.decode(java.util.Arrays.copyOfRange(it.prompt(), 1, it.prompt().length)));
        assertEquals(d.train().get(0).answer(), tok.decode(it.answer()));
        assertArrayEquals(
                new int[] {3, 1, 2},
                new int[] {t.train().size(), t.dev().size(), t.test().size()});
        assertEquals(64, t.sha256().length());
    }
}
