package io.skillscope.reports.results;

import java.util.List;
import java.util.Objects;

/**
 * How two datasets' per-neuron activation statistics differ at the same hook points (say {@code rev}
 * prompts against {@code add} prompts at {@code blocks.*.mlp.hook_pre}): per neuron the mean
 * difference d = μ_A − μ_B and the standardized difference z = d / sqrt((σ_A² + σ_B²) / 2), summarised
 * per hook, with the neurons of largest |d|.
 *
 * @param labelA     name of dataset A
 * @param labelB     name of dataset B
 * @param positions  which token positions were read (e.g. {@code ALL})
 * @param countA     positions of A that entered the statistics
 * @param countB     positions of B that entered the statistics
 * @param hooks      one summary per hook, in model order
 * @param topNeurons the neurons with the largest |d| over all hooks, largest first
 */
public record ProbeComparison(
        String labelA,
        String labelB,
        String positions,
        long countA,
        long countB,
        List<HookContrast> hooks,
        List<NeuronContrast> topNeurons) {

    /**
     * One hook's summary.
     *
     * @param hook                 TransformerLens hook name
     * @param layer                block index (−1 outside the blocks)
     * @param width                neurons at the hook
     * @param meanAbsDifference    mean over neurons of |d|
     * @param maxAbsDifference     max over neurons of |d|
     * @param meanAbsStandardized  mean over neurons of |z|
     * @param standardizedOverOne  neurons with |z| &gt; 1
     */
    public record HookContrast(
            String hook,
            int layer,
            int width,
            double meanAbsDifference,
            double maxAbsDifference,
            double meanAbsStandardized,
            int standardizedOverOne) {
        /** Validates the name and counts. */
        public HookContrast {
            Objects.requireNonNull(hook, "hook");
            if (width < 1 || standardizedOverOne < 0 || standardizedOverOne > width) {
                throw new IllegalArgumentException("hook " + hook + ": need width >= 1 and 0 <= |z|>1 count <= width,"
                        + " got width " + width + ", count " + standardizedOverOne);
            }
        }
    }

    /**
     * One neuron.
     *
     * @param hook         hook name
     * @param layer        block index
     * @param index        neuron index at the hook
     * @param meanA        μ_A
     * @param meanB        μ_B
     * @param difference   d = μ_A − μ_B
     * @param standardized z
     */
    public record NeuronContrast(
            String hook, int layer, int index, double meanA, double meanB, double difference, double standardized) {
        /** Validates the name and index. */
        public NeuronContrast {
            Objects.requireNonNull(hook, "hook");
            if (index < 0) {
                throw new IllegalArgumentException("neuron index must be >= 0, got " + index + " at " + hook);
            }
        }
    }

    /** Validates and copies the parts. */
    public ProbeComparison {
        Objects.requireNonNull(labelA, "labelA");
        Objects.requireNonNull(labelB, "labelB");
        Objects.requireNonNull(positions, "positions");
        hooks = List.copyOf(hooks);
        topNeurons = List.copyOf(topNeurons);
        if (hooks.isEmpty()) {
            throw new IllegalArgumentException("a probe comparison needs at least one hook");
        }
        if (countA < 0 || countB < 0) {
            throw new IllegalArgumentException("position counts must be >= 0, got " + countA + " and " + countB);
        }
    }

    /** Total neurons over all hooks. */
    public int neurons() {
        return hooks.stream().mapToInt(HookContrast::width).sum();
    }

    /** {@code ProbeComparison[rev vs add, 4 hooks, 1408 neurons, top 20]}. */
    @Override
    public String toString() {
        return "ProbeComparison[" + labelA + " vs " + labelB + ", " + hooks.size() + " hooks, " + neurons()
                + " neurons, top " + topNeurons.size() + "]";
    }
}
