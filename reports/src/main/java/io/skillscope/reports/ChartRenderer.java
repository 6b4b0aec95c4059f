package io.skillscope.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Turns an XChart chart into markup that can sit inside an HTML page without external files. */
final class ChartRenderer {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    private ChartRenderer() {}

    static String render(Chart<?, ?> chart, ChartFormat format) {
        return format == ChartFormat.SVG ? svg(chart) : png(chart);
    }

    /**
     * Inline SVG. The XML prolog and DOCTYPE are dropped (not allowed inside HTML), the namespace
     * declarations too (the HTML parser supplies them), and ids are prefixed per chart because several
     * charts share one document and a repeated clip-path id would clip the wrong chart.
     */
    static String svg(Chart<?, ?> chart) {
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
        s = s.substring(start)
                .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "")
                .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        String prefix = "ch" + COUNTER.incrementAndGet() + "-";
        Matcher m = ID.matcher(s);
        StringBuilder sb = new StringBuilder(s.length() + 256);
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement("id=\"" + prefix + m.group(1) + "\""));
        }
        m.appendTail(sb);
        s = sb.toString().replace("url(#", "url(#" + prefix).replace("href=\"#", "href=\"#" + prefix);
        // Text is drawn as glyph outlines, so name the image for screen readers and find-in-page.
        return s.replaceFirst(
                "<svg",
                "<svg role=\"img\" aria-label=\"" + Matcher.quoteReplacement(Html.escape(chart.getTitle())) + "\"");
    }

    /** A base64 PNG {@code <img>}. */
    static String png(Chart<?, ?> chart) {
        byte[] bytes;
        try {
            bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as PNG", e);
        }
        return "<img alt=\"" + Html.escape(chart.getTitle()) + "\" width=\"" + chart.getWidth()
                + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(bytes) + "\">";
    }
}
