package io.skillscope.core.hooks;

import ai.djl.ndarray.NDArray;

/**
 * Replaces an activation: the model continues with what this returns, which must have the same shape
 * and be created in {@link HookContext#manager()} (or be the input itself). Use for ablations,
 * patching and interventions such as Neuron Adjust.
 */
@FunctionalInterface
public interface HookReplacer {
    /** Returns the activation the model should continue with. */
    NDArray replace(NDArray activation, HookContext context);
}
