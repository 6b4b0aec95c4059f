package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightSpaceBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void weightSpaceBenchmarkRunsTinyAndChecksItsOutputs() {
        WeightSpaceBenchmark.Report r = WeightSpaceBenchmark.run(tmp, 4 << 20, 512 << 10);
        assertEquals(8, r.tensors());
        assertEquals(4 << 20, r.modelBytes());
        assertEquals(2, r.phases().size());
        assertEquals(0.0, r.maxVectorError());
        assertEquals(0.0, r.maxMergeError());
        assertTrue(r.phases().get(0).peakHeapBytes() > 0);
        assertTrue(r.toString().contains("TIES merge"), r.toString());
    }
}
