package io.skillscope.analysis.overlap;

/**
 * One MLP neuron: a layer and an index into that layer's hidden ("key") dimension, as selected by
 * Neuron Adjust (docs/methods.md §2).
 *
 * @param layer block index, ≥ 0
 * @param index neuron index within the layer, ≥ 0
 */
public record Neuron(int layer, int index) implements Comparable<Neuron> {
    /** Validates that both numbers are non-negative. */
    public Neuron {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        if (index < 0) {
            throw new IllegalArgumentException("neuron index must be >= 0, got " + index);
        }
    }

    @Override
    public int compareTo(Neuron o) {
        int c = Integer.compare(layer, o.layer);
        return c != 0 ? c : Integer.compare(index, o.index);
    }

    /** {@code L3/N117}. */
    @Override
    public String toString() {
        return "L" + layer + "/N" + index;
    }
}
