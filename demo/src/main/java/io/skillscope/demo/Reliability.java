package io.skillscope.demo;

import io.skillscope.analysis.calibration.Calibration;
import io.skillscope.analysis.calibration.CalibrationResult;
import java.util.Objects;

/**
 * One model's raw predictions for a reliability diagram: its confidence in each answer and whether the
 * answer was right. Stored raw in {@code result.json} so the bins can always be recomputed.
 *
 * @param label model label ({@code pre}, {@code ft}, {@code graft})
 * @param confidence per item, in [0, 1]
 * @param correct per item
 */
public record Reliability(String label, double[] confidence, boolean[] correct) {
    /** Validates that the arrays line up. */
    public Reliability {
        Objects.requireNonNull(label, "label");
        if (confidence.length != correct.length || confidence.length == 0) {
            throw new DemoException("reliability of " + label + ": " + confidence.length + " confidences and "
                    + correct.length + " labels (need the same positive count)");
        }
        confidence = confidence.clone();
        correct = correct.clone();
    }

    /** Bins and ECE with 10 equal-width bins. */
    public CalibrationResult calibration() {
        return Calibration.of(label, confidence, correct);
    }
}
