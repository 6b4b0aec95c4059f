package io.skillscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void logModePrintsEveryNStepsAndTheLast() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress("base", 5, 2, new PrintStream(buf, true, StandardCharsets.UTF_8), false);
        for (int s = 1; s <= 5; s++) {
            p.step(s, 3.0 / s, 100);
        }
        p.done();
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(3, lines.length, String.join("|", lines));
        assertTrue(lines[0].startsWith("base 2/5 (40%) loss 1.5000"), lines[0]);
        assertTrue(lines[2].startsWith("base 5/5 (100%) loss 0.6000"), lines[2]);
        assertTrue(lines[2].contains("tok/s") && lines[2].contains("eta 0:00:00"), lines[2]);
        assertEquals(500, p.tokens());
    }

    @Test
    void terminalModeRedrawsOneLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress("sft", 3, 10, new PrintStream(buf, true, StandardCharsets.UTF_8), true);
        p.step(1, 1.0, 10);
        p.step(2, 0.5, 10);
        p.done();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.chars().filter(c -> c == '\r').count());
        assertEquals(1, out.chars().filter(c -> c == '\n').count());
        assertTrue(out.contains("sft 2/3"), out);
    }
}
