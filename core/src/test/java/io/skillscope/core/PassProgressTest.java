package io.skillscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassProgressTest {
    @Test
    void passesReportToTheThreadsListenerUnderTheirNamesAndNothingWithoutOne() {
        List<String> seen = new ArrayList<>();
        PassProgress.Listener rec = new PassProgress.Listener() {
            @Override
            public void update(String label, int done, int total, double seconds) {
                seen.add(label + " " + done + "/" + total);
            }

            @Override
            public void finish(String label, int done, int total, double seconds) {
                seen.add(label + " end " + done + "/" + total);
            }
        };
        try (PassProgress p = PassProgress.start("orphan", 3)) {
            p.advance(3); // no listener: nothing recorded, nothing thrown
        }
        try (PassProgress.Scope s = PassProgress.install(rec);
                PassProgress.Scope n = PassProgress.named("KSD calibration of h on dev");
                PassProgress p = PassProgress.start("generate", 5)) {
            p.advance(2);
            p.advance(3);
        }
        assertEquals(
                List.of(
                        "KSD calibration of h on dev: generate 0/5",
                        "KSD calibration of h on dev: generate 2/5",
                        "KSD calibration of h on dev: generate 5/5",
                        "KSD calibration of h on dev: generate end 5/5"),
                seen);
        seen.clear();
        try (PassProgress p = PassProgress.start("after", 1)) {
            p.advance(1); // the scope restored "no listener" and dropped the name
        }
        assertTrue(seen.isEmpty(), seen.toString());
    }

    @Test
    void lineListenerPrintsPeriodicLinesAndAClosingLineButStaysSilentOnShortPasses() {
        StringWriter out = new StringWriter();
        PassProgress.Listener l = PassProgress.lines(new PrintWriter(out, true), false, 0);
        try (PassProgress.Scope s = PassProgress.install(l);
                PassProgress p = PassProgress.start("probe add", 4)) {
            p.advance(2);
            p.advance(2);
        }
        String text = out.toString();
        assertTrue(text.contains("probe add 2/4 (50%)"), text);
        assertTrue(text.contains("probe add 4/4 (100%)") && text.contains(" done"), text);

        StringWriter quiet = new StringWriter();
        PassProgress.Listener q = PassProgress.lines(new PrintWriter(quiet, true), false, 3600);
        try (PassProgress.Scope s = PassProgress.install(q);
                PassProgress p = PassProgress.start("short", 2)) {
            p.advance(2);
        }
        assertEquals("", quiet.toString(), "a pass shorter than the interval prints nothing");
    }
}
