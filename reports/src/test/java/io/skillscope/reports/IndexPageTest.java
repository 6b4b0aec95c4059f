package io.skillscope.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexPageTest {
    @Test
    void linksReportsWithSummaries(@TempDir Path dir) throws Exception {
        Report overlap = Report.builder("Overlap")
                .summary("Regions of 3 skills <barely> overlap.")
                .build();
        Path f = IndexPage.builder("skillscope demo")
                .entry(overlap, "overlap.html")
                .entry("Calibration", "calibration/index.html", "ECE of pre, ft & graft")
                .build()
                .writeTo(dir.resolve("index.html"));
        String html = Files.readString(f);
        assertEquals(2, ReportTest.count(html, "<li><a href="));
        assertTrue(html.contains("<a href=\"overlap.html\">Overlap</a>"));
        assertTrue(html.contains("Regions of 3 skills &lt;barely&gt; overlap."));
        assertTrue(html.contains("ECE of pre, ft &amp; graft"));
    }

    @Test
    void refusesNonRelativeLinks() {
        for (String href : new String[] {"https://example.org/r.html", "javascript:alert(1)", "/etc/passwd", ""}) {
            assertThrows(IllegalArgumentException.class, () -> new IndexPage.Entry("t", href, ""), href);
        }
    }
}
