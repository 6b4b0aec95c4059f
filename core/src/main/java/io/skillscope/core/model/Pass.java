package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.hooks.HookContext;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookRegistry;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.Phase;

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

    Pass(NDManager manager, TokenBatch batch, Phase phase, int step, HookRegistry hooks, KvCache cache) {
        this.manager = manager;
        this.batch = batch;
        this.phase = phase;
        this.step = step;
        this.hooks = hooks;
        this.cache = cache;
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
