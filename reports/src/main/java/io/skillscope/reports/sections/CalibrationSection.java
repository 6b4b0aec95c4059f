package io.skillscope.reports.sections;

import io.skillscope.analysis.calibration.CalibrationResult;
import io.skillscope.analysis.calibration.ReliabilityBin;
import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Presents calibration results of several models (e.g. pre, ft, graft): ECE cards, a reliability
 * diagram, a summary table and the per-bin table.
 */
public final class CalibrationSection implements SectionFactory<List<CalibrationResult>> {
    private final String heading;

    /** A section headed "Calibration". */
    public CalibrationSection() {
        this("Calibration");
    }

    /** A section under a custom heading. */
    public CalibrationSection(String heading) {
        this.heading = Objects.requireNonNull(heading, "heading");
    }

    /** Convenience for varargs. */
    public Section from(CalibrationResult... results) {
        return from(List.of(results));
    }

    @Override
    public Section from(List<CalibrationResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("calibration section needs at least one result");
        }
        int bins = results.get(0).bins().size();
        Section.Builder s = Section.builder(heading)
                .paragraph("Expected calibration error ECE = Σ_b (n_b/N)"
                        + " |acc_b − conf_b| over " + bins
                        + " equal-width confidence bins (Guo et al., 2017); lower is "
                        + "better calibrated. Points on the diagonal are perfectly calibrated.");
        for (CalibrationResult r : results) {
            s.metric("ECE " + r.label(), Format.number(r.ece()));
        }
        s.chart(Charts.reliability(results.toArray(CalibrationResult[]::new)));

        Table summary = Table.create(
                "calibration",
                StringColumn.create(
                        "model", results.stream().map(CalibrationResult::label).toList()),
                IntColumn.create(
                        "predictions",
                        results.stream().mapToInt(CalibrationResult::total).toArray()),
                DoubleColumn.create(
                        "accuracy",
                        results.stream()
                                .mapToDouble(CalibrationResult::accuracy)
                                .toArray()),
                DoubleColumn.create(
                        "mean confidence",
                        results.stream()
                                .mapToDouble(CalibrationResult::meanConfidence)
                                .toArray()),
                DoubleColumn.create(
                        "ECE",
                        results.stream().mapToDouble(CalibrationResult::ece).toArray()),
                DoubleColumn.create(
                        "max gap",
                        results.stream()
                                .mapToDouble(CalibrationResult::maxCalibrationError)
                                .toArray()));
        s.table("Per model", summary);

        StringColumn model = StringColumn.create("model");
        StringColumn range = StringColumn.create("bin");
        IntColumn count = IntColumn.create("count");
        DoubleColumn conf = DoubleColumn.create("mean confidence");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        for (CalibrationResult r : results) {
            for (ReliabilityBin b : r.bins()) {
                model.append(r.label());
                range.append("[" + Format.number(b.lower()) + ", " + Format.number(b.upper()) + ")");
                count.append(b.count());
                conf.append(b.meanConfidence());
                acc.append(b.accuracy());
            }
        }
        return s.table("Reliability bins", Table.create("bins", model, range, count, conf, acc))
                .build();
    }
}
