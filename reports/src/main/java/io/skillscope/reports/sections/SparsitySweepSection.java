package io.skillscope.reports.sections;

import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.results.SparsitySweep.Point;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Presents a {@link SparsitySweep}: headline accuracies, the smallest sparsity that recovers a share
 * (95% by default) of the fine-tuned accuracy, curves of recovered accuracy and of ECE against the
 * learned mask's sparsity (a log axis when they span a decade), and the table of every point.
 * Reliability diagrams of the chosen point are a {@link CalibrationSection} of
 * {@link SparsitySweep#calibration()}.
 */
public final class SparsitySweepSection implements SectionFactory<SparsitySweep> {
    private final String heading;
    private final double share;

    /** A section headed "Localization sparsity sweep" with a 95% recovery bar. */
    public SparsitySweepSection() {
        this("Localization sparsity sweep", 0.95);
    }

    /**
     * A section under a custom heading.
     *
     * @param share the recovered-accuracy bar the headline reports, in (0, 1]
     */
    public SparsitySweepSection(String heading, double share) {
        this.heading = Objects.requireNonNull(heading, "heading");
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        }
        this.share = share;
    }

    @Override
    public Section from(SparsitySweep w) {
        List<Point> p = w.points();
        Section.Builder s = Section.builder(heading)
                .paragraph("Task " + w.task() + ": θ_ft is θ_pre fine-tuned on it."
                        + " A grafting mask γ with k = sparsity × N entries is learned so that θ_pre + γ ⊙ (θ_ft − θ_pre)"
                        + " recovers θ_ft's accuracy (Panigrahi et al., ICML 2023). Accuracy recovered = P_graft / P_ft on "
                        + w.testItems()
                        + " test items; the x axis is the sparsity of the kept mask |γ| / N. The optimizer may grow a"
                        + " mask past its target; under a cap the mask is cut back to the target, and the learned"
                        + " sparsity before the cut is the table's last sparsity column.");
        Point c = w.chosenPoint();
        String bar = Format.percent(share).replace(".00", "");
        boolean onDev = w.chosenOnDev();
        double chosenBy = onDev ? c.devRecovered() : c.recovered();
        s.paragraph("The cards show one point, chosen by the sweep: the smallest kept sparsity whose graft"
                        + " recovers at least " + bar + " of θ_ft's " + (onDev ? "dev" : "") + " accuracy, else the"
                        + " most accurate graft" + (onDev ? " on dev" : "") + ". Here: the"
                        + " mask for target sparsity " + sci(c.targetSparsity()) + ", kept at "
                        + sci(c.sparsity()) + " (|γ| " + c.selected() + ")"
                        + (c.learnedSparsity() != c.sparsity()
                                ? ", cut from the learned " + sci(c.learnedSparsity())
                                : "")
                        + (chosenBy >= share ? "" : ", and no point recovers " + bar + (onDev ? " on dev" : ""))
                        + (onDev
                                ? ", dev recovered " + Format.number(c.devRecovered()) + ". The point is chosen on"
                                        + " the dev split; the test numbers in the cards below are scored once,"
                                        + " not chosen."
                                : ". The point is chosen on the same test items it is scored on, so its recovery"
                                        + " is optimistic (a choice made on test; this sweep recorded no dev"
                                        + " accuracies).")
                        + " Every number in the cards below is this point's. For"
                        + " calibration compare the graft's ECE with θ_ft's: the paper's claim is that the graft is"
                        + " better calibrated than the fine-tuned model; θ_pre, which has not learned the task,"
                        + " is no yardstick.")
                .metric("chosen: accuracy pre", Format.number(c.preAccuracy()))
                .metric("chosen: accuracy ft", Format.number(c.ftAccuracy()))
                .metric(
                        "chosen: target / kept / learned sparsity",
                        sci(c.targetSparsity()) + " / " + sci(c.sparsity()) + " / " + sci(c.learnedSparsity()))
                .metric("chosen: graft accuracy", Format.number(c.graftAccuracy()))
                .metric("chosen: recovered" + (onDev ? " (test)" : ""), Format.number(c.recovered()))
                .metric(
                        "chosen: ECE pre / ft / graft",
                        Format.number(c.preEce()) + " / " + Format.number(c.ftEce()) + " / "
                                + Format.number(c.graftEce()));
        // learned masks can grow past their target, so the curves follow the learned sparsity in order
        List<Point> sorted = p.stream()
                .sorted(java.util.Comparator.comparingDouble(Point::sparsity))
                .toList();
        double[] xs = sorted.stream().mapToDouble(Point::sparsity).toArray();
        Map<String, double[][]> rec = new LinkedHashMap<>();
        rec.put("graft / ft", new double[][] {
            xs, sorted.stream().mapToDouble(Point::recovered).toArray()
        });
        double lo = java.util.Arrays.stream(xs).min().orElse(1e-6);
        double hi = java.util.Arrays.stream(xs).max().orElse(1);
        rec.put(Format.percent(share).replace(".00", "") + " bar", new double[][] {{lo, hi}, {share, share}});
        // a log axis labels only whole decades: use it when the points span one
        boolean logX = lo > 0 && hi / lo >= 10;
        if (p.stream().anyMatch(x -> Double.isFinite(x.recovered()))) {
            s.chart(
                    "Accuracy recovered against the learned mask's sparsity.",
                    Charts.lines(
                            "Accuracy recovered vs sparsity (" + w.task() + ")",
                            "sparsity |γ| / N",
                            "P_graft / P_ft",
                            rec,
                            logX));
        } else {
            s.paragraph("θ_ft answers no test item correctly, so no accuracy can be recovered; the curve is omitted.");
        }
        Map<String, double[][]> ece = new LinkedHashMap<>();
        ece.put("graft", new double[][] {
            xs.clone(), sorted.stream().mapToDouble(Point::graftEce).toArray()
        });
        ece.put("ft", new double[][] {
            xs.clone(), sorted.stream().mapToDouble(Point::ftEce).toArray()
        });
        ece.put("pre", new double[][] {
            xs.clone(), sorted.stream().mapToDouble(Point::preEce).toArray()
        });
        s.chart(
                "Expected calibration error (10 bins) of the graft at each sparsity, with θ_ft and θ_pre for reference.",
                Charts.lines("ECE vs sparsity (" + w.task() + ")", "sparsity |γ| / N", "ECE", ece, logX));
        return s.table(
                        "Every sparsity",
                        Table.create(
                                "sweep",
                                DoubleColumn.create(
                                        "target sparsity",
                                        p.stream()
                                                .mapToDouble(Point::targetSparsity)
                                                .toArray()),
                                DoubleColumn.create(
                                        "sparsity",
                                        p.stream().mapToDouble(Point::sparsity).toArray()),
                                DoubleColumn.create(
                                        "learned sparsity",
                                        p.stream()
                                                .mapToDouble(Point::learnedSparsity)
                                                .toArray()),
                                LongColumn.create(
                                        "|γ|",
                                        p.stream().mapToLong(Point::selected).toArray()),
                                LongColumn.create(
                                        "N",
                                        p.stream().mapToLong(Point::included).toArray()),
                                DoubleColumn.create(
                                        "acc pre",
                                        p.stream()
                                                .mapToDouble(Point::preAccuracy)
                                                .toArray()),
                                DoubleColumn.create(
                                        "acc ft",
                                        p.stream()
                                                .mapToDouble(Point::ftAccuracy)
                                                .toArray()),
                                DoubleColumn.create(
                                        "acc graft",
                                        p.stream()
                                                .mapToDouble(Point::graftAccuracy)
                                                .toArray()),
                                DoubleColumn.create(
                                        "recovered",
                                        p.stream().mapToDouble(Point::recovered).toArray()),
                                DoubleColumn.create(
                                        "relative gain",
                                        p.stream()
                                                .mapToDouble(Point::relativeGain)
                                                .toArray()),
                                DoubleColumn.create(
                                        "agreement with ft",
                                        p.stream().mapToDouble(Point::agreement).toArray()),
                                DoubleColumn.create(
                                        "ECE pre",
                                        p.stream().mapToDouble(Point::preEce).toArray()),
                                DoubleColumn.create(
                                        "ECE ft",
                                        p.stream().mapToDouble(Point::ftEce).toArray()),
                                DoubleColumn.create(
                                        "ECE graft",
                                        p.stream().mapToDouble(Point::graftEce).toArray()),
                                IntColumn.create(
                                        "best step",
                                        p.stream().mapToInt(Point::bestStep).toArray())))
                .build();
    }

    private static String sci(double v) {
        return String.format(java.util.Locale.ROOT, "%.1e", v);
    }
}
