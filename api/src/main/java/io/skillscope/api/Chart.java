package io.skillscope.api;

import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.reports.Charts;
import io.skillscope.reports.HeatScale;
import io.skillscope.reports.Html;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.VectorGraphicsEncoder;

/**
 * A chart for a notebook cell: an XChart chart built with the reports module's readable defaults
 * ({@link Charts}), shown inline as SVG by {@link Skillscope#show(Object...)}.
 *
 * <pre>{@code
 * Chart c = Chart.bars("MLP activation sd", table, "hook", "sd");
 * Skillscope.show(c);
 * }</pre>
 */
public final class Chart implements Rich {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    private final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart;
    private final String description;

    private Chart(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String description) {
        this.chart = Objects.requireNonNull(chart, "chart");
        this.description = description;
    }

    /** Wraps any XChart chart (for example one from {@link Charts}, restyled). */
    public static Chart of(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        return new Chart(chart, chart.getClass().getSimpleName());
    }

    /**
     * A grouped bar chart: one value per category in each series, {@code yLabel} on the y axis; see
     * {@link Charts#bars}.
     */
    public static Chart bars(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        return new Chart(
                Charts.bars(title, yLabel, categories, series),
                "bars, " + categories.size() + " categories, " + series.size() + " series " + series.keySet());
    }

    /**
     * Bars of one or more numeric columns of a table, one bar group per row, labelled by a text column;
     * the y axis is labelled with the value columns' names.
     */
    public static Chart bars(String title, Table table, String labelColumn, String... valueColumns) {
        if (valueColumns.length == 0) {
            throw new IllegalArgumentException("chart '" + title + "' needs at least one value column of table '"
                    + table.title() + "'; columns: " + table.columns());
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String c : valueColumns) {
            series.put(c, table.doubles(c));
        }
        return bars(title, String.join(", ", valueColumns), table.strings(labelColumn), series);
    }

    /**
     * A line chart; each series is {@code {xs, ys}}; see {@link Charts#lines}.
     *
     * @param logX logarithmic x axis
     */
    public static Chart lines(
            String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logX) {
        return new Chart(
                Charts.lines(title, xLabel, yLabel, series, logX),
                "lines, " + series.size() + " series " + series.keySet() + (logX ? ", log x" : ""));
    }

    /** Lines of one or more numeric columns of a table against a numeric x column, one series per column. */
    public static Chart lines(String title, Table table, String xColumn, String... yColumns) {
        if (yColumns.length == 0) {
            throw new IllegalArgumentException("chart '" + title + "' needs at least one y column of table '"
                    + table.title() + "'; columns: " + table.columns());
        }
        double[] x = table.doubles(xColumn);
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String c : yColumns) {
            series.put(c, new double[][] {x, table.doubles(c)});
        }
        return lines(title, xColumn, yColumns.length == 1 ? yColumns[0] : "", series, false);
    }

    /**
     * A heat map of a matrix, row i top to bottom, on a stated colour scale ({@link HeatScale#COSINE},
     * {@link HeatScale#FRACTION}, or your own); see {@link Charts#heatmap}.
     */
    public static Chart heatmap(
            String title, List<String> rowLabels, List<String> colLabels, double[][] values, HeatScale scale) {
        return new Chart(
                Charts.heatmap(title, rowLabels, colLabels, values, scale),
                "heat map " + rowLabels.size() + "×" + colLabels.size());
    }

    /**
     * A heat map on a scale symmetric about 0 that covers every value ({@link HeatScale#symmetric}),
     * stated in the title.
     */
    public static Chart heatmap(String title, List<String> rowLabels, List<String> colLabels, double[][] values) {
        return heatmap(title, rowLabels, colLabels, values, HeatScale.symmetric(values));
    }

    /** The underlying XChart chart, to restyle it. */
    public org.knowm.xchart.internal.chartpart.Chart<?, ?> xchart() {
        return chart;
    }

    /**
     * The chart as an inline {@code <svg>} element: XML prolog and namespace declarations dropped (the
     * HTML parser supplies them), ids prefixed per chart so two charts in one notebook never share a
     * clip path. The same treatment as the reports module's HTML pages.
     */
    public String toSvg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        int start = s.indexOf("<svg");
        if (start < 0) {
            throw new IllegalStateException(
                    "SVG encoder produced no <svg> element for chart '" + chart.getTitle() + "'");
        }
        s = s.substring(start).replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
        String prefix = "nb" + COUNTER.incrementAndGet() + "-";
        Matcher m = ID.matcher(s);
        StringBuilder sb = new StringBuilder(s.length() + 256);
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement("id=\"" + prefix + m.group(1) + "\""));
        }
        m.appendTail(sb);
        s = sb.toString().replace("url(#", "url(#" + prefix).replace("href=\"#", "href=\"#" + prefix);
        return s.replaceFirst(
                "<svg",
                "<svg role=\"img\" aria-label=\"" + Matcher.quoteReplacement(Html.escape(chart.getTitle())) + "\"");
    }

    /** The SVG in a {@code <div>}. */
    @Override
    public String toHtml() {
        return "<div>" + toSvg() + "</div>";
    }

    /** Writes a standalone SVG file atomically and returns its path. */
    public Path saveSvg(Path file) {
        String svg = toSvg();
        if (!svg.contains("xmlns=\"http://www.w3.org/2000/svg\"")) {
            svg = svg.replaceFirst("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"");
        }
        AtomicFiles.writeString(file, svg + "\n");
        return file;
    }

    /** {@code Chart['Accuracy per skill': bars, 22 categories, 1 series [accuracy], 640×420]}. */
    @Override
    public String toString() {
        return "Chart['" + chart.getTitle() + "': " + description + ", " + chart.getWidth() + "×" + chart.getHeight()
                + "]";
    }
}
