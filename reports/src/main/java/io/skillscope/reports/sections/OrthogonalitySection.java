package io.skillscope.reports.sections;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomSubspaces;
import io.skillscope.analysis.orthogonality.TensorComparison;
import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.HeatScale;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Presents an {@link OrthogonalityReport} (docs/methods.md §3): headline |cos| against the controls, a bar
 * chart by module type, a layer × module heat map and a per-layer curve of cosines, summary tables and
 * the per-tensor rows. Series (and the heat map) with no defined cosine, as when an update is zero, are
 * left out rather than drawn empty.
 */
public final class OrthogonalitySection implements SectionFactory<OrthogonalityReport> {
    private final String heading;
    private final int maxTensorRows;

    /** A section headed "Orthogonality of weight updates" listing at most 200 tensors. */
    public OrthogonalitySection() {
        this("Orthogonality of weight updates", 200);
    }

    /**
     * A section under a custom heading.
     *
     * @param maxTensorRows per-tensor rows to list (the summaries always cover every tensor), ≥ 0
     */
    public OrthogonalitySection(String heading, int maxTensorRows) {
        this.heading = Objects.requireNonNull(heading, "heading");
        if (maxTensorRows < 0) {
            throw new IllegalArgumentException("maxTensorRows must be >= 0, got " + maxTensorRows);
        }
        this.maxTensorRows = maxTensorRows;
    }

    @Override
    public Section from(OrthogonalityReport r) {
        String ab = r.labelA() + " vs " + r.labelB();
        String ctl = r.controlLabel().map(c -> r.labelA() + " vs " + c).orElse(null);
        GroupSummary all = r.overall();
        Section.Builder s = Section.builder(heading)
                .paragraph("Per tensor ℓ: cos_ℓ = ⟨ΔA_ℓ, ΔB_ℓ⟩ / (‖ΔA_ℓ‖ ‖ΔB_ℓ‖), "
                        + "with A = " + r.labelA() + " and B = " + r.labelB()
                        + ". A random direction has E|cos| ≈ √(2/(π n)); "
                        + "cosines near that level mean the updates are orthogonal. Principal angles compare the top-"
                        + r.options().rank()
                        + " left singular subspaces of each matrix; support overlap compares the top "
                        + Format.percent(r.options().topFraction()) + " entries by |value| with the chance level k/n.");
        s.metric("tensors", String.valueOf(all.tensors()))
                .metric("median |cos| " + ab, Format.number(all.medianAbsCosine()));
        if (ctl != null) {
            s.metric("median |cos| " + ctl, Format.number(all.controlMedianAbsCosine()));
        }
        s.metric("median |cos| random", Format.number(all.randomMedianAbsCosine()))
                .metric("expected |cos| random", Format.number(all.expectedRandomAbsCosine()))
                .metric("mean principal angle", Format.number(all.meanAngleDegrees()) + "°");
        if (Double.isFinite(all.meanAngleDegrees())) {
            // The level of unrelated updates: random top-k subspaces of the same shapes (about 78° for k = 8
            // in R^128); an angle below it means shared directions, not orthogonality.
            s.metric(
                    "mean principal angle, random subspaces of the same shapes",
                    Format.number(RandomSubspaces.levelOver(r.rows(), 3, 0)) + "°");
        }
        s.metric(
                "support overlap (chance)",
                Format.number(all.meanSupportOverlap()) + " (" + Format.number(all.meanSupportChance()) + ")");
        if (!r.skipped().isEmpty()) {
            s.paragraph(r.skipped().size() + " tensors of " + r.labelA() + " had no counterpart and were skipped: "
                    + String.join(
                            ", ",
                            r.skipped().subList(0, Math.min(10, r.skipped().size())))
                    + (r.skipped().size() > 10 ? ", ..." : "") + ".");
        }

        if (Double.isNaN(all.medianAbsCosine())) {
            s.paragraph("Every cosine of " + ab + " is undefined: one of the updates is zero on every tensor (for"
                    + " example an RL run whose sampled groups never differed in reward), so there is nothing to"
                    + " compare; the controls are still shown.");
        }
        org.knowm.xchart.CategoryChart bars = moduleBars(r, ab, ctl);
        if (bars != null) {
            s.chart(bars);
        }
        List<ModuleType> modules = r.modules();
        if (!r.layers().isEmpty() && !modules.isEmpty()) {
            double[][] cells = r.cosineByLayerAndModule();
            if (Arrays.stream(cells).flatMapToDouble(Arrays::stream).anyMatch(Double::isFinite)) {
                s.chart(
                        "Mean cosine per layer and module type; blank cells have no tensor.",
                        Charts.heatmap(
                                "cos(" + ab + ") by layer and module",
                                r.layers().stream().map(l -> "layer " + l).toList(),
                                modules.stream().map(ModuleType::label).toList(),
                                cells,
                                HeatScale.COSINE));
            }
            org.knowm.xchart.XYChart lines = layerLines(r, ab, ctl);
            if (lines != null) {
                s.chart(lines);
            }
        }

        s.table("By module type", summaryTable(r.byModule().values()));
        if (!r.byLayer().isEmpty()) {
            s.table("By layer", summaryTable(r.byLayer().values()));
        }
        return s.table(
                        tensorCaption(r),
                        tensorTable(r.rows()
                                .subList(0, Math.min(maxTensorRows, r.rows().size()))))
                .build();
    }

    private String tensorCaption(OrthogonalityReport r) {
        return r.rows().size() > maxTensorRows
                ? "Per tensor (first " + maxTensorRows + " of " + r.rows().size() + ")"
                : "Per tensor";
    }

