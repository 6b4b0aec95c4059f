package io.skillscope.reports;

import io.skillscope.analysis.calibration.CalibrationResult;
import io.skillscope.analysis.calibration.ReliabilityBin;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart factories with readable defaults (640 × 420, white background, light grid) for report
 * sections. Each returns a plain XChart chart, so callers can restyle it before adding it to a
 * {@link Section}.
 */
public final class Charts {
    /** Default width in pixels. */
    public static final int WIDTH = 640;
    /** Default height in pixels. */
    public static final int HEIGHT = 420;
    /** The widest chart: the report page's content width. */
    public static final int PAGE_WIDTH = 1040;

    private static final Color[] SEQUENTIAL = {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)};
    private static final Color[] DIVERGING = {new Color(0x2166ac), new Color(0xf7f7f7), new Color(0xb2182b)};
    private static final Color[] SERIES = {
        new Color(0x0969da),
        new Color(0xd1242f),
        new Color(0x1a7f37),
        new Color(0x8250df),
        new Color(0xbf8700),
        new Color(0x57606a),
        new Color(0xe16f24),
        new Color(0x1b7c83)
    };

    private Charts() {}

    /**
     * A heat map of a matrix (overlap matrices, per-layer × module cosines): row i is drawn top to
     * bottom, column j left to right; NaN cells are left blank. Values are written in the cells when the
     * matrix has at most 144 cells. The colour scale is the given one, stated in the title ("title
     * (colour scale −1 to 1)"): diverging, white at 0, when it spans both signs; sequential otherwise.
     *
     * @throws IllegalArgumentException if the label counts do not match the matrix, no value is finite,
     *     or a value lies outside the scale
     */
    public static HeatMapChart heatmap(
            String title, List<String> rowLabels, List<String> colLabels, double[][] values, HeatScale scale) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(scale, "scale");
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(
                    "heat map '" + title + "' has " + values.length + " rows but " + rowLabels.size() + " row labels");
        }
        int rows = values.length;
        int cols = colLabels.size();
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (values[i].length != cols) {
                throw new IllegalArgumentException("heat map '" + title + "' row " + i + " has " + values[i].length
                        + " values but there are " + cols + " column labels");
            }
            for (int j = 0; j < cols; j++) {
                double v = values[i][j];
                if (!scale.holds(v)) {
                    throw new IllegalArgumentException("heat map '" + title + "' cell (" + rowLabels.get(i) + ", "
                            + colLabels.get(j) + ") = " + v + " lies outside its colour scale " + scale.label());
                }
                if (Double.isFinite(v)) {
                    cells.add(new Number[] {j, rows - 1 - i, v});
                }
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("heat map '" + title + "' has no finite value among its " + rows + " × "
                    + cols + " cells (all NaN: for cosines, one of the updates is zero); nothing to draw");
        }
        // Wide enough for the column labels, at most the page's width; rows set the height.
        String fullTitle = title + " (colour scale " + scale.label() + ")";
        int width = Math.max(WIDTH, Math.min(PAGE_WIDTH, Math.max(220 + 56 * cols, titleWidth(fullTitle))));
        int height = Math.max(HEIGHT, Math.min(900, 140 + 30 * rows));
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(width)
                .height(height)
                .title(fullTitle)
                .build();
        List<String> yLabels = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(yLabels);
        chart.addSeries(title, new ArrayList<>(colLabels), yLabels, cells);
        var st = chart.getStyler();
        theme(st);
        st.setMin(scale.min());
        st.setMax(scale.max());
        st.setRangeColors(scale.diverging() ? DIVERGING : SEQUENTIAL);
        st.setShowValue(rows * cols <= 144);
        st.setHeatMapValueDecimalPattern("0.00");
        st.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setPlotGridLinesVisible(false);
        st.setXAxisLabelRotation(cols > 8 ? 45 : 0);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    /** Pixels a title in the 15 px bold title font needs, with the chart's margins (about 9 px a character). */
    static int titleWidth(String title) {
        return 60 + 9 * title.length();
    }

    /** {@link #heatmap(String, List, List, double[][], HeatScale)} with array labels. */
    public static HeatMapChart heatmap(
            String title, String[] rowLabels, String[] colLabels, double[][] values, HeatScale scale) {
        return heatmap(title, List.of(rowLabels), List.of(colLabels), values, scale);
    }

    /**
     * A line chart with markers, e.g. a sparsity sweep. Each series is {@code {xs, ys}}: row 0 the x
     * values, row 1 the y values, of equal length. NaN y values break the line.
     *
     * @param logX logarithmic x axis (every x must then be &gt; 0)
     * @throws IllegalArgumentException on a malformed series or a non-positive x on a log axis
     */
    public static XYChart lines(
            String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logX) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        theme(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = e.getValue();
            if (xy == null || xy.length != 2 || xy[0].length != xy[1].length || xy[0].length == 0) {
                throw new IllegalArgumentException(
                        "series '" + e.getKey() + "' must be {xs, ys} with two equally long, non-empty rows");
            }
            if (logX) {
                for (double x : xy[0]) {
                    if (!(x > 0)) {
                        throw new IllegalArgumentException(
                                "series '" + e.getKey() + "' has x = " + x + ", not allowed on a logarithmic axis");
                    }
                }
            }
            XYSeries s = chart.addSeries(e.getKey(), xy[0].clone(), xy[1].clone());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * A grouped bar chart, e.g. relative drops of each skill under each unlearning method. Each series
     * has one value per category; NaN values are drawn as gaps. The width grows with the number of bars
     * (about 18 px per bar, up to the page's width), and category labels turn 45° when they would
     * crowd.
     *
     * @param yLabel what the bars measure, written on the y axis
     * @throws IllegalArgumentException if a series' length differs from the category count, or the y
     *     label is blank
     */
    public static CategoryChart bars(
            String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        if (yLabel == null || yLabel.isBlank()) {
            throw new IllegalArgumentException("bar chart '" + title + "' needs a y-axis label");
        }
        int bars = Math.max(1, categories.size() * Math.max(1, series.size()));
        int width = Math.max(
                WIDTH, Math.min(PAGE_WIDTH, Math.max(160 + bars * 18 + categories.size() * 16, titleWidth(title))));
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        boolean rotate = categories.size() * Math.max(6, longest) * 7 > width - 160;
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(rotate ? HEIGHT + Math.min(120, 6 * longest) : HEIGHT)
                .title(title)
                .yAxisTitle(yLabel)
                .build();
        theme(chart.getStyler());
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(rotate ? 45 : 0);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            if (v.length != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + v.length + " values for "
                        + categories.size() + " categories");
            }
            List<Number> ys = new ArrayList<>(v.length);
            for (double d : v) {
                ys.add(Double.isNaN(d) ? null : d);
            }
            chart.addSeries(e.getKey(), new ArrayList<>(categories), ys);
        }
        return chart;
    }

    /**
     * A reliability diagram: per non-empty bin, accuracy against mean confidence, one line per model,
     * with the diagonal of perfect calibration. Legend entries carry each model's ECE.
     */
    public static XYChart reliability(CalibrationResult... results) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Reliability diagram")
                .xAxisTitle("confidence")
                .yAxisTitle("accuracy")
                .build();
        var st = chart.getStyler();
        theme(st);
        st.setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        st.setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries diag = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(new Color(0x8c959f));
        diag.setLineStyle(new java.awt.BasicStroke(
                1.2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        Set<String> names = new HashSet<>();
        names.add(diag.getName());
        int k = 0;
        for (CalibrationResult r : results) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (ReliabilityBin b : r.bins()) {
                if (b.count() > 0) {
                    xs.add(b.meanConfidence());
                    ys.add(b.accuracy());
                }
            }
            String name = unique(names, String.format(java.util.Locale.ROOT, "%s (ECE %.3f)", r.label(), r.ece()));
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(SERIES[k % SERIES.length]);
            s.setMarkerColor(SERIES[k % SERIES.length]);
            k++;
        }
        return chart;
    }

    private static String unique(Set<String> used, String name) {
        String n = name;
        for (int i = 2; !used.add(n); i++) {
            n = name + " #" + i;
        }
        return n;
    }

    private static void theme(AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0xd0d7de));
        st.setPlotGridLinesColor(new Color(0xeaeef2));
        st.setLegendBorderColor(new Color(0xd0d7de));
        st.setChartTitleBoxVisible(false);
        st.setChartFontColor(new Color(0x1f2328));
        st.setAxisTickLabelsColor(new Color(0x1f2328));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setSeriesColors(SERIES);
        st.setToolTipsEnabled(false);
    }
}
