package io.skillscope.analysis.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void eceOfKnownHistogram() {
        // 10 predictions, 10 bins:
        //   bin 9: conf 0.95 ×4, 3 correct → acc 0.75, gap 0.20, weight 4/10
        //   bin 6: conf 0.65 ×2, 2 correct → acc 1.00, gap 0.35, weight 2/10
        //   bin 1: conf 0.15 ×4, 0 correct → acc 0.00, gap 0.15, weight 4/10
        // ECE = 0.4·0.20 + 0.2·0.35 + 0.4·0.15 = 0.08 + 0.07 + 0.06 = 0.21
        double[] conf = {0.95, 0.95, 0.95, 0.95, 0.65, 0.65, 0.15, 0.15, 0.15, 0.15};
        boolean[] ok = {true, true, true, false, true, true, false, false, false, false};
        CalibrationResult r = Calibration.of("ft", conf, ok);
        assertEquals(0.21, r.ece(), 1e-12);
        assertEquals(10, r.bins().size());
        assertEquals(4, r.bins().get(9).count());
        assertEquals(0.75, r.bins().get(9).accuracy(), 1e-12);
        assertEquals(0.95, r.bins().get(9).meanConfidence(), 1e-12);
        assertEquals(0, r.bins().get(0).count());
        assertTrue(Double.isNaN(r.bins().get(0).accuracy()));
        assertEquals(0.5, r.accuracy(), 1e-12);
        assertEquals(0.35, r.maxCalibrationError(), 1e-12);
        // mean confidence (4·0.95 + 2·0.65 + 4·0.15) / 10 = (3.8 + 1.3 + 0.6) / 10 = 0.57
        assertEquals(
                "CalibrationResult[ft: ECE 0.2100 over 10 predictions in 10 bins; accuracy 0.500, "
                        + "mean confidence 0.570]",
                r.toString());
    }

    @Test
    void edgesAndProbabilities() {
        // confidence 1.0 lands in the last bin, 0.0 in the first
        CalibrationResult r = Calibration.of("x", new double[] {1.0, 0.0}, new boolean[] {true, false}, 4);
        assertEquals(1, r.bins().get(3).count());
        assertEquals(1, r.bins().get(0).count());
        assertEquals(0.0, r.ece(), 1e-12);

        // argmax: row 0 → class 1 (0.7, correct), row 1 → class 0 (0.6, wrong); 2 bins:
        // bin 1 holds both: conf 0.65, acc 0.5 → ECE 0.15
        CalibrationResult p =
                Calibration.fromProbabilities("p", new double[][] {{0.3, 0.7}, {0.6, 0.4}}, new int[] {1, 1}, 2);
        assertEquals(0.15, p.ece(), 1e-12);

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Calibration.of("x", new double[] {0.5, 1.2}, new boolean[] {true, true}));
        assertTrue(e.getMessage().contains("confidence[1]") && e.getMessage().contains("1.2"));
    }

    @Test
    void eceFromBinTotalsMatchesHandComputation() {
        // one item per bin: (|1 − 0.95| + |0 − 0.85| + |0 − 0.15| + |1 − 0.5|) / 4
        assertEquals(
                0.3875,
                Calibration.ece(new double[] {0.95, 0.85, 0.15, 0.5}, new boolean[] {true, false, false, true}, 10),
                1e-12);
        // two items in the top bin: accuracy 0.5, mean confidence 0.95
        assertEquals(0.45, Calibration.ece(new double[] {0.91, 0.99}, new boolean[] {true, false}, 10), 1e-12);
        // a confidence of exactly 1 falls in the last bin
        assertEquals(0.0, Calibration.ece(new double[] {1.0}, new boolean[] {true}, 10), 1e-12);
        assertThrows(
                IllegalArgumentException.class, () -> Calibration.ece(new double[] {1.5}, new boolean[] {true}, 10));
    }
}
