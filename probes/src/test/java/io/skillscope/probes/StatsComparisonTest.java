package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class StatsComparisonTest {
    private static NeuronStats stats(double[] mean, double[] var, long n) {
        double[] m2 = new double[mean.length];
        for (int i = 0; i < m2.length; i++) {
            m2[i] = var[i] * n;
        }
        return NeuronStats.of(n, mean, m2, mean.clone(), mean.clone(), null, null);
    }

    @Test
    void differencesTopKAndPerLayerTable() {
        Map<String, NeuronStats> forget = new LinkedHashMap<>();
        Map<String, NeuronStats> retain = new LinkedHashMap<>();
        forget.put("blocks.0.mlp.hook_pre", stats(new double[] {1, 5, 0}, new double[] {1, 1, 1}, 10));
        retain.put("blocks.0.mlp.hook_pre", stats(new double[] {0, 0, 0}, new double[] {1, 1, 1}, 10));
        forget.put("blocks.1.mlp.hook_pre", stats(new double[] {3, -9, 2}, new double[] {4, 1, 0}, 10));
        retain.put("blocks.1.mlp.hook_pre", stats(new double[] {0, 0, 2}, new double[] {4, 1, 0}, 10));
        StatsComparison c = StatsComparison.of("forget", forget, "retain", retain);
        // d = [1, 5, 0] and [3, -9, 0]; z = d / sqrt((va+vb)/2) = [1, 5, 0] and [1.5, -9, 0 (no variance)]
        List<NeuronRef> top = c.topK(2, StatsComparison.Measure.MEAN_DIFFERENCE);
        assertEquals(new NeuronRef("blocks.0.mlp.hook_pre", 1, 5), top.get(0));
        assertEquals(new NeuronRef("blocks.1.mlp.hook_pre", 0, 3), top.get(1));
        List<NeuronRef> abs = c.topKAbsolute(1, StatsComparison.Measure.STANDARDIZED);
        assertEquals(new NeuronRef("blocks.1.mlp.hook_pre", 1, -9), abs.get(0));
        assertEquals(1.5, c.standardized("blocks.1.mlp.hook_pre")[0], 1e-12);
        assertEquals(0.0, c.standardized("blocks.1.mlp.hook_pre")[2], 0);
        Table t = c.perLayerTable();
        assertEquals(2, t.rowCount());
        assertEquals(2.0, t.doubleColumn("mean_diff").get(0), 1e-12);
        assertEquals(3.0, t.doubleColumn("max_diff").get(1), 1e-12);
        assertEquals(2, t.intColumn("n_abs_z_gt_1").get(1)); // |1.5| and |-9|
    }
}
