package io.skillscope.spark;

import io.skillscope.probes.HistogramSpec;
import io.skillscope.probes.NeuronStats;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one partition of a distributed probe sends to the driver: per hook, the count, mean, M2, minimum,
 * maximum and histogram counts as plain arrays (never an NDArray), with the rows it read and the hash of
 * the weights the executor loaded.
 *
 * @param partition the partition's index (the driver merges in this order)
 * @param rows rows probed
 * @param modelSha256 the executor's model hash; every partition must agree
 * @param hooks statistics by hook name, in probe order; empty when the partition had no rows
 */
public record PartialStats(int partition, long rows, String modelSha256, Map<String, Part> hooks)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PartialStats {
        hooks = new LinkedHashMap<>(hooks);
    }

    /**
     * One hook's statistics as arrays.
     *
     * @param count selected positions
     * @param mean per-neuron mean {@code [F]}
     * @param m2 per-neuron sum of squared deviations {@code [F]}
     * @param min per-neuron minimum {@code [F]}
     * @param max per-neuron maximum {@code [F]}
     * @param hist histogram counts {@code [F × (bins + 2)]}, or null
     */
    public record Part(long count, double[] mean, double[] m2, double[] min, double[] max, long[] hist)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The arrays of {@code s}. */
        public static Part of(NeuronStats s) {
            return new Part(s.count(), s.mean(), s.m2(), s.min(), s.max(), s.histogramCounts());
        }

        /** Back to statistics, with the histogram spec the probe used. */
        public NeuronStats toStats(HistogramSpec spec) {
            return NeuronStats.of(count, mean, m2, min, max, spec, hist);
        }
    }
}
