package io.skillscope.localization;

/** Accuracy and calibration of exact-match predictions. */
public final class Calibration {
    private Calibration() {}

    /** The share of true values (0 for none). */
    public static double accuracy(boolean[] correct) {
        int n = 0;
        for (boolean c : correct) {
            if (c) {
                n++;
            }
        }
        return correct.length == 0 ? 0 : (double) n / correct.length;
    }

    /**
     * Expected calibration error (Guo et al. 2017): ECE = Σ_b (n_b / N) |acc_b − conf_b| over equal-width
     * confidence bins [0, 1/B), [1/B, 2/B), …, [(B−1)/B, 1] (a confidence of exactly 1 falls in the last).
     *
     * @param confidence the confidence per item, in [0, 1]
     * @param correct whether each item is right
     * @param bins B (10 in the grafting paper)
     * @return ECE in [0, 1]; 0 for no items
     */
    public static double ece(double[] confidence, boolean[] correct, int bins) {
        if (confidence.length != correct.length || bins < 1) {
            throw new LocalizationException("ECE needs one confidence per label and >= 1 bin, got "
                    + confidence.length + ", " + correct.length + ", " + bins);
        }
        int n = confidence.length;
        if (n == 0) {
            return 0;
        }
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < n; i++) {
            double c = confidence[i];
            if (!(c >= 0 && c <= 1)) {
                throw new LocalizationException("confidence " + c + " of item " + i + " is outside [0, 1]");
            }
            int b = Math.min(bins - 1, (int) Math.floor(c * bins));
            conf[b] += c;
            acc[b] += correct[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(acc[b] - conf[b]) / n; // (n_b / N) · |acc_b − conf_b| with sums over the bin
            }
        }
        return ece;
    }
}
