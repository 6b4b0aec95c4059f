package io.skillscope.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * One part of a report: a heading and, in order, paragraphs, metric cards, tables and charts.
 *
 * <pre>{@code
 * Section s = Section.builder("Calibration")
 *         .paragraph("ECE with 10 equal-width bins.")
 *         .metric("ECE (graft)", 0.031)
 *         .chart(Charts.reliability(pre, ft, graft))
 *         .table("Per model", table)
 *         .build();
 * }</pre>
 */
public final class Section {
    /** A piece of a section's content. */
    public sealed interface Block permits Paragraph, MetricCards, TableBlock, ChartBlock {}

    /** Plain text; escaped when rendered. */
    public record Paragraph(String text) implements Block {
        /** Validates non-null text. */
        public Paragraph {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A row of label → value cards for headline numbers. */
    public record MetricCards(Map<String, String> metrics) implements Block {
        /** Copies the metrics, keeping their order. */
        public MetricCards {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /** A Tablesaw table with an optional caption (empty for none). */
    public record TableBlock(String caption, Table table) implements Block {
        /** Validates the parts. */
        public TableBlock {
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(table, "table");
        }
    }

    /** An XChart chart with an optional caption (empty for none). */
    public record ChartBlock(String caption, Chart<?, ?> chart) implements Block {
        /** Validates the parts. */
        public ChartBlock {
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(chart, "chart");
        }
    }

    private final String heading;
    private final List<Block> blocks;

    private Section(String heading, List<Block> blocks) {
        this.heading = heading;
        this.blocks = List.copyOf(blocks);
    }

    /** Starts a section under a heading. */
    public static Builder builder(String heading) {
        return new Builder(heading);
    }

    /** The heading. */
    public String heading() {
        return heading;
    }

    /** The content blocks in order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** {@code Section[Calibration: 1 paragraph, 1 metric row, 1 table, 1 chart]}. */
    @Override
    public String toString() {
        long p = blocks.stream().filter(b -> b instanceof Paragraph).count();
        long m = blocks.stream().filter(b -> b instanceof MetricCards).count();
        long t = blocks.stream().filter(b -> b instanceof TableBlock).count();
        long c = blocks.stream().filter(b -> b instanceof ChartBlock).count();
        return "Section[" + heading + ": " + p + " paragraphs, " + m + " metric rows, " + t + " tables, " + c
                + " charts]";
    }

    /** Adds blocks to a {@link Section} in the order they will appear. */
    public static final class Builder {
        private final String heading;
        private final List<Block> blocks = new ArrayList<>();
        private Map<String, String> pendingMetrics;

        private Builder(String heading) {
            this.heading = Objects.requireNonNull(heading, "heading");
            if (heading.isBlank()) {
                throw new IllegalArgumentException("section heading must not be blank");
            }
        }

        /** A paragraph of plain text. */
        public Builder paragraph(String text) {
            flushMetrics();
            blocks.add(new Paragraph(text));
            return this;
        }

        /** A metric card; consecutive metrics share one row of cards. */
        public Builder metric(String label, String value) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
            if (pendingMetrics == null) {
                pendingMetrics = new LinkedHashMap<>();
            }
            pendingMetrics.put(label, value);
            return this;
        }

        /** A metric card with a number formatted by {@link Format#number(double)}. */
        public Builder metric(String label, double value) {
            return metric(label, Format.number(value));
        }

        /** Several metric cards, in the map's order. */
        public Builder metrics(Map<String, String> metrics) {
            metrics.forEach(this::metric);
            return this;
        }

        /** A table without caption. */
        public Builder table(Table table) {
            return table("", table);
        }

        /** A table with a caption. */
        public Builder table(String caption, Table table) {
            flushMetrics();
            blocks.add(new TableBlock(caption, table));
            return this;
        }

        /** A chart without caption (its title shows in the image). */
        public Builder chart(Chart<?, ?> chart) {
            return chart("", chart);
        }

        /** A chart with a caption below it. */
        public Builder chart(String caption, Chart<?, ?> chart) {
            flushMetrics();
            blocks.add(new ChartBlock(caption, chart));
            return this;
        }

        /** The section. */
        public Section build() {
            flushMetrics();
            return new Section(heading, blocks);
        }

        private void flushMetrics() {
            if (pendingMetrics != null) {
                blocks.add(new MetricCards(pendingMetrics));
                pendingMetrics = null;
            }
        }
    }
}
