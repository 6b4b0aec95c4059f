package io.skillscope.probes;

import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.Transformer;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link Probe} reads.
 *
 * @param hooks the hook points, e.g. {@code HookFilter.allLayers(HookSite.MLP_PRE)} for every layer's
 *     {@code blocks.*.mlp.hook_pre}; saved in {@code result.json} as their text
 * @param positions which positions of each row count
 * @param batchSize rows per forward pass
 * @param histogram a fixed-range histogram per neuron, or null for none
 * @param absolute statistics of |x| instead of x (Selective Pruning's importance uses mean |x|)
 */
public record ProbeSettings(
        List<HookFilter> hooks, PositionMode positions, int batchSize, HistogramSpec histogram, boolean absolute) {
    public ProbeSettings {
        if (hooks == null || hooks.isEmpty()) {
            throw new IllegalArgumentException("ProbeSettings.hooks must name at least one hook point");
        }
        if (positions == null) {
            throw new IllegalArgumentException("ProbeSettings.positions must not be null");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("ProbeSettings.batchSize must be >= 1, got " + batchSize);
        }
        hooks = List.copyOf(hooks);
    }

    /** Hooks read at the given positions, 32 rows per pass, no histogram, raw values. */
    public static ProbeSettings of(PositionMode positions, HookFilter... hooks) {
        return new ProbeSettings(List.of(hooks), positions, 32, null, false);
    }

    /**
     * As {@link #of(PositionMode, HookFilter...)} with the hooks as text, each read once with
     * {@link HookFilter#parse(String)} ({@code "blocks.*.mlp.hook_pre"}, {@code "blocks.0.hook_resid_post"}).
     */
    public static ProbeSettings of(PositionMode positions, String... hooks) {
        return of(positions, Arrays.stream(hooks).map(HookFilter::parse).toArray(HookFilter[]::new));
    }

    public ProbeSettings withBatchSize(int rows) {
        return new ProbeSettings(hooks, positions, rows, histogram, absolute);
    }

    public ProbeSettings withHistogram(HistogramSpec spec) {
        return new ProbeSettings(hooks, positions, batchSize, spec, absolute);
    }

    public ProbeSettings withAbsolute(boolean abs) {
        return new ProbeSettings(hooks, positions, batchSize, histogram, abs);
    }

    /** The hook points of a model these settings select, filter by filter, each in the model's order. */
    public List<HookName> resolve(Transformer model) {
        return model.hookNames(hooks.toArray(HookFilter[]::new));
    }
}
