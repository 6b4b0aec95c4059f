package io.skillscope.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ReportTest {
    private static final String EVIL = "<script>alert('x')</script>&\"";
    private static final String EVIL_ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;";
    private static final Pattern EXTERNAL = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//");

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static Report sample(ChartFormat format) {
        Map<String, double[][]> sweep = new LinkedHashMap<>();
        sweep.put("graft " + EVIL, new double[][] {{1e-5, 1e-4, 1e-3, 1e-2}, {0.41, 0.78, 0.93, 0.97}});
        sweep.put("random mask", new double[][] {{1e-5, 1e-4, 1e-3, 1e-2}, {0.40, 0.42, 0.47, 0.60}});
        Map<String, double[]> drops = new LinkedHashMap<>();
        drops.put("KSD", new double[] {0.86, 0.04, Double.NaN});
        drops.put("NA 3%", new double[] {0.42, 0.12, 0.09});
        Table table = Table.create(
                "skills",
                StringColumn.create("skill " + EVIL, List.of("reverse", EVIL)),
                DoubleColumn.create("accuracy", new double[] {0.9612345, Double.NaN}));
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("model.sha256", "3f1c…a9");
        prov.put("data.sha256", "77be…02");
        prov.put("seed", "42");
        prov.put("note " + EVIL, EVIL);
        return Report.builder("Demo " + EVIL)
                .summary("A report for the tests " + EVIL)
                .provenance(prov)
                .section(Section.builder("Overlap")
                        .paragraph("Regions barely overlap. " + EVIL)
                        .metric("mean overlap", 0.041)
                        .metric(EVIL, EVIL)
                        .chart(
                                "Overlap heat map",
                                Charts.heatmap(
                                        "overlap " + EVIL,
                                        List.of("a", "b"),
                                        List.of("a", EVIL),
                                        new double[][] {{1, 0.25}, {0.5, 1}},
                                        HeatScale.FRACTION))
                        .build())
                .section(Section.builder("Sparsity sweep")
                        .chart(Charts.lines("Accuracy recovered", "sparsity", "P(graft)/P(ft)", sweep, true))
                        .table("Skills", table)
                        .build())
                .section(Section.builder("Unlearning " + EVIL)
                        .chart(Charts.bars(
                                "Relative drop", "1 − after / before", List.of("forget", "retain", EVIL), drops))
                        .build())
                .chartFormat(format)
                .build();
    }

    @Test
    void rendersSelfContainedEscapedHtmlWithInlineSvg(@TempDir Path dir) throws Exception {
        Path file = sample(ChartFormat.SVG).writeTo(dir.resolve("nested/deeper/report.html"));
        assertTrue(Files.isRegularFile(file));
        String html = Files.readString(file);

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Demo " + EVIL_ESCAPED + "</title>"));
        assertTrue(html.contains("<h1>Demo " + EVIL_ESCAPED + "</h1>"));
        assertTrue(html.contains("<h2>Overlap</h2>"));
        assertTrue(html.contains("<h2>Sparsity sweep</h2>"));
        assertTrue(html.contains("<h2>Unlearning " + EVIL_ESCAPED + "</h2>"));
        assertTrue(html.contains("<h2>Provenance</h2>"));
        assertEquals(3, count(html, "<svg"));
        // no raster <img>; the only data: URIs are the heat map's colour-scale bar, which XChart embeds
        // inside its SVG as PNG <image> elements
        assertEquals(0, count(html, "<img"));
        assertEquals(count(html, "data:"), count(html, "xlink:href=\"data:image/png;base64,"));
        assertEquals(2, count(html, "<table")); // the skills table and the provenance table
        for (String key : List.of("model.sha256", "data.sha256", "seed", "note " + EVIL_ESCAPED)) {
            assertTrue(html.contains("<td>" + key + "</td>"), key);
        }
        // numbers are formatted, missing values marked
        assertTrue(html.contains(">0.9612<"));
        assertTrue(html.contains(">n/a<"));

        assertFalse(EXTERNAL.matcher(html).find(), "external src/href reference");
        assertFalse(html.contains("http://") || html.contains("https://"), "a URL in a self-contained report");
        assertFalse(html.toLowerCase().contains("<script"), "unescaped script tag");
        assertFalse(html.contains("<?xml") || html.contains("<!DOCTYPE svg"));
        assertTrue(count(html, EVIL_ESCAPED) >= 8);

        // the atomic write leaves no temporary file behind
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void pngModeEmbedsBase64Images(@TempDir Path dir) throws Exception {
        String html = Files.readString(sample(ChartFormat.PNG).writeTo(dir.resolve("png.html")));
        assertEquals(3, count(html, "<img"));
        assertEquals(3, count(html, "data:image/png;base64,"));
        assertEquals(0, count(html, "<svg"));
        assertFalse(html.toLowerCase().contains("<script"));
    }

    @Test
    void svgIdsAreUniquePerChart() {
        String html = sample(ChartFormat.SVG).toHtml();
        var m = Pattern.compile("id=\"([^\"]+)\"").matcher(html);
        java.util.Set<String> ids = new java.util.HashSet<>();
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "duplicate id " + m.group(1));
        }
    }

    @Test
    void overwritesAnExistingFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.html");
        Files.writeString(f, "old");
        Report.builder("Empty").build().writeTo(f);
        String html = Files.readString(f);
        assertTrue(html.contains("<h1>Empty</h1>") && html.contains("No provenance was recorded"));
    }

    @Test
    void chartFactoriesValidateTheirInput() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.lines("t", "x", "y", Map.of("s", new double[][] {{0, 1}, {1, 2}}), true));
        assertTrue(e.getMessage().contains("x = 0.0"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.heatmap("h", List.of("a"), List.of("a", "b"), new double[][] {{1}}, HeatScale.FRACTION));
        IllegalArgumentException allNaN = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.heatmap(
                        "cos",
                        List.of("a"),
                        List.of("q", "k"),
                        new double[][] {{Double.NaN, Double.NaN}},
                        HeatScale.COSINE));
        assertTrue(
                allNaN.getMessage().contains("'cos' has no finite value among its 1 × 2 cells"), allNaN.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.bars("b", "y", List.of("a", "b"), Map.of("s", new double[] {1})));
        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.bars("b", " ", List.of("a"), Map.of("s", new double[] {1})),
                "every bar chart names what its y axis measures");
        IllegalArgumentException outside = assertThrows(
                IllegalArgumentException.class,
                () -> Charts.heatmap(
                        "share", List.of("a"), List.of("x", "y"), new double[][] {{0.5, 1.25}}, HeatScale.FRACTION));
        assertTrue(
                outside.getMessage().contains("cell (a, y) = 1.25 lies outside its colour scale 0 to 1"),
                outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Report.builder(" "));
    }

    @Test
    void chartsStateTheirScaleAndAxesAndGrowWithTheirBars() {
        var heat = Charts.heatmap(
                "cos",
                List.of("a", "b"),
                List.of("q", "k"),
                new double[][] {{0.2, -0.1}, {0.05, 0.3}},
                HeatScale.COSINE);
        assertEquals("cos (colour scale −1 to 1)", heat.getTitle());
        var longTitle = Charts.heatmap(
                "cos(SFT (seed 0) vs GRPO from SFT (seed 0)) by layer and module",
                List.of("a"),
                List.of("q", "k"),
                new double[][] {{0.2, -0.1}},
                HeatScale.COSINE);
        assertTrue(
                longTitle.getWidth() >= Charts.titleWidth(longTitle.getTitle()),
                "the chart is wide enough for its title: " + longTitle.getWidth());
        assertEquals(-1.0, heat.getStyler().getMin());
        assertEquals(1.0, heat.getStyler().getMax(), "a cosine map is drawn on ±1, not on the data's range");
        HeatScale sym = HeatScale.symmetric(new double[][] {{0.013, -0.0042}, {Double.NaN, 0.0}});
        assertEquals(-0.013, sym.min(), 1e-12);
        assertEquals(0.013, sym.max(), 1e-12);
        assertEquals("±0.013, symmetric", sym.label());

        var few = Charts.bars("few", "accuracy", List.of("a", "b"), Map.of("s", new double[] {1, 2}));
        assertEquals("accuracy", few.getYAxisTitle());
        assertEquals(Charts.WIDTH, few.getWidth());
        List<String> skills = new java.util.ArrayList<>();
        Map<String, double[]> runs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 14; i++) {
            skills.add("skill" + i);
        }
        for (String run : List.of("na", "ksd", "prune")) {
            runs.put(run, new double[14]);
        }
        var many = Charts.bars("14 × 3", "1 − after / before", skills, runs);
        assertEquals(Charts.PAGE_WIDTH, many.getWidth(), "42 bars get the page's width");
        assertTrue(many.getWidth() / 42.0 >= 18, "at least 18 px per bar");
    }

    @Test
    void cardLabelsKeepTheirCaseAndWideTablesWrap() {
        String css = HtmlRenderer.CSS;
        assertFalse(css.contains("uppercase"), "a card label |z| must not become |Z|");
        assertTrue(css.contains("overflow-wrap:anywhere"), "table cells wrap rather than widen the page");
        assertFalse(css.matches("(?s).*th, td \\{[^}]*nowrap.*"), "text cells may wrap");
        Table wide = Table.create("wide");
        for (int c = 0; c < 12; c++) {
            wide.addColumns(DoubleColumn.create("column " + c, new double[] {c}));
        }
        assertTrue(TableRenderer.render("", wide).contains("<table class=\"dense\">"), "12 columns are set dense");
        assertTrue(TableRenderer.render("", Table.create("narrow", DoubleColumn.create("x", new double[] {1})))
                .contains("<table>\n"));
    }
}
