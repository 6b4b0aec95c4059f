package io.skillscope.analysis.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Expected calibration error with equal-width reliability bins (Guo et al., ICML 2017; used by
 * Panigrahi et al., ICML 2023 with 10 bins):
 * ECE = Σ_b (n_b / N) |acc_b − conf_b|, where bin b holds the predictions with confidence in
 * [b/B, (b+1)/B) (the last bin closed at 1), acc_b is their accuracy and conf_b their mean confidence.
 *
 * <p>Both entry points compute the sum from the per-bin totals, Σ_b |hits_b − Σconf_b| / N (the same
 * value as the weighted means, in one rounding): {@link #of} also reports the bins, {@link #ece} returns
 * the number alone and gives 0 for no items.
 */
public final class Calibration {
    /** The paper's bin count. */
    public static final int DEFAULT_BINS = 10;

    private Calibration() {}

    /** Calibration of predictions with 10 bins; see {@link #of(String, double[], boolean[], int)}. */
    public static CalibrationResult of(String label, double[] confidence, boolean[] correct) {
        return of(label, confidence, correct, DEFAULT_BINS);
    }

    /**
     * Reliability bins and ECE of predictions.
     *
     * @param label      model label for reports
     * @param confidence confidence of each prediction (the predicted class's probability), in [0, 1]
     * @param correct    whether each prediction was right
     * @param bins       number of equal-width bins, ≥ 1
     * @throws IllegalArgumentException on mismatched or empty arrays, bins &lt; 1, or a confidence
     *                                  outside [0, 1] (the message names the index and value)
     */
    public static CalibrationResult of(String label, double[] confidence, boolean[] correct, int bins) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(correct, "correct");
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException(
                    "confidence and correct differ in length: " + confidence.length + " vs " + correct.length);
        }
        if (confidence.length == 0) {
            throw new IllegalArgumentException("no predictions");
        }
        Bins sums = Bins.of(confidence, correct, bins);
        int[] n = sums.count;
        double[] conf = sums.confidence;
        int[] hits = sums.hits;
        int total = confidence.length;
        List<ReliabilityBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            double meanConf = n[b] == 0 ? Double.NaN : conf[b] / n[b];
            double acc = n[b] == 0 ? Double.NaN : (double) hits[b] / n[b];
            out.add(new ReliabilityBin(b, (double) b / bins, (double) (b + 1) / bins, n[b], meanConf, acc));
        }
        return new CalibrationResult(
                label,
                out,
                total,
                Math.min(1, sums.ece(total)),
                (double) sums.allHits / total,
                sums.allConfidence / total);
    }

    /**
     * Expected calibration error alone: ECE = Σ_b |hits_b − Σconf_b| / N over the same bins as {@link #of}.
     *
     * @param confidence the confidence per item, in [0, 1]
     * @param correct whether each item is right
     * @param bins B, ≥ 1 (10 in the grafting paper)
     * @return ECE in [0, 1]; 0 for no items
     * @throws IllegalArgumentException on mismatched arrays, bins &lt; 1 or a confidence outside [0, 1]
     */
    public static double ece(double[] confidence, boolean[] correct, int bins) {
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(correct, "correct");
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException(
                    "confidence and correct differ in length: " + confidence.length + " vs " + correct.length);
        }
        int total = confidence.length;
        if (total == 0) {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, got " + bins);
            }
            return 0;
        }
        return Bins.of(confidence, correct, bins).ece(total);
    }

    /** The share of true values, 0 for none. */
    public static double accuracy(boolean[] correct) {
        int n = 0;
        for (boolean c : correct) {
            if (c) {
                n++;
            }
        }
        return correct.length == 0 ? 0 : (double) n / correct.length;
    }

    /** Per-bin counts, confidence sums and hits, and the overall sums, accumulated in item order. */
    private static final class Bins {
        final int[] count;
        final double[] confidence;
        final int[] hits;
        int allHits;
        double allConfidence;

        private Bins(int bins) {
            count = new int[bins];
            confidence = new double[bins];
            hits = new int[bins];
        }

        /** Σ_b |hits_b − Σconf_b| / N = Σ_b (n_b / N) |acc_b − conf_b|. */
        double ece(int total) {
            double ece = 0;
            for (int b = 0; b < count.length; b++) {
                if (count[b] > 0) {
                    ece += Math.abs(hits[b] - confidence[b]) / total;
                }
            }
            return ece;
        }

        static Bins of(double[] confidence, boolean[] correct, int bins) {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, got " + bins);
            }
            Bins s = new Bins(bins);
            for (int i = 0; i < confidence.length; i++) {
                double c = confidence[i];
                if (!(c >= 0 && c <= 1)) {
                    throw new IllegalArgumentException("confidence[" + i + "] must be in [0, 1], got " + c);
                }
                int b = Math.min(bins - 1, (int) Math.floor(c * bins));
                s.count[b]++;
                s.confidence[b] += c;
                s.allConfidence += c;
                if (correct[i]) {
                    s.hits[b]++;
                    s.allHits++;
                }
            }
            return s;
        }
    }

    /**
     * Calibration from class probabilities: confidence = max_c p_c, correct = (argmax_c p_c == label),
     * ties going to the lowest class index.
     *
     * @param probabilities one row of class probabilities per example
     * @param labels        the true class of each example
     */
    public static CalibrationResult fromProbabilities(String label, double[][] probabilities, int[] labels, int bins) {
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(labels, "labels");
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException(
                    "probabilities and labels differ in length: " + probabilities.length + " vs " + labels.length);
        }
        double[] conf = new double[labels.length];
        boolean[] correct = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double[] p = probabilities[i];
            if (p.length == 0) {
                throw new IllegalArgumentException("probabilities[" + i + "] is empty");
            }
            int arg = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[arg]) {
                    arg = c;
                }
            }
            conf[i] = p[arg];
            correct[i] = arg == labels[i];
        }
        return of(label, conf, correct, bins);
    }
}
