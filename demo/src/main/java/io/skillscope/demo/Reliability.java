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

    /** A copy of the confidences. */
    @Override
    public double[] confidence() {
        return confidence.clone();
    }

    /** A copy of the labels. */
    @Override
    public boolean[] correct() {
        return correct.clone();
    }

    /** {@code Reliability[graft: 200 predictions, accuracy 0.975]}. */
    @Override
    public String toString() {
        int right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return String.format(
                java.util.Locale.ROOT,
                "Reliability[%s: %d predictions, accuracy %.3f]",
                label,
                correct.length,
                (double) right / correct.length);
    }

    /** Bins and ECE with 10 equal-width bins. */
    public CalibrationResult calibration() {
        return Calibration.of(label, confidence, correct);
    }
}
