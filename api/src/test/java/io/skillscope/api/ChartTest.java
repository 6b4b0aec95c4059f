package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    private static Chart bars() {
        Table t = Table.builder("acc", "skill", "accuracy")
                .row("rev", 0.75)
                .row("sort", 0.5)
                .row("<x>", 1.0)
                .build();
        return Chart.bars("Accuracy & more", t, "skill", "accuracy");
    }

    @Test
    void toStringNamesKindCategoriesAndSize() {
        assertEquals("Chart['Accuracy & more': bars, 3 categories, 1 series [accuracy], 640×420]", bars().toString());
    }

    @Test
    void svgIsInlineWithIdsUniqueAcrossCharts() {
        String a = bars().toSvg();
        String b = bars().toSvg();
        assertTrue(a.startsWith("<svg role=\"img\" aria-label=\"Accuracy &amp; more\""), a.substring(0, 120));
        assertTrue(!a.contains("<?xml") && !a.contains("<!DOCTYPE"));
        Set<String> idsA = ids(a);
        Set<String> idsB = ids(b);
        assertTrue(!idsA.isEmpty());
        idsA.retainAll(idsB);
        assertTrue(idsA.isEmpty(), "two charts share ids " + idsA);
        for (String ref : ids(a)) {
            assertTrue(ref.startsWith("nb"), ref);
        }
    }

    @Test
    void savedSvgIsAStandaloneDocument(@TempDir Path dir) throws Exception {
        Map<String, double[][]> series = Map.of("loss", new double[][] {{1, 2, 3}, {3, 2, 1.5}});
        Path file = Chart.lines("Loss", "step", "loss", series, false).saveSvg(dir.resolve("loss.svg"));
        String svg = Files.readString(file);
        assertTrue(svg.startsWith("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.trim().endsWith("</svg>"));
    }

    private static Set<String> ids(String svg) {
        Set<String> out = new HashSet<>();
        Matcher m = ID.matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void linesOfTableColumnsAgainstAnXColumn() {
        Table t = Table.builder("scaling", "λ", "upc", "rev")
                .row(0.0, 0.0, 1.0)
                .row(0.5, 0.9, 1.0)
                .row(1.0, 1.0, 0.0)
                .build();
        Chart c = Chart.lines("accuracy", t, "λ", "upc", "rev");
        var series = ((org.knowm.xchart.XYChart) c.xchart()).getSeriesMap();
        assertEquals(java.util.List.of("upc", "rev"), java.util.List.copyOf(series.keySet()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new double[] {0, 0.5, 1}, series.get("rev").getXData());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new double[] {1, 1, 0}, series.get("rev").getYData());
        assertEquals("Chart['accuracy': lines, 2 series [upc, rev], 640×420]", c.toString());
    }
}
