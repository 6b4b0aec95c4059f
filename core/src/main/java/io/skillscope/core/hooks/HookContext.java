package io.skillscope.core.hooks;

import ai.djl.ndarray.NDManager;
import io.skillscope.core.model.TokenBatch;

/**
 * What a hook knows about the pass it fires in.
 *
 * @param name the hook point firing
 * @param phase plain forward, generation prefill, or one decode step
 * @param step 0 for forward and prefill, {@code i} for the i-th generated token (1-based)
 * @param batch the token ids and padding mask of the positions in this pass ({@code [B, T]}; for a
 *     decode step {@code T = 1})
 * @param manager the manager of this pass: a replacement must be created in it (or attached to it)
 */
public record HookContext(HookName name, Phase phase, int step, TokenBatch batch, NDManager manager) {}
