package io.skillscope.api;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.core.hooks.HookName;
import io.skillscope.localization.LocalizationResult;
import io.skillscope.localization.SweepResult;
import io.skillscope.probes.NeuronRef;
import io.skillscope.reports.HeatScale;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.unlearning.UnlearningReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.ColumnType;

/**
 * Tables and charts of the method modules' results, so a notebook cell ends in one line instead of a
 * loop over rows. Each method only rearranges numbers the result already holds.
 *
 * <pre>{@code
 * Skillscope.show(Results.table(comparison.perLayerTable()),          // any Tablesaw table
 *         Results.neurons("Top neurons", comparison.topK(10, StatsComparison.Measure.STANDARDIZED)),
 *         Results.beforeAfter("Forget arithmetic", naReport, ksdReport),
 *         Results.table(sweep), Results.recovered("upc", Map.of("learned", sweep)),
 *         Results.table(orthogonalityReport), Results.heatmap(orthogonalityReport),
 *         Results.table(overlapMatrix), Results.heatmap(overlapMatrix));
 * }</pre>
 */
public final class Results {
    private Results() {}

    /**
     * A Tablesaw table (what {@code ProbeResult.summaryTable()}, {@code StatsComparison.perLayerTable()}
     * and {@code UnlearningReport.table()} return) as a notebook {@link Table}: same title, columns and
     * rows; numbers stay numbers, missing values become {@code null} ("n/a").
     */
    public static Table table(tech.tablesaw.api.Table t) {
        List<String> columns = t.columnNames();
        List<List<Object>> rows = new ArrayList<>(t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int c = 0; c < columns.size(); c++) {
                tech.tablesaw.columns.Column<?> col = t.column(c);
                Object v = col.isMissing(r) ? null : col.get(r);
                if (v instanceof Double d && d.isNaN()) {
                    v = null;
                }
                row.add(col.type() == ColumnType.STRING || v instanceof Number || v == null ? v : String.valueOf(v));
            }
            rows.add(row);
        }
        return Table.of(t.name(), columns, rows);
    }

    /** Ranked neurons (a probe comparison's top-k): rank, hook, layer, neuron index, score. */
    public static Table neurons(String title, List<NeuronRef> neurons) {
        Table.Builder b = Table.builder(title, "rank", "hook", "layer", "neuron", "score");
        for (int i = 0; i < neurons.size(); i++) {
            NeuronRef n = neurons.get(i);
            b.row(i + 1, n.hook(), HookName.parse(n.hook()).layer(), n.index(), n.score());
        }
        return b.build();
    }

    /**
     * Accuracy before and after unlearning, one bar group per set (the forget set first, then each
     * retain set): the accuracy without intervention, then one bar per report labelled by its method.
     * All reports must cover the same sets with the same "before" accuracies (one baseline, several methods).
     *
     * @throws IllegalArgumentException for no reports, or reports over different sets or baselines
     */
    public static Chart beforeAfter(String title, UnlearningReport... reports) {
        if (reports.length == 0) {
            throw new IllegalArgumentException("beforeAfter('" + title + "') needs at least one unlearning report");
        }
        List<UnlearningReport.Row> first = rows(reports[0]);
        List<String> sets = first.stream().map(UnlearningReport.Row::name).toList();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(
                "before",
                first.stream().mapToDouble(UnlearningReport.Row::before).toArray());
        for (UnlearningReport r : reports) {
            List<UnlearningReport.Row> rows = rows(r);
            if (!rows.stream().map(UnlearningReport.Row::name).toList().equals(sets)) {
                throw new IllegalArgumentException("report '" + r.method() + "' covers sets "
                        + rows.stream().map(UnlearningReport.Row::name).toList() + " but '" + reports[0].method()
                        + "' covers " + sets);
            }
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).before() != first.get(i).before()) {
                    throw new IllegalArgumentException("set '" + sets.get(i) + "' has accuracy "
                            + rows.get(i).before()
                            + " before '" + r.method() + "' but " + first.get(i).before() + " before '"
                            + reports[0].method() + "'; compare methods on one baseline");
                }
            }
            String label = "after " + r.method();
            for (int k = 2; series.containsKey(label); k++) {
                label = "after " + r.method() + " (" + k + ")";
            }
            series.put(
                    label,
                    rows.stream().mapToDouble(UnlearningReport.Row::after).toArray());
        }
        return Chart.bars(title, "exact-match accuracy", sets, series);
    }

    private static List<UnlearningReport.Row> rows(UnlearningReport r) {
        List<UnlearningReport.Row> rows = new ArrayList<>();
        rows.add(r.forget());
        rows.addAll(r.retain());
        return rows;
    }

    /**
     * A sparsity sweep, one row per sparsity: target and reached sparsity, |γ|, test accuracy of θ_pre,
     * θ_ft and the graft, recovered = P_graft / P_ft, relative gain, agreement with θ_ft, ECE of the
     * three models, the step whose mask was kept, the graft's dev accuracy and dev recovered (what
     * {@link SweepResult#best} chooses on), and whether the row is that choice at the 95% bar.
     */
    public static Table table(SweepResult sweep) {
        Table.Builder b = Table.builder(
                "Grafting masks for " + sweep.task(),
                "target sparsity",
                "sparsity",
                "|γ|",
                "pre",
                "ft",
                "graft",
                "recovered",
                "relative gain",
                "agreement",
                "ECE pre",
                "ECE ft",
                "ECE graft",
                "best step",
                "dev graft",
                "dev recovered",
                "chosen on dev");
        // the point SweepResult.best chooses on dev at the 95% bar (none without dev items)
        LocalizationResult chosen =
                sweep.points().stream().allMatch(p -> p.dev().size() > 0) ? sweep.best(0.95) : null;
        for (LocalizationResult r : sweep.points()) {
            b.row(
                    r.settings().sparsity(),
                    r.mask().sparsity(),
                    r.mask().cardinality(),
                    r.pre().accuracy(),
                    r.ft().accuracy(),
                    r.graft().accuracy(),
                    r.recovered(),
                    r.relativeGain(),
                    r.agreement(),
                    r.pre().ece(),
                    r.ft().ece(),
                    r.graft().ece(),
                    r.bestStep(),
                    r.dev().graft().accuracy(),
                    r.devRecovered(),
                    r == chosen ? "yes" : "");
        }
        return b.build();
    }

    /**
     * Accuracy recovered (P_graft / P_ft) against the sparsity each mask reached, one line per sweep,
     * on a logarithmic sparsity axis.
     */
    public static Chart recovered(String title, Map<String, SweepResult> sweeps) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Map.Entry<String, SweepResult> e : sweeps.entrySet()) {
            List<LocalizationResult> pts = e.getValue().points();
            double[] x = pts.stream().mapToDouble(r -> r.mask().sparsity()).toArray();
            double[] y = pts.stream().mapToDouble(LocalizationResult::recovered).toArray();
            series.put(e.getKey(), new double[][] {x, y});
        }
        return Chart.lines(title, "sparsity |γ| / N (log)", "accuracy recovered, P_graft / P_ft", series, true);
    }

    /**
     * An orthogonality report per module type, then all tensors: tensors, elements, mean cos and median
     * |cos| of A vs B, the control's (when there is one), the random-direction baseline's median |cos|
     * and its expectation √(2/(π n)), the mean principal angle (when angles were computed) and the
     * top-support overlap against chance.
     */
    public static Table table(OrthogonalityReport r) {
        List<GroupSummary> groups = new ArrayList<>(r.byModule().values());
        groups.add(r.overall());
        boolean angles = groups.stream().anyMatch(g -> Double.isFinite(g.meanAngleDegrees()));
        List<String> columns = new ArrayList<>(List.of("module", "tensors", "elements", "mean cos", "median |cos|"));
        r.controlLabel().ifPresent(c -> columns.add("median |cos| " + r.labelA() + " vs " + c));
        columns.addAll(List.of("median |cos| random", "expected random"));
        if (angles) {
            columns.add("mean angle°");
        }
        columns.addAll(List.of("support overlap", "chance"));
        List<List<Object>> rows = new ArrayList<>();
        for (GroupSummary g : groups) {
            List<Object> row =
                    new ArrayList<>(List.of(g.group(), g.tensors(), g.elements(), g.meanCosine(), g.medianAbsCosine()));
            if (r.hasControl()) {
                row.add(g.controlMedianAbsCosine());
            }
            row.add(g.randomMedianAbsCosine());
            row.add(g.expectedRandomAbsCosine());
            if (angles) {
                row.add(nan(g.meanAngleDegrees()));
            }
            row.add(g.meanSupportOverlap());
            row.add(g.meanSupportChance());
            rows.add(row);
        }
        return Table.of(r.labelA() + " vs " + r.labelB() + " by module", columns, rows);
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * cos(ΔA, ΔB) per block (rows) and module type (columns), averaged where a cell holds several tensors,
     * on the full colour scale [−1, 1], so that near-orthogonal updates look near-white rather than being
     * stretched to the strongest colours.
     */
    public static Chart heatmap(OrthogonalityReport r) {
        List<String> layers = r.layers().stream().map(l -> "layer " + l).toList();
        List<String> modules = r.modules().stream().map(ModuleType::label).toList();
        return Chart.heatmap(
                "cos(Δ " + r.labelA() + ", Δ " + r.labelB() + ")",
                layers,
                modules,
                r.cosineByLayerAndModule(),
                HeatScale.COSINE);
    }

    /**
     * The overlap of several skills' regions, one row per region: its size, then for every column region
     * j the share |M_i ∩ M_j| / |M_j| of j's region that i's covers (Panigrahi et al., ICML 2023), then
     * the Jaccard index |M_i ∩ M_j| / |M_i ∪ M_j| against each other region.
     */
    public static Table table(OverlapMatrix m) {
        List<String> labels = m.labels();
        List<String> columns = new ArrayList<>(List.of("region", "size"));
        labels.forEach(l -> columns.add("∩ / |" + l + "|"));
        labels.forEach(l -> columns.add("Jaccard " + l));
        double[][] asym = m.asymmetric();
        double[][] jac = m.jaccard();
        long[] sizes = m.sizes();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(labels.get(i), sizes[i]));
            for (int j = 0; j < m.size(); j++) {
                row.add(nan(asym[i][j]));
            }
            for (int j = 0; j < m.size(); j++) {
                row.add(nan(jac[i][j]));
            }
            rows.add(row);
        }
        return Table.of("Overlap of " + String.join(", ", labels), columns, rows);
    }

    /** The Jaccard index of every pair of regions on the stated scale [0, 1] (1 on the diagonal). */
    public static Chart heatmap(OverlapMatrix m) {
        return Chart.heatmap("Jaccard |Mi ∩ Mj| / |Mi ∪ Mj|", m.labels(), m.labels(), m.jaccard(), HeatScale.FRACTION);
    }

    /**
     * Unlearning reports as the record the HTML report's {@code UnlearningSection} draws: one run per
     * entry (its label, method, scalar settings and fitted values, and the forget and retain sets' exact
     * match before and after).
     *
     * <pre>{@code
     * Report.builder("Forgetting arithmetic")
     *         .section(new UnlearningSection(), Results.unlearning("arithmetic", Map.of("NA 3%", na)))
     *         .build().writeTo(out.resolve("report.html"));
     * }</pre>
     *
     * @param forgetSet the forget set's name
     * @param runs the reports by label, in the order to show them
     */
    public static UnlearningResults unlearning(String forgetSet, Map<String, UnlearningReport> runs) {
        List<UnlearningResults.Run> out = new ArrayList<>();
        runs.forEach((label, r) -> {
            List<UnlearningResults.SetScore> sets = new ArrayList<>();
            sets.add(score(r.forget(), UnlearningResults.Role.FORGET));
            r.retain().forEach(x -> sets.add(score(x, UnlearningResults.Role.RETAIN)));
            Map<String, String> details = new LinkedHashMap<>();
            r.unlearner().describe().forEach((k, v) -> {
                if (!(v instanceof Map<?, ?>)) {
                    details.put(
                            k,
                            v instanceof Double d
                                    ? String.format(java.util.Locale.ROOT, "%.6g", d)
                                    : String.valueOf(v));
                }
            });
            out.add(new UnlearningResults.Run(label, r.method(), details, sets));
        });
        return new UnlearningResults(forgetSet, out);
    }

    private static UnlearningResults.SetScore score(UnlearningReport.Row row, UnlearningResults.Role role) {
        return new UnlearningResults.SetScore(row.name(), role, row.n(), row.before(), row.after(), row.detection());
    }
}
