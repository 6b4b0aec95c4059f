package io.skillscope.reports.results;

import io.skillscope.analysis.calibration.CalibrationResult;
import java.util.List;
import java.util.Objects;

/**
 * Grafting masks of one task learned at several sparsities (Panigrahi et al., ICML 2023; docs/methods.md §1):
 * per point the accuracy and ECE of θ_pre, θ_ft and the graft θ_pre + γ ⊙ Δ on the same test items, the
 * dev accuracies of θ_ft and the graft (what the point is chosen on), and the reliability bins of one
 * chosen point.
 *
 * @param task          task name
 * @param testItems     test items every accuracy is measured on
 * @param points        one per sparsity, in the order asked
 * @param calibration   reliability of pre, ft and the chosen graft (may be empty)
 * @param calibrationOf which graft {@code calibration} shows, e.g. {@code graft at sparsity 1.0e-3}
 * @param chosen        the index in {@code points} of the reported point, as the producer chose it (the
 *                      localization module's {@code SweepResult.best}, on the dev split); every number a
 *                      report shows of one point is this point's
 */
public record SparsitySweep(
        String task,
        int testItems,
        List<Point> points,
        List<CalibrationResult> calibration,
        String calibrationOf,
        int chosen) {

    /**
     * One learned mask.
     *
     * @param targetSparsity the requested k / N of the base patch
     * @param sparsity       |γ| / N of the kept mask (at most the target under a cap)
     * @param selected       |γ|
     * @param included       N, elements the mask could select
     * @param preAccuracy    θ_pre's exact-match accuracy
     * @param ftAccuracy     θ_ft's
     * @param graftAccuracy  the graft's
     * @param preEce         ECE of θ_pre (10 bins)
     * @param ftEce          ECE of θ_ft
     * @param graftEce       ECE of the graft
     * @param agreement      share of items where the graft answers as θ_ft does
     * @param bestStep       the optimization step whose mask was kept (0 = the base patch)
     * @param learnedSparsity |γ| / N of that step's mask as learned, before any cap to the target (equal to
     *                      {@code sparsity} when nothing was cut)
     * @param devFtAccuracy  θ_ft's exact-match accuracy on the dev split (NaN when not recorded: sweeps
     *                      written before points were chosen on dev)
     * @param devGraftAccuracy the graft's on the dev split (NaN when not recorded)
     */
    public record Point(
            double targetSparsity,
            double sparsity,
            long selected,
            long included,
            double preAccuracy,
            double ftAccuracy,
            double graftAccuracy,
            double preEce,
            double ftEce,
            double graftEce,
            double agreement,
            int bestStep,
            double learnedSparsity,
            double devFtAccuracy,
            double devGraftAccuracy) {
        /** A point without dev accuracies (a sweep written before points were chosen on dev). */
        public Point(
                double targetSparsity,
                double sparsity,
                long selected,
                long included,
                double preAccuracy,
                double ftAccuracy,
                double graftAccuracy,
                double preEce,
                double ftEce,
                double graftEce,
                double agreement,
                int bestStep,
                double learnedSparsity) {
            this(
                    targetSparsity,
                    sparsity,
                    selected,
                    included,
                    preAccuracy,
                    ftAccuracy,
                    graftAccuracy,
                    preEce,
                    ftEce,
                    graftEce,
                    agreement,
                    bestStep,
                    learnedSparsity,
                    Double.NaN,
                    Double.NaN);
        }

        /** A point whose mask was not cut: the learned sparsity is the kept one. */
        public Point(
                double targetSparsity,
                double sparsity,
                long selected,
                long included,
                double preAccuracy,
                double ftAccuracy,
                double graftAccuracy,
                double preEce,
                double ftEce,
                double graftEce,
                double agreement,
                int bestStep) {
            this(
                    targetSparsity,
                    sparsity,
                    selected,
                    included,
                    preAccuracy,
                    ftAccuracy,
                    graftAccuracy,
                    preEce,
                    ftEce,
                    graftEce,
                    agreement,
                    bestStep,
                    sparsity);
        }

        /** Validates the counts. */
        public Point {
            if (included < 1 || selected < 0 || selected > included) {
                throw new IllegalArgumentException(
                        "need 0 <= selected <= included and included >= 1, got " + selected + " of " + included);
            }
        }

        /** Accuracy recovered, P_graft / P_ft (NaN when θ_ft scores 0). */
        public double recovered() {
            return ftAccuracy == 0 ? Double.NaN : graftAccuracy / ftAccuracy;
        }

        /** Dev accuracy recovered, P_graft / P_ft on dev (NaN when not recorded or θ_ft scores 0 on dev). */
        public double devRecovered() {
            return !Double.isFinite(devGraftAccuracy) || !(devFtAccuracy > 0)
                    ? Double.NaN
                    : devGraftAccuracy / devFtAccuracy;
        }

        /** Whether the dev accuracies were recorded. */
        public boolean hasDev() {
            return Double.isFinite(devFtAccuracy) && Double.isFinite(devGraftAccuracy);
        }

        /** Relative gain (P_graft − P_pre) / (P_ft − P_pre) (NaN when fine-tuning gained nothing). */
        public double relativeGain() {
            double gain = ftAccuracy - preAccuracy;
            return gain == 0 ? Double.NaN : (graftAccuracy - preAccuracy) / gain;
        }
    }

    /** Validates and copies the parts. */
    public SparsitySweep {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(calibrationOf, "calibrationOf");
        points = List.copyOf(points);
        calibration = List.copyOf(calibration);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sparsity sweep needs at least one point");
        }
        if (testItems < 1) {
            throw new IllegalArgumentException("testItems must be >= 1, got " + testItems);
        }
        if (chosen < 0 || chosen >= points.size()) {
            throw new IllegalArgumentException("chosen point " + chosen + " is not one of the " + points.size());
        }
    }

    /** The reported point. */
    public Point chosenPoint() {
        return points.get(chosen);
    }

    /** Whether every point carries its dev accuracies, i.e. the point was chosen on dev, not on test. */
    public boolean chosenOnDev() {
        return points.stream().allMatch(Point::hasDev);
    }

    /** {@code SparsitySweep[evn, 4 sparsities, 200 test items]}. */
    @Override
    public String toString() {
        return "SparsitySweep[" + task + ", " + points.size() + " sparsities, " + testItems + " test items]";
    }
}
