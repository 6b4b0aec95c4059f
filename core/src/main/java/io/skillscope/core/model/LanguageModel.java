package io.skillscope.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import java.util.List;

/**
 * A causal language model with named hook points. One method per mode: {@link #logits} for plain
 * inference, {@link #runWithCache} to capture activations, {@link #hooks} to read or replace them during
 * any call; generation lives in {@code io.skillscope.core.generate.Generator} and training in
 * {@code io.skillscope.core.train}.
 */
public interface LanguageModel extends AutoCloseable {
    /** The architecture and sizes. */
    ModelConfig config();

    /** Where the weights live (CPU, or a CUDA GPU). */
    Device device();

    /** The weights, by canonical name. */
    ParameterStore parameters();

    /** Every hook point of this model, in execution order. */
    List<HookName> hookNames();

    /** Opens a hook session; close it (try-with-resources) to remove its hooks. */
    HookSession hooks();

    /**
     * Logits {@code [B, T, V]} for a padded batch, created in {@code manager} together with every
     * intermediate activation of the pass (close the manager to free them). Hooks fire with phase FORWARD.
     */
    NDArray forward(NDManager manager, TokenBatch batch);

    /** Logits {@code [T][V]} for one sequence, as plain arrays. */
    float[][] logits(int... ids);

    /** Logits {@code [T][V]} of one sequence plus a host copy of the named activations. */
    CachedRun runWithCache(int[] ids, String... hookNames);

    @Override
    void close();
}
