package io.skillscope.analysis;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which block and module a checkpoint tensor belongs to, as plain data. This package never reads
 * tensor names: whoever hands tensors over (the model's architecture knows them) labels them, and
 * per-layer and per-module summaries group by these labels.
 *
 * @param layer the block index; empty outside the blocks (embeddings, final norm, head)
 * @param module the module type; {@link ModuleType#OTHER} when unknown
 */
public record TensorLabel(OptionalInt layer, ModuleType module) {
    /** A tensor of no known block or module: counted in totals only. */
    public static final TensorLabel UNKNOWN = new TensorLabel(OptionalInt.empty(), ModuleType.OTHER);

    /** Validates that both parts are given and a layer is not negative. */
    public TensorLabel {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(module, "module");
        if (layer.isPresent() && layer.getAsInt() < 0) {
            throw new IllegalArgumentException("TensorLabel: layer must be >= 0, got " + layer.getAsInt());
        }
    }

    /** A tensor of block {@code layer}. */
    public static TensorLabel block(int layer, ModuleType module) {
        return new TensorLabel(OptionalInt.of(layer), module);
    }
}
