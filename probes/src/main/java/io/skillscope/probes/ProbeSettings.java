package io.skillscope.probes;

import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link Probe} reads.
 *
 * @param hooks TransformerLens hook names; {@code blocks.*.mlp.hook_pre} stands for every layer
 * @param positions which positions of each row count
 * @param batchSize rows per forward pass
 * @param histogram a fixed-range histogram per neuron, or null for none
 * @param absolute statistics of |x| instead of x (Selective Pruning's importance uses mean |x|)
 */
public record ProbeSettings(List<String> hooks, PositionMode positions, int batchSize, HistogramSpec histogram,
                            boolean absolute) {
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
    public static ProbeSettings of(PositionMode positions, String... hooks) {
        return new ProbeSettings(List.of(hooks), positions, 32, null, false);
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

    /** The hook points of a model these settings name, {@code *} expanded to every layer, in order. */
    public List<HookName> resolve(Transformer model) {
        Set<HookName> out = new LinkedHashSet<>();
        for (String h : hooks) {
            if (h.startsWith("blocks.*.")) {
                String suffix = h.substring("blocks.*.".length());
                for (int l = 0; l < model.config().numLayers(); l++) {
                    out.add(model.hookName("blocks." + l + "." + suffix));
                }
            } else {
                out.add(model.hookName(h));
            }
        }
        return new ArrayList<>(out);
    }
}
