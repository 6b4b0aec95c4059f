package io.skillscope.probes;

import io.skillscope.core.hooks.HookContext;

/**
 * Which positions of a pass a {@link StatsCollector} reads: a {@code [B × T]} row-major mask of the
 * batch in the hook's context, built on the host. Returning null skips the pass.
 */
@FunctionalInterface
public interface PositionSelector {
    /** The mask of positions to read in this pass (padding must be false). */
    boolean[] select(HookContext context);

    /** Every real token of every pass. */
    static PositionSelector allTokens() {
        return ctx -> {
            int b = ctx.batch().batchSize();
            int t = ctx.batch().length();
            boolean[] m = new boolean[b * t];
            for (int r = 0; r < b; r++) {
                for (int c = 0; c < t; c++) {
                    m[r * t + c] = ctx.batch().valid(r, c);
                }
            }
            return m;
        };
    }
}
