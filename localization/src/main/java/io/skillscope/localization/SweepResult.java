package io.skillscope.localization;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Localizations of one task at several sparsities.
 *
 * @param task the task name
 * @param points one result per sparsity, in the order asked
 */
public record SweepResult(String task, List<LocalizationResult> points) {
    /** Copies the list. */
    public SweepResult {
        points = List.copyOf(points);
    }

    /**
     * The smallest-sparsity result whose graft recovers at least {@code share} of the fine-tuned accuracy.
     *
     * @param share e.g. 0.95
     * @return the result, or empty when none does
     */
    public Optional<LocalizationResult> smallestRecovering(double share) {
        return points.stream()
                .filter(p -> p.recovered() >= share)
                .min((a, b) -> Double.compare(a.mask().sparsity(), b.mask().sparsity()));
    }

    /**
     * The best point of the sweep: the smallest kept (under a cap, at most the target) sparsity whose graft recovers at least {@code share}
     * of the fine-tuned accuracy ({@link #smallestRecovering}); when none does, the most accurate graft,
     * ties going to the smaller learned sparsity, then to the earlier point. Whether it recovers the share
     * is {@code best(share).recovered() >= share}.
     *
     * @param share e.g. 0.95
     * @return the point
     * @throws LocalizationException when the sweep has no points
     */
    public LocalizationResult best(double share) {
        if (points.isEmpty()) {
            throw new LocalizationException("the sweep of task " + task + " has no points");
        }
        return smallestRecovering(share)
                .orElseGet(() -> points.stream()
                        .max(Comparator.comparingDouble(
                                        (LocalizationResult r) -> r.graft().accuracy())
                                .thenComparing(r -> -r.mask().sparsity()))
                        .orElseThrow());
    }

    /**
     * A plain-text table: target sparsity, the kept mask's sparsity, the learned sparsity before any cap, |γ|, accuracies,
     * recovered, relative gain, agreement, ECEs.
     */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%-8s %9s %9s %9s %9s %6s %6s %6s %9s %7s %7s %7s %7s %7s%n",
                "task",
                "target",
                "sparsity",
                "learned",
                "|γ|",
                "pre",
                "ft",
                "graft",
                "recovered",
                "relgain",
                "agree",
                "ECEpre",
                "ECEft",
                "ECEgr"));
        for (LocalizationResult r : points) {
            sb.append(String.format(
                    "%-8s %9.1e %9.1e %9.1e %9d %6.3f %6.3f %6.3f %9.3f %7.3f %7.3f %7.3f %7.3f %7.3f%n",
                    task,
                    r.settings().sparsity(),
                    r.mask().sparsity(),
                    r.learnedSparsity(),
                    r.mask().cardinality(),
                    r.pre().accuracy(),
                    r.ft().accuracy(),
                    r.graft().accuracy(),
                    r.recovered(),
                    r.relativeGain(),
                    r.agreement(),
                    r.pre().ece(),
                    r.ft().ece(),
                    r.graft().ece()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "SweepResult[" + task + ", " + points.size() + " sparsities]";
    }
}
