package io.skillscope.demo;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.core.model.Architectures;

/**
 * The analysis label of a checkpoint tensor, from what the architecture adapters declare: the block the
 * name sits in, and the module kind of a declared parameter ({@link ModuleType} has the same constants
 * as the adapters' {@code ModuleKind}, plus {@code OTHER} for buffers and unknown tensors).
 */
public final class TensorLabels {
    private TensorLabels() {}

    /** The label of one tensor name. */
    public static TensorLabel of(String name) {
        return new TensorLabel(
                Architectures.layerOf(name),
                Architectures.role(name)
                        .map(r -> ModuleType.valueOf(r.kind().name()))
                        .orElse(ModuleType.OTHER));
    }
}
