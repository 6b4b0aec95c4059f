package io.skillscope.probes;

/**
 * One neuron of one hook point with a score (a mean difference, an importance ratio).
 *
 * @param hook the TransformerLens hook name
 * @param index the neuron's index along the hook's flattened width
 * @param score the value it was ranked by
 */
public record NeuronRef(String hook, int index, double score) {
    @Override
    public String toString() {
        return hook + "[" + index + "]=" + String.format("%.4g", score);
    }
}
