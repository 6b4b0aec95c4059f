package io.skillscope.reports.sections;

import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import io.skillscope.reports.results.WeightChanges;
import io.skillscope.reports.results.WeightChanges.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Presents {@link WeightChanges}: the operation and its inputs, the share of weights it changed, the
 * relative change ‖θ − θ_base‖₂ / ‖θ_base‖₂ per group of tensors as bars, and every tensor in a table.
 */
public final class WeightChangesSection implements SectionFactory<WeightChanges> {
    private final String heading;

    /** A section under a heading. */
    public WeightChangesSection(String heading) {
        this.heading = Objects.requireNonNull(heading, "heading");
    }

    @Override
    public Section from(WeightChanges w) {
        long total = w.rows().stream().mapToLong(Row::numel).sum();
        long changed = w.rows().stream().mapToLong(Row::changed).sum();
        Section.Builder s = Section.builder(heading)
                .paragraph("Operation " + w.operation() + " (docs/methods.md §1, §3, §4). Relative change of a tensor"
                        + " = ‖θ − θ_base‖₂ / ‖θ_base‖₂, against the operation's base.")
                .metric("operation", w.operation())
                .metric("weights changed", Format.percent(total == 0 ? 0 : (double) changed / total))
                .metric("tensors", Integer.toString(w.rows().size()));
        w.settings().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.metric(e.getKey(), e.getValue()));
        Map<String, double[]> byGroup = new TreeMap<>(); // group -> {Σ changed, Σ numel, max relative change}
        for (Row r : w.rows()) {
            double[] g = byGroup.computeIfAbsent(r.group(), k -> new double[3]);
            g[0] += r.changed();
            g[1] += r.numel();
            g[2] = Math.max(g[2], r.relativeChange());
        }
        List<String> groups = new ArrayList<>(byGroup.keySet());
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(
                "largest relative change",
                groups.stream().mapToDouble(g -> byGroup.get(g)[2]).toArray());
        series.put(
                "share changed",
                groups.stream()
                        .mapToDouble(g -> byGroup.get(g)[1] == 0 ? 0 : byGroup.get(g)[0] / byGroup.get(g)[1])
                        .toArray());
        if (!groups.isEmpty()) {
            s.chart(
                    "Per group of tensors: the largest relative change and the share of weights changed.",
                    Charts.bars("Change from the base by tensor group", "fraction", groups, series));
        }
        List<String> keys = new ArrayList<>(new TreeMap<>(w.inputs()).keySet());
        s.table(
                "Inputs",
                Table.create(
                        "inputs",
                        StringColumn.create("input", keys),
                        StringColumn.create(
                                "sha256", keys.stream().map(w.inputs()::get).toList())));
        s.table(
                "Every tensor",
                Table.create(
                        "tensors",
                        StringColumn.create(
                                "tensor", w.rows().stream().map(Row::name).toList()),
                        StringColumn.create(
                                "group", w.rows().stream().map(Row::group).toList()),
                        LongColumn.create(
                                "entries",
                                w.rows().stream().mapToLong(Row::numel).toArray()),
                        LongColumn.create(
                                "changed",
                                w.rows().stream().mapToLong(Row::changed).toArray()),
                        DoubleColumn.create("relative change", w.rows().stream().mapToDouble(Row::relativeChange))));
        return s.build();
    }
}
