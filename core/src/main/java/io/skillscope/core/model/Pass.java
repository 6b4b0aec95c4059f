package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.hooks.HookContext;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookRegistry;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.Phase;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything one forward pass shares across blocks: its manager (which owns every activation of the
 * pass), the batch, the additive attention mask, the rotary tables, the KV cache and the hooks.
 */
final class Pass {
    final NDManager manager;
    final TokenBatch batch;
    final Phase phase;
    final int step;
    final HookRegistry hooks;
    final KvCache cache;
    /** Additive mask, {@code [B, 1, Tq, Tk]}: 0 where a query may attend, -1e9 elsewhere. */
    NDArray attnMask;
    /** Rotary tables, {@code [B, Tq, 1, D]}, or null without rotary embeddings. */
    NDArray cos;

    NDArray sin;
    /** Positions of the current tokens, {@code [B*Tq]} (real tokens counted from 0). */
    int[] positions;
    /** Masks of sliding-window layers by window size, built on first use. */
    private final Map<Integer, NDArray> windowMasks = new HashMap<>();

    Pass(NDManager manager, TokenBatch batch, Phase phase, int step, HookRegistry hooks, KvCache cache) {
        this.manager = manager;
        this.batch = batch;
        this.phase = phase;
        this.step = step;
        this.hooks = hooks;
        this.cache = cache;
    }

    /**
     * The additive mask {@code [B, 1, Tq, Tk]} of a layer with a sliding window: {@link #attnMask}'s
     * causal and padding mask, and query i sees key j only when i − j < window (cache indices). Built
     * once per pass and window.
     */
    NDArray windowMask(int window) {
        return windowMasks.computeIfAbsent(window, w -> Transformer.attentionMask(manager, batch, cache, w));
    }

    /** Routes an activation through the hooks at a per-block site (free when none is open there). */
    NDArray hook(int layer, HookSite site, NDArray x) {
        return hook(HookName.block(layer, site), x);
    }

    /** Routes an activation through the hooks at a global site. */
    NDArray hook(HookSite site, NDArray x) {
        return hook(HookName.global(site), x);
    }

    private NDArray hook(HookName name, NDArray x) {
        if (!hooks.active(name)) {
            return x;
        }
        return hooks.apply(x, new HookContext(name, phase, step, batch, manager));
    }
}
