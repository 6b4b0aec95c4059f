package io.skillscope.core.model;

import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import java.util.Collection;

/**
 * How far a forward pass runs: the whole model to the logits, or only as far as the last hook a
 * reader needs. A probe over {@code blocks.5.mlp.hook_post} of a 24-layer model with a 152k-row
 * vocabulary needs six blocks and no head; {@link #covering} stops there, skipping the other blocks
 * and the {@code [B, T, V]} logits (for Qwen2.5-0.5B at batch 32 x 32 tokens, 620 MB and a quarter of
 * the FLOPs).
 *
 * @param blocks how many blocks run (0..numLayers; {@link Integer#MAX_VALUE} means all)
 * @param finalNorm whether the final norm ({@code ln_final.hook_normalized}) runs after the blocks
 * @param head whether the unembedding runs (the pass then returns logits)
 * @param lastPositionOnly with the head: logits of the last position only, {@code [B, 1, V]} (what a
 *     generator's prefill reads; right-padded rows must take their own last valid position instead)
 */
public record RunUntil(int blocks, boolean finalNorm, boolean head, boolean lastPositionOnly) {
    /** The whole model, returning logits {@code [B, T, V]}. */
    public static final RunUntil LOGITS = new RunUntil(Integer.MAX_VALUE, true, true, false);

    /**
     * The whole model, logits of the last position only {@code [B, 1, V]}: a prefill that only samples
     * the next token skips the {@code [B, T, V]} logits (for Qwen2.5-0.5B at 64 x 25 tokens, 970 MB).
     */
    public static final RunUntil LAST_LOGITS = new RunUntil(Integer.MAX_VALUE, true, true, true);

    /** Every block and the final norm, no head: returns the normalized residual {@code [B, T, d]}. */
    public static final RunUntil FINAL_NORM = new RunUntil(Integer.MAX_VALUE, true, false, false);

    public RunUntil {
        if (blocks < 0) {
            throw new IllegalArgumentException("blocks must be >= 0, got " + blocks);
        }
        if (head && (!finalNorm || blocks != Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("the head runs only after every block and the final norm");
        }
        if (lastPositionOnly && !head) {
            throw new IllegalArgumentException("lastPositionOnly needs the head");
        }
        if (finalNorm && blocks != Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the final norm runs only after every block");
        }
    }

    /** Blocks {@code 0..lastBlock} only, returning {@code blocks.<lastBlock>.hook_resid_post} {@code [B, T, d]}. */
    public static RunUntil block(int lastBlock) {
        return new RunUntil(lastBlock + 1, false, false, false);
    }

    /**
     * The shortest pass that reaches every hook in {@code hooks}: up to the deepest block named, or
     * through the final norm when {@code ln_final.hook_normalized} is named; never the head.
     *
     * @param hooks the hooks that will be read
     * @return the pass that covers them
     */
    public static RunUntil covering(Collection<HookName> hooks) {
        int last = -1;
        for (HookName h : hooks) {
            if (h.site() == HookSite.LN_FINAL) {
                return FINAL_NORM;
            }
            if (h.site().perLayer()) {
                last = Math.max(last, h.layer());
            }
        }
        return last < 0 ? new RunUntil(0, false, false, false) : block(last);
    }

    /** Whether this pass returns logits. */
    public boolean logits() {
        return head;
    }
}
