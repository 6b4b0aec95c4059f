package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ForwardBenchmark#compare}: idle and loaded rounds, alternating, with an anchor beside each. */
class LoadComparisonTest {
    @TempDir
    Path dir;

    /** A stand-in anchor: 100 tokens/s when skillscope's OpenMP variables were removed from its environment. */
    private TorchAnchor anchor() throws Exception {
        Path script = Files.writeString(
                dir.resolve("anchor.sh"),
                "if [ -z \"$OMP_WAIT_POLICY\" ] && [ \"$1\" -ge 1 ]; then\n"
                        + "  echo '{\"tokens_per_s\": 100.0, \"matmul_gflops\": 50.0}'\n"
                        + "else\n  echo '{\"tokens_per_s\": -1}'\nfi\n");
        return new TorchAnchor(Path.of("/bin/sh"), script, 2);
    }

    @Test
    void everyRoundMeasuresIdleAndLoadedWithTheAnchorUnderTheSameLoad() throws Exception {
        // a small GPT-2-shaped model: the mechanics, not the speed
        BenchSettings s = new BenchSettings(1, 64, 4, 100, 2, 16, 0, 2, Device.cpu());
        LoadComparison c = ForwardBenchmark.compare(s, 1, anchor(), 2, null);
        assertEquals(2, c.conditions().size());
        assertEquals(0, c.conditions().get(0).loadThreads());
        assertEquals(1, c.conditions().get(1).loadThreads());
        for (LoadComparison.Condition k : c.conditions()) {
            assertEquals(2, k.reports().size());
            assertEquals(2, k.anchor().size());
            assertEquals(100.0, k.anchorTokensPerSecond());
            double r0 = k.reports().get(0).tokensPerSecond() / 100;
            double r1 = k.reports().get(1).tokensPerSecond() / 100;
            assertEquals((r0 + r1) / 2, k.anchorRatio(), 1e-9, "the median of the two rounds' ratios");
            assertTrue(k.tokensPerSecond() > 0 && k.hookOverhead() > 0 && k.efficiency() > 0);
            for (BenchReport r : k.reports()) {
                assertEquals(0, r.leakedArrays());
            }
        }
        String table = c.table("intra-op 1, inter-op 1");
        assertTrue(table.contains("skillscope / PyTorch eager"), table);
        assertTrue(table.contains("1 busy"), table);
        assertTrue(table.contains(">= 1.3 idle, >= 1.2 with one core busy"), table);
        assertTrue(table.contains(">= 0.85") && table.contains("<= 1.05"), table);
    }

    @Test
    void badAnchorPathsAndRoundsAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new TorchAnchor(Path.of("/bin/sh"), dir.resolve("missing.py"), 2));
        assertTrue(e.getMessage().contains("--torch " + dir.resolve("missing.py") + " is not a file"), e.getMessage());
        BenchSettings s = new BenchSettings(1, 64, 4, 100, 2, 16, 0, 2, Device.cpu());
        IllegalArgumentException r =
                assertThrows(IllegalArgumentException.class, () -> ForwardBenchmark.compare(s, 0, null, 0, null));
        assertEquals("rounds must be >= 1, got 0", r.getMessage());
    }
}
