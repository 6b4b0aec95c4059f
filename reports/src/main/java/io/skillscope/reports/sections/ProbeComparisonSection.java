package io.skillscope.reports.sections;

import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import io.skillscope.reports.results.ProbeComparison;
import io.skillscope.reports.results.ProbeComparison.HookContrast;
import io.skillscope.reports.results.ProbeComparison.NeuronContrast;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Presents a {@link ProbeComparison}: headline numbers, a bar chart of mean and max |μ_A − μ_B| per hook,
 * the per-hook table and the table of the neurons with the largest |d|.
 */
public final class ProbeComparisonSection implements SectionFactory<ProbeComparison> {
    private final String heading;

    /** A section headed "Probe statistics". */
    public ProbeComparisonSection() {
        this("Probe statistics");
    }

    /** A section under a custom heading. */
    public ProbeComparisonSection(String heading) {
        this.heading = Objects.requireNonNull(heading, "heading");
    }

    @Override
    public Section from(ProbeComparison c) {
        String ab = c.labelA() + " − " + c.labelB();
        Section.Builder s = Section.builder(heading)
                .paragraph("Streaming per-neuron mean and variance of " + c.labelA()
                        + " (" + c.countA() + " positions) and " + c.labelB() + " (" + c.countB()
                        + " positions), positions "
                        + c.positions() + ". Per neuron d = μ_" + c.labelA() + " − μ_" + c.labelB()
                        + " and z = d / sqrt((σ_A² + σ_B²) / 2). Neurons with large |d| respond to one skill's inputs"
                        + " more than to the other's; Neuron Adjust selects neurons by this d (docs/methods.md §2).");
        NeuronContrast top = c.topNeurons().isEmpty() ? null : c.topNeurons().get(0);
        s.metric("hooks", String.valueOf(c.hooks().size()))
                .metric("neurons", String.valueOf(c.neurons()))
                .metric(
                        "neurons with |z| > 1",
                        String.valueOf(c.hooks().stream()
                                .mapToInt(HookContrast::standardizedOverOne)
                                .sum()));
        if (top != null) {
            s.metric(
                    "largest |d|",
                    Format.number(Math.abs(top.difference())) + " (" + top.hook() + "[" + top.index() + "])");
        }
        List<HookContrast> hooks = c.hooks();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(
                "mean |d|",
                hooks.stream().mapToDouble(HookContrast::meanAbsDifference).toArray());
        series.put(
                "max |d|",
                hooks.stream().mapToDouble(HookContrast::maxAbsDifference).toArray());
        s.chart(
                "Per hook: mean and max over neurons of |" + ab + "|.",
                Charts.bars(
                        "|mean difference| per layer (" + ab + ")",
                        "|" + ab + "| over neurons",
                        hooks.stream().map(ProbeComparisonSection::label).toList(),
                        series));
        s.table(
                "Per hook",
                Table.create(
                        "hooks",
                        StringColumn.create(
                                "hook", hooks.stream().map(HookContrast::hook).toList()),
                        IntColumn.create(
                                "layer",
                                hooks.stream().mapToInt(HookContrast::layer).toArray()),
                        IntColumn.create(
                                "width",
                                hooks.stream().mapToInt(HookContrast::width).toArray()),
                        DoubleColumn.create(
                                "mean |d|",
                                hooks.stream()
                                        .mapToDouble(HookContrast::meanAbsDifference)
                                        .toArray()),
                        DoubleColumn.create(
                                "max |d|",
                                hooks.stream()
                                        .mapToDouble(HookContrast::maxAbsDifference)
                                        .toArray()),
                        DoubleColumn.create(
                                "mean |z|",
                                hooks.stream()
                                        .mapToDouble(HookContrast::meanAbsStandardized)
                                        .toArray()),
                        IntColumn.create(
                                "|z| > 1",
                                hooks.stream()
                                        .mapToInt(HookContrast::standardizedOverOne)
                                        .toArray())));
        List<NeuronContrast> n = c.topNeurons();
        if (!n.isEmpty()) {
            s.table(
                    "Top " + n.size() + " neurons by |d|",
                    Table.create(
                            "neurons",
                            StringColumn.create(
                                    "hook", n.stream().map(NeuronContrast::hook).toList()),
                            IntColumn.create(
                                    "layer",
                                    n.stream().mapToInt(NeuronContrast::layer).toArray()),
                            IntColumn.create(
                                    "neuron",
                                    n.stream().mapToInt(NeuronContrast::index).toArray()),
                            DoubleColumn.create(
                                    "μ " + c.labelA(),
                                    n.stream()
                                            .mapToDouble(NeuronContrast::meanA)
                                            .toArray()),
                            DoubleColumn.create(
                                    "μ " + c.labelB(),
                                    n.stream()
                                            .mapToDouble(NeuronContrast::meanB)
                                            .toArray()),
                            DoubleColumn.create(
                                    "d",
                                    n.stream()
                                            .mapToDouble(NeuronContrast::difference)
                                            .toArray()),
                            DoubleColumn.create(
                                    "z",
                                    n.stream()
                                            .mapToDouble(NeuronContrast::standardized)
                                            .toArray())));
        }
        return s.build();
    }

    private static String label(HookContrast h) {
        return h.layer() >= 0 ? "layer " + h.layer() : h.hook();
    }
}
