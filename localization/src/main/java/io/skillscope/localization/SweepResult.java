package io.skillscope.localization;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
     * The smallest-sparsity result whose graft recovers at least {@code share} of the fine-tuned accuracy
     * on the <b>dev</b> split ({@link LocalizationResult#devRecovered()}); the test split plays no part.
     *
     * @param share e.g. 0.95
     * @return the result, or empty when none does
     */
    public Optional<LocalizationResult> smallestRecovering(double share) {
        requireDev();
        return points.stream()
                .filter(p -> p.devRecovered() >= share)
                .min(Comparator.comparingDouble(
                                (LocalizationResult p) -> p.mask().sparsity())
                        .thenComparing(p -> -p.dev().graft().accuracy()));
    }

    /**
     * The operating point of the sweep, chosen on the dev split only (issue 14: no choice looks at test):
     * the smallest kept (under a cap, at most the target) sparsity whose graft recovers at least
     * {@code share} of θ_ft's dev accuracy ({@link #smallestRecovering}); when none does, the graft most
     * accurate on dev, ties going to the smaller sparsity, then to the earlier point. The points may differ
     * in more than the sparsity (e.g. a grid of mask L1 λ): the rule then chooses λ too. Its test numbers
     * ({@link LocalizationResult#graft()}) are the ones to report, once.
     *
     * @param share e.g. 0.95
     * @return the point
     * @throws LocalizationException when the sweep has no points or no dev items to choose on
     */
    public LocalizationResult best(double share) {
        if (points.isEmpty()) {
            throw new LocalizationException("the sweep of task " + task + " has no points");
        }
        return smallestRecovering(share)
                .orElseGet(() -> points.stream()
                        .max(Comparator.comparingDouble((LocalizationResult r) ->
                                        r.dev().graft().accuracy())
                                .thenComparing(r -> -r.mask().sparsity()))
                        .orElseThrow());
    }

    /**
     * The rule that chose {@link #best}, for reports: e.g. {@code chosen on dev: the smallest sparsity whose
     * graft recovers >= 0.95 of the fine-tuned dev accuracy}.
     *
     * @param share the share of {@link #best}
     * @return one line
     */
    public String rule(double share) {
        LocalizationResult b = best(share);
        return b.devRecovered() >= share
                ? String.format(
                        Locale.ROOT,
                        "chosen on dev: the smallest sparsity whose graft recovers >= %.2f of the fine-tuned dev"
                                + " accuracy",
                        share)
                : String.format(
                        Locale.ROOT,
                        "chosen on dev: no point recovers %.2f of the fine-tuned dev accuracy; the graft most"
                                + " accurate on dev",
                        share);
    }

    private void requireDev() {
        for (LocalizationResult p : points) {
            if (p.dev().size() == 0) {
                throw new LocalizationException("task " + task + " has no dev items: a sweep chooses its operating"
                        + " point on the dev split, never on test (give it dev examples, e.g. --dev 64)");
            }
        }
    }

    /**
     * A plain-text table: target sparsity, the kept mask's sparsity, the learned sparsity before any cap, |γ|, test
     * accuracies, test recovered, the graft's dev accuracy and dev recovered, relative gain, agreement, ECEs.
     */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%-8s %9s %9s %9s %9s %6s %6s %6s %9s %6s %9s %7s %7s %7s %7s %7s%n",
                "task",
                "target",
                "sparsity",
                "learned",
                "|γ|",
                "pre",
                "ft",
                "graft",
                "recovered",
                "devGr",
                "devRecov",
                "relgain",
                "agree",
                "ECEpre",
                "ECEft",
                "ECEgr"));
        for (LocalizationResult r : points) {
            sb.append(String.format(
                    "%-8s %9.1e %9.1e %9.1e %9d %6.3f %6.3f %6.3f %9.3f %6.3f %9.3f %7.3f %7.3f %7.3f %7.3f %7.3f%n",
                    task,
                    r.settings().sparsity(),
                    r.mask().sparsity(),
                    r.learnedSparsity(),
                    r.mask().cardinality(),
                    r.pre().accuracy(),
                    r.ft().accuracy(),
                    r.graft().accuracy(),
                    r.recovered(),
                    r.dev().graft().accuracy(),
                    r.devRecovered(),
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