    private static org.knowm.xchart.CategoryChart moduleBars(OrthogonalityReport r, String ab, String ctl) {
        List<String> cats = new ArrayList<>();
        List<GroupSummary> groups = new ArrayList<>(r.byModule().values());
        groups.forEach(g -> cats.add(g.group()));
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(
                ab, groups.stream().mapToDouble(GroupSummary::medianAbsCosine).toArray());
        if (ctl != null) {
            series.put(
                    ctl,
                    groups.stream()
                            .mapToDouble(GroupSummary::controlMedianAbsCosine)
                            .toArray());
        }
        series.put(
                "random",
                groups.stream().mapToDouble(GroupSummary::randomMedianAbsCosine).toArray());
        series.values().removeIf(v -> Arrays.stream(v).noneMatch(Double::isFinite));
        return series.isEmpty() ? null : Charts.bars("Median |cos| by module type", "median |cos|", cats, series);
    }

    private static org.knowm.xchart.XYChart layerLines(OrthogonalityReport r, String ab, String ctl) {
        double[] layers = r.layers().stream().mapToDouble(Integer::doubleValue).toArray();
        Collection<GroupSummary> g = r.byLayer().values();
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put(ab, new double[][] {
            layers, g.stream().mapToDouble(GroupSummary::medianAbsCosine).toArray()
        });
        if (ctl != null) {
            series.put(ctl, new double[][] {
                layers.clone(),
                g.stream().mapToDouble(GroupSummary::controlMedianAbsCosine).toArray()
            });
        }
        series.put("random", new double[][] {
            layers.clone(),
            g.stream().mapToDouble(GroupSummary::randomMedianAbsCosine).toArray()
        });
        series.values().removeIf(xy -> Arrays.stream(xy[1]).noneMatch(Double::isFinite));
        return series.isEmpty() ? null : Charts.lines("Median |cos| by layer", "layer", "median |cos|", series, false);
    }

    private static Table summaryTable(Collection<GroupSummary> groups) {
        List<GroupSummary> g = new ArrayList<>(groups);
        return Table.create(
                "summary",
                StringColumn.create("group", g.stream().map(GroupSummary::group).toList()),
                IntColumn.create(
                        "tensors", g.stream().mapToInt(GroupSummary::tensors).toArray()),
                LongColumn.create(
                        "elements", g.stream().mapToLong(GroupSummary::elements).toArray()),
                DoubleColumn.create(
                        "mean cos",
                        g.stream().mapToDouble(GroupSummary::meanCosine).toArray()),
                DoubleColumn.create(
                        "median |cos|",
                        g.stream().mapToDouble(GroupSummary::medianAbsCosine).toArray()),
                DoubleColumn.create(
                        "control mean cos",
                        g.stream().mapToDouble(GroupSummary::controlMeanCosine).toArray()),
                DoubleColumn.create(
                        "control median |cos|",
                        g.stream()
                                .mapToDouble(GroupSummary::controlMedianAbsCosine)
                                .toArray()),
                DoubleColumn.create(
                        "random median |cos|",
                        g.stream()
                                .mapToDouble(GroupSummary::randomMedianAbsCosine)
                                .toArray()),
                DoubleColumn.create(
                        "expected random |cos|",
                        g.stream()
                                .mapToDouble(GroupSummary::expectedRandomAbsCosine)
                                .toArray()),
                DoubleColumn.create(
                        "mean angle (°)",
                        g.stream().mapToDouble(GroupSummary::meanAngleDegrees).toArray()),
                DoubleColumn.create(
                        "support overlap",
                        g.stream().mapToDouble(GroupSummary::meanSupportOverlap).toArray()),
                DoubleColumn.create(
                        "support chance",
                        g.stream().mapToDouble(GroupSummary::meanSupportChance).toArray()));
    }

    private static Table tensorTable(List<TensorComparison> rows) {
        return Table.create(
                "tensors",
                StringColumn.create(
                        "tensor", rows.stream().map(TensorComparison::name).toList()),
                StringColumn.create(
                        "module", rows.stream().map(t -> t.module().label()).toList()),
                StringColumn.create(
                        "layer",
                        rows.stream()
                                .map(t -> t.layer().isPresent()
                                        ? String.valueOf(t.layer().getAsInt())
                                        : "-")
                                .toList()),
                StringColumn.create(
                        "shape",
                        rows.stream().map(t -> Arrays.toString(t.shape())).toList()),
                DoubleColumn.create(
                        "cos",
                        rows.stream().mapToDouble(TensorComparison::cosine).toArray()),
                DoubleColumn.create(
                        "control cos",
                        rows.stream()
                                .mapToDouble(TensorComparison::controlCosine)
                                .toArray()),
                DoubleColumn.create(
                        "random cos",
                        rows.stream()
                                .mapToDouble(TensorComparison::randomCosine)
                                .toArray()),
                DoubleColumn.create(
                        "min angle (°)",
                        rows.stream().mapToDouble(t -> t.angles().minDegrees()).toArray()),
                DoubleColumn.create(
                        "mean angle (°)",
                        rows.stream().mapToDouble(t -> t.angles().meanDegrees()).toArray()),
                DoubleColumn.create(
                        "support overlap",
                        rows.stream().mapToDouble(t -> t.support().fraction()).toArray()),
                DoubleColumn.create(
                        "support chance",
                        rows.stream().mapToDouble(t -> t.support().chance()).toArray()));
    }
}
