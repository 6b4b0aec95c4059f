package io.skillscope.reports.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.calibration.Calibration;
import io.skillscope.reports.Report;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.ProbeComparison;
import io.skillscope.reports.results.ProbeComparison.HookContrast;
import io.skillscope.reports.results.ProbeComparison.NeuronContrast;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.results.TrainingRun;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.reports.results.UnlearningResults.Role;
import io.skillscope.reports.results.UnlearningResults.Run;
import io.skillscope.reports.results.UnlearningResults.SetScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The section factories of the plain result records: structure, numbers, and escaping of data strings. */
class ResultSectionsTest {
    private static final String EVIL = "<script>alert('x')</script>";

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String html(Section s) {
        return Report.builder("t").provenance("model", EVIL).section(s).build().toHtml();
    }

    private static void assertEscaped(String html) {
        assertFalse(html.contains("<script"), "a <script> from data must never reach the page raw");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "escaped form present");
    }

    @Test
    void probeComparison() {
        ProbeComparison c = new ProbeComparison(
                EVIL,
                "add",
                "ALL",
                640,
                512,
                List.of(
                        new HookContrast("blocks.0.mlp.hook_pre", 0, 352, 0.25, 1.5, 0.4, 12),
                        new HookContrast("blocks.1.mlp.hook_pre", 1, 352, 0.5, 2.25, 0.6, 30)),
                List.of(
                        new NeuronContrast("blocks.1.mlp.hook_pre", 1, 17, 2.5, 0.25, 2.25, 3.0),
                        new NeuronContrast("blocks.0.mlp.hook_pre", 0, 3, -1.0, 0.5, -1.5, -2.0)));
        String html = html(new ProbeComparisonSection().from(c));
        assertEquals(1, count(html, "<h2>Probe statistics</h2>"));
        assertEquals(1, count(html, "<svg"), "one bar chart of |d| per layer");
        assertEquals(3, count(html, "<table"), "per hook, top neurons, provenance");
        assertTrue(html.contains("<div class=\"label\">neurons with |z| &gt; 1</div><div class=\"value\">42</div>"));
        assertTrue(html.contains("<div class=\"value\">2.25 (blocks.1.mlp.hook_pre[17])</div>"), "largest |d| card");
        assertTrue(html.contains("<td>layer 0</td>") || html.contains("<td class=\"num\">0</td>"));
        assertEscaped(html);
        assertEquals(704, c.neurons());
    }

    private static UnlearningResults unlearningResults() {
        List<SetScore> na = List.of(
                new SetScore("arithmetic", Role.FORGET, 300, 0.8, 0.6, 0),
                new SetScore(EVIL, Role.RETAIN, 100, 1.0, 0.99, 0),
                new SetScore("sort", Role.RETAIN, 100, 0.0, 0.0, 0));
        List<SetScore> ksd = List.of(
                new SetScore("arithmetic", Role.FORGET, 300, 0.8, 0.16, 0.83),
                new SetScore(EVIL, Role.RETAIN, 100, 1.0, 0.96, 0.04),
                new SetScore("sort", Role.RETAIN, 100, 0.0, 0.0, 0.0));
        Map<String, String> ksdDetails = new LinkedHashMap<>();
        ksdDetails.put("h", "0.418");
        ksdDetails.put("hook", "blocks.3.mlp.hook_post");
        return new UnlearningResults(
                "arithmetic",
                List.of(
                        new Run("NA 1.5%", "na", Map.of("percent", "1.5"), na),
                        new Run("KSD prompt-only", "ksd", ksdDetails, ksd)));
    }

    @Test
    void unlearning() {
        UnlearningResults r = unlearningResults();
        Run ksd = r.runs().get(1);
        assertEquals(0.8, ksd.forget().relativeDrop(), 1e-12);
        assertEquals(0.04, ksd.worstRetainDrop(), 1e-12, "sort had accuracy 0 before: its drop is undefined, skipped");
        String html = html(new UnlearningSection().from(r));
        assertEquals(2, count(html, "<svg"), "before/after bars and relative-drop bars");
        assertEquals(3, count(html, "<table"), "sets, settings, provenance");
        assertTrue(html.contains(
                "<div class=\"label\">KSD prompt-only: forget drop</div><div class=\"value\">80.00%</div>"));
        assertTrue(html.contains("<div class=\"label\">KSD prompt-only: h</div><div class=\"value\">0.418</div>"));
        assertTrue(html.contains("<div class=\"label\">NA 1.5%: forget drop</div><div class=\"value\">25.00%</div>"));
        assertEquals(6, count(html, "<td>retain</td>") + count(html, "<td>forget</td>"), "3 sets x 2 methods");
        assertEscaped(html);
    }

    @Test
    void unlearningRunNeedsTheForgetSetFirst() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Run(
                        "x",
                        "na",
                        Map.of(),
                        List.of(
                                new SetScore("rev", Role.RETAIN, 1, 1, 1, 0),
                                new SetScore("add", Role.FORGET, 1, 1, 1, 0))));
    }

    @Test
    void sparsitySweepWithCalibration() {
        List<SparsitySweep.Point> pts = List.of(
                new SparsitySweep.Point(1e-4, 2e-4, 160, 800_000, 0.0, 0.8, 0.4, 0.7, 0.05, 0.2, 0.45, 9),
                new SparsitySweep.Point(1e-3, 1.5e-3, 1200, 800_000, 0.0, 0.8, 0.78, 0.7, 0.05, 0.08, 0.9, 10),
                new SparsitySweep.Point(1e-2, 1.1e-2, 8800, 800_000, 0.0, 0.8, 0.8, 0.7, 0.05, 0.06, 1.0, 10));
        var pre = Calibration.of("pre", new double[] {0.9, 0.8}, new boolean[] {false, false});
        var ft = Calibration.of("ft", new double[] {0.9, 0.8}, new boolean[] {true, true});
        // the sweep chose the sparsest point recovering 95% (0.78/0.8 = 0.975), not the most recovered one
        SparsitySweep w = new SparsitySweep(EVIL, 2, pts, List.of(pre, ft), "graft at 1.5e-3", 1);
        assertEquals(1.5e-3, w.chosenPoint().sparsity(), 0);
        Section sweep = new SparsitySweepSection().from(w);
        Section cal = new CalibrationSection("Calibration").from(w.calibration());
        String html = Report.builder("loc").section(sweep).section(cal).build().toHtml();
        assertEquals(3, count(html, "<svg"), "recovered curve, ECE curve, reliability diagram");
        assertTrue(
                html.contains("<div class=\"label\">chosen: target / kept / learned sparsity</div>"
                        + "<div class=\"value\">1.0e-03 / 1.5e-03 / 1.5e-03</div>"),
                html.substring(0, 3000));
        // every number of one point on the page is the chosen point's: its graft ECE is 0.08, where the
        // most recovered point (1.1e-2) has 0.06
        assertTrue(
                html.contains("<div class=\"label\">chosen: ECE pre / ft / graft</div>"
                        + "<div class=\"value\">0.7 / 0.05 / 0.08</div>"),
                html.substring(0, 3000));
        assertTrue(html.contains("target sparsity 1.0e-03, kept at 1.5e-03 (|γ| 1200)."), "the page says which");
        assertTrue(html.contains("<h2>Localization sparsity sweep</h2>") && html.contains("<h2>Calibration</h2>"));
        assertTrue(html.contains("<td class=\"num\">0.975</td>"), "recovered column");
        assertEscaped(html);
    }

    @Test
    void sweepWithoutRecoverableAccuracyOmitsTheCurve() {
        SparsitySweep w = new SparsitySweep(
                "evn",
                10,
                List.of(new SparsitySweep.Point(1e-3, 1e-3, 10, 10_000, 0, 0, 0, 0.5, 0.5, 0.5, 1, 0)),
                List.of(),
                "none",
                0);
        String html = html(new SparsitySweepSection().from(w));
        assertEquals(1, count(html, "<svg"), "only the ECE curve");
        assertTrue(html.contains("no accuracy can be recovered"));
        assertTrue(html.contains("and no point recovers 95%."), html);
    }

    @Test
    void trainingRuns() {
        List<TrainingRun> runs = List.of(
                new TrainingRun("base", "BASE", "shipped", 7, 0, Double.NaN, 0.0, Double.NaN, Double.NaN, 0),
                new TrainingRun(EVIL, "RL", "base", 1, 30, 0.01, 0.05, -0.2, 0.1, 25));
        String html = html(new TrainingRunsSection("Runs", "held-out compositions").from(runs));
        assertEquals(1, count(html, "<svg"));
        assertEquals(2, count(html, "<table"));
        assertTrue(html.contains("<td class=\"num\">-0.2</td>"));
        assertEquals(3, count(html, "<td class=\"num\">n/a</td>"), "the base run has no loss and no rewards");
        assertEscaped(html);
    }
}
