package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The quick benchmark runs end to end and reports finite, positive figures. No timing assertions. */
class ForwardBenchmarkTest {

    @Test
    void quickRunReportsFinitePositiveNumbers() {
        BenchSettings s = BenchSettings.quick(Device.cpu());
        BenchReport r = ForwardBenchmark.run(s);

        for (double v : new double[] {
            r.tokensPerSecond(),
            r.forwardFlopsPerSecond(),
            r.efficiency(),
            r.hookOverhead(),
            r.matmul().flopsPerSecond(),
            r.forwardSeconds(),
            r.hookedSeconds()
        }) {
            assertTrue(Double.isFinite(v) && v > 0, "not a finite positive number: " + v + " in " + r);
        }
        assertEquals(s.layers(), r.statsHooks(), "one statistic per blocks.*.mlp.hook_post");
        assertEquals(
                (long) (s.warmup() + s.repetitions()) * s.tokens(),
                r.statsPositions(),
                "every hooked pass folds B·T positions into each hook's statistics");
        assertEquals(0, r.leakedArrays(), "passes must not leave arrays in the model's manager");
        assertEquals(
                ForwardFlops.of(s.modelConfig(), s.batch(), s.sequence()).total(),
                r.flops().total());
        String table = r.table();
        assertTrue(table.contains("forward FLOP/s / matmul FLOP/s"), table);
        assertTrue(table.contains("hooked / plain forward time"), table);
    }
}
