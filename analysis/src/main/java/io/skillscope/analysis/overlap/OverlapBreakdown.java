package io.skillscope.analysis.overlap;

import io.skillscope.analysis.ModuleType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Overlap of two masks in total, per layer and per module type.
 *
 * @param total    over every compared tensor
 * @param byLayer  per block index; tensors outside the blocks (embeddings, final norm, head) are only
 *                 in {@code total} and {@code byModule}
 * @param byModule per module type (empty for neuron sets, which have no module)
 */
public record OverlapBreakdown(
        OverlapResult total, SortedMap<Integer, OverlapResult> byLayer, Map<ModuleType, OverlapResult> byModule) {
    /** Validates non-null parts and freezes the maps. */
    public OverlapBreakdown {
        Objects.requireNonNull(total, "total");
        byLayer = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(byLayer, "byLayer")));
        Map<ModuleType, OverlapResult> m = new EnumMap<>(ModuleType.class);
        m.putAll(Objects.requireNonNull(byModule, "byModule"));
        byModule = Collections.unmodifiableMap(m);
    }

    /** {@code OverlapBreakdown[total |A∩B|/|B|=0.120, Jaccard=0.070; 12 layers, 7 module types]}. */
    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "OverlapBreakdown[total |A∩B|/|B|=%.3f, Jaccard=%.3f; %d layers, %d module types]",
                total.asymmetric(),
                total.jaccard(),
                byLayer.size(),
                byModule.size());
    }
}
