package io.skillscope.analysis.calibration;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reliability bins and expected calibration error of one model's predictions.
 *
 * @param label          which model, e.g. {@code "graft"}
 * @param bins           equal-width bins over [0, 1]
 * @param total          number of predictions, N
 * @param ece            ECE = Σ_b (n_b / N) |acc_b − conf_b|
 * @param accuracy       overall share correct
 * @param meanConfidence overall mean confidence
 */
public record CalibrationResult(
        String label, List<ReliabilityBin> bins, int total, double ece, double accuracy, double meanConfidence) {
    /** Validates the parts. */
    public CalibrationResult {
        Objects.requireNonNull(label, "label");
        bins = List.copyOf(bins);
        if (bins.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one bin");
        }
        if (total < 1) {
            throw new IllegalArgumentException("calibration needs at least one prediction, got " + total);
        }
        if (!(ece >= 0 && ece <= 1)) {
            throw new IllegalArgumentException("ECE must be in [0, 1], got " + ece);
        }
    }

    /** Maximum calibration error, max_b |acc_b − conf_b| over non-empty bins. */
    public double maxCalibrationError() {
        return bins.stream()
                .filter(b -> b.count() > 0)
                .mapToDouble(ReliabilityBin::gap)
                .max()
                .orElse(Double.NaN);
    }

    /** {@code CalibrationResult[graft: ECE 0.0310 over 872 predictions in 10 bins; accuracy 0.912, mean confidence 0.940]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "CalibrationResult[%s: ECE %.4f over %,d predictions in %d bins; accuracy %.3f, mean confidence %.3f]",
                label,
                ece,
                total,
                bins.size(),
                accuracy,
                meanConfidence);
    }
}
