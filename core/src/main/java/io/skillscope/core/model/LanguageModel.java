package io.skillscope.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookFilter;
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

    /**
     * The hook points of this model that any of {@code filters} selects, filter by filter in the order
     * given, each in the model's hook order, without repeats.
     *
     * @throws io.skillscope.core.SkillscopeException naming a filter that selects nothing on this model
     */
    List<HookName> hookNames(HookFilter... filters);

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
    CachedRun runWithCache(int[] ids, HookName... hookNames);

    /** Logits {@code [T][V]} of one sequence plus a host copy of the activations a filter selects. */
    default CachedRun runWithCache(int[] ids, HookFilter filter) {
        return runWithCache(ids, hookNames(filter).toArray(HookName[]::new));
    }

    @Override
    void close();
}
