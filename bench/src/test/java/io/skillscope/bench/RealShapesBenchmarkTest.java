package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RealShapesBenchmarkTest {
    @Test
    void aFailedChildPrintsNoRate() {
        // a child killed by the kernel (137) printed no rate: the table says "-", not NaN or a negative number
        RealShapesBenchmark.Result killed = new RealShapesBenchmark.Result(12.0, 11.4e9, Map.of(), 137);
        assertEquals("-", RealShapesBenchmark.rate(killed, "tokens_per_s", 1, "%.1ft/s"));
        RealShapesBenchmark.Result refused = new RealShapesBenchmark.Result(3.0, 2.1e8, Map.of("tokens_per_s", 5.0), 1);
        assertEquals("-", RealShapesBenchmark.rate(refused, "tokens_per_s", 1, "%.1ft/s"));
        RealShapesBenchmark.Result ok = new RealShapesBenchmark.Result(3.0, 2.1e8, Map.of("matmul_fraction", 0.812), 0);
        assertEquals("81.2%", RealShapesBenchmark.rate(ok, "matmul_fraction", 100, "%.1f%%"));
        assertEquals("-", RealShapesBenchmark.rate(ok, "tokens_per_s", 1, "%.1ft/s"));
    }

    @Test
    void tooFewPromptsForLocalizeAreRefusedUpFront() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RealShapesBenchmark.main(new String[] {"--dir", "/nonexistent", "--prompts", "40"}));
        assertEquals("--prompts 40 is too few: localize needs at least 48", e.getMessage());
    }
}
