package io.skillscope.localization;

import io.skillscope.analysis.calibration.Calibration;
import java.util.Arrays;

/**
 * What a model produced on a list of items: its greedy answer (end token included when it stopped),
 * whether that is exactly the reference answer, and its confidence in it.
 *
 * @param outputs the generated ids per item
 * @param correct exact match per item
 * @param confidence the model's probability of its own answer per item (see {@link Confidence})
 */
public record Predictions(int[][] outputs, boolean[] correct, double[] confidence) {
    /** Checks that the three arrays line up. */
    public Predictions {
        if (outputs.length != correct.length || correct.length != confidence.length) {
            throw new LocalizationException("predictions of " + outputs.length + " outputs, " + correct.length
                    + " labels and " + confidence.length + " confidences");
        }
    }

    /** The number of items. */
    public int size() {
        return correct.length;
    }

    /** The share answered exactly. */
    public double accuracy() {
        return Calibration.accuracy(correct);
    }

    /** Expected calibration error with 10 equal-width bins. */
    public double ece() {
        return Calibration.ece(confidence, correct, 10);
    }

    /** The share of items on which this model's answer equals the other's. */
    public double agreement(Predictions other) {
        if (other.size() != size()) {
            throw new LocalizationException(
                    "cannot compare predictions on " + size() + " and " + other.size() + " items");
        }
        int same = 0;
        for (int i = 0; i < size(); i++) {
            if (Arrays.equals(outputs[i], other.outputs[i])) {
                same++;
            }
        }
        return size() == 0 ? 0 : (double) same / size();
    }

    @Override
    public String toString() {
        return String.format("Predictions[n=%d, accuracy=%.3f, ECE=%.3f]", size(), accuracy(), ece());
    }
}
