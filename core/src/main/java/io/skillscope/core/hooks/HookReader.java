package io.skillscope.core.hooks;

import ai.djl.ndarray.NDArray;

/**
 * Reads an activation without changing it: copy it into a cache, or fold it into a streaming statistic
 * and keep nothing. The array belongs to the pass; it is closed when the pass ends, so a reader must
 * not keep it.
 */
@FunctionalInterface
public interface HookReader {
    /** Called with the activation at a hook point; shapes as in {@link HookSite}. */
    void read(NDArray activation, HookContext context);
}
