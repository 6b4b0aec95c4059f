package io.skillscope.spark;

import io.skillscope.core.hooks.HookFilter;
import io.skillscope.probes.HistogramSpec;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeSettings;
import java.io.Serializable;
import java.util.List;

/**
 * {@link ProbeSettings} in a form that travels to executors: the hook filters as their text, the position
 * mode by name, and the histogram as numbers.
 *
 * @param hooks hook filters as text ({@code blocks.*.mlp.hook_post})
 * @param positions a {@link PositionMode} name
 * @param batchSize rows per forward pass; partitions hold whole batches of this size
 * @param histogram {@code {lo, hi, bins}}, or null for none
 * @param absolute statistics of |x|
 */
public record ProbeSpec(List<String> hooks, String positions, int batchSize, double[] histogram, boolean absolute)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ProbeSpec {
        hooks = List.copyOf(hooks);
        toSettings(hooks, positions, batchSize, histogram, absolute); // checks every field now, on the driver
    }

    /** The settings' travelling form. */
    public static ProbeSpec of(ProbeSettings s) {
        HistogramSpec h = s.histogram();
        return new ProbeSpec(
                s.hooks().stream().map(HookFilter::toString).toList(),
                s.positions().name(),
                s.batchSize(),
                h == null ? null : new double[] {h.lo(), h.hi(), h.bins()},
                s.absolute());
    }

    /** The settings again (hook filters parsed). */
    public ProbeSettings toSettings() {
        return toSettings(hooks, positions, batchSize, histogram, absolute);
    }

    private static ProbeSettings toSettings(
            List<String> hooks, String positions, int batchSize, double[] histogram, boolean absolute) {
        if (histogram != null && histogram.length != 3) {
            throw new IllegalArgumentException(
                    "histogram must be {lo, hi, bins}, got " + histogram.length + " numbers");
        }
        return new ProbeSettings(
                hooks.stream().map(HookFilter::parse).toList(),
                PositionMode.valueOf(positions),
                batchSize,
                histogram == null ? null : new HistogramSpec(histogram[0], histogram[1], (int) histogram[2]),
                absolute);
    }
}
