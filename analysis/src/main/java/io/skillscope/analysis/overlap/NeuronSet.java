package io.skillscope.analysis.overlap;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of MLP neurons, (layer, index) pairs — e.g. the neurons Neuron Adjust selects for a skill.
 *
 * <p>Stored per layer as a {@link BitSet}. Optionally knows the layer width (neurons per layer) so
 * that chance overlap can be computed; width 0 means unknown. Immutable.
 */
public final class NeuronSet {
    private final SortedMap<Integer, BitSet> byLayer;
    private final int layerWidth;

    private NeuronSet(SortedMap<Integer, BitSet> byLayer, int layerWidth) {
        this.byLayer = byLayer;
        this.layerWidth = layerWidth;
    }

    /** A set of the given neurons; layer width unknown. */
    public static NeuronSet of(Collection<Neuron> neurons) {
        return of(neurons, 0);
    }

    /**
     * A set of the given neurons in a model whose layers each have {@code layerWidth} neurons
     * (0 = unknown).
     *
     * @throws IllegalArgumentException if layerWidth &lt; 0 or a neuron index is ≥ a known width
     */
    public static NeuronSet of(Collection<Neuron> neurons, int layerWidth) {
        Objects.requireNonNull(neurons, "neurons");
        if (layerWidth < 0) {
            throw new IllegalArgumentException("layerWidth must be >= 0, got " + layerWidth);
        }
        SortedMap<Integer, BitSet> m = new TreeMap<>();
        for (Neuron n : neurons) {
            if (layerWidth > 0 && n.index() >= layerWidth) {
                throw new IllegalArgumentException("neuron " + n + " is outside layer width " + layerWidth);
            }
            m.computeIfAbsent(n.layer(), k -> new BitSet()).set(n.index());
        }
        return new NeuronSet(m, layerWidth);
    }

    /** Number of neurons. */
    public int size() {
        int s = 0;
        for (BitSet b : byLayer.values()) {
            s += b.cardinality();
        }
        return s;
    }

    /** Layers with at least one neuron, ascending. */
    public SortedSet<Integer> layers() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byLayer.keySet()));
    }

    /** Neurons in one layer (0 if none). */
    public int count(int layer) {
        BitSet b = byLayer.get(layer);
        return b == null ? 0 : b.cardinality();
    }

    /** Whether the set holds this neuron. */
    public boolean contains(Neuron n) {
        BitSet b = byLayer.get(n.layer());
        return b != null && b.get(n.index());
    }

    /** Neurons per layer, or 0 when unknown. */
    public int layerWidth() {
        return layerWidth;
    }

    /** All neurons, sorted by layer then index. */
    public List<Neuron> neurons() {
        List<Neuron> out = new ArrayList<>(size());
        byLayer.forEach((l, b) -> b.stream().forEach(i -> out.add(new Neuron(l, i))));
        return out;
    }

    BitSet layerBits(int layer) {
        return byLayer.getOrDefault(layer, new BitSet());
    }

    /** {@code NeuronSet[96 neurons in 4 layers: L0=10, L1=30, L2=40, L3=16]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(
                String.format(Locale.ROOT, "NeuronSet[%d neurons in %d layers", size(), byLayer.size()));
        if (byLayer.size() <= 12 && !byLayer.isEmpty()) {
            String sep = ": ";
            for (var e : byLayer.entrySet()) {
                s.append(sep)
                        .append('L')
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue().cardinality());
                sep = ", ";
            }
        }
        return s.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronSet n && n.byLayer.equals(byLayer) && n.layerWidth == layerWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(byLayer, layerWidth);
    }
}
