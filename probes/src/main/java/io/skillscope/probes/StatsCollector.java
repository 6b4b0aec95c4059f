package io.skillscope.probes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.HookContext;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streaming per-neuron statistics of hook points, never caching activations. For each firing it
 * selects positions with a {@link PositionSelector}, reduces the selected rows in float64 to the batch
 * count, mean, centred sum of squares, min and max ({@link BatchMoments}: float32 CPU activations in one
 * pass over their memory, read in place on the host; others on their device) and merges those
 * {@code [F]} vectors into the running {@link NeuronStats} (Chan et al.).
 * The activation's leading dimensions must be {@code [B, T]}; trailing dimensions are flattened into
 * the neuron axis (so {@code attn.hook_z [B, T, H, D]} has {@code H·D} neurons).
 *
 * <pre>{@code
 * StatsCollector c = new StatsCollector(PositionSelector.allTokens(), null, false);
 * try (HookSession s = model.hooks()) {
 *     c.attach(s, model.hookName("blocks.0.mlp.hook_post"));
 *     model.logits(ids);
 * }
 * NeuronStats st = c.stats().get(model.hookName("blocks.0.mlp.hook_post"));
 * }</pre>
 */
public final class StatsCollector {
    private final PositionSelector selector;
    private final HistogramSpec histogram;
    private final boolean absolute;
    private final Map<HookName, NeuronStats> stats = new LinkedHashMap<>();
    private boolean hostReduction = true;

    /**
     * @param selector which positions count
     * @param histogram fixed-range histogram per neuron, or null
     * @param absolute collect statistics of |x|
     */
    public StatsCollector(PositionSelector selector, HistogramSpec histogram, boolean absolute) {
        this.selector = selector;
        this.histogram = histogram;
        this.absolute = absolute;
    }

    /**
     * Reduces every activation on its device in float64 ({@link BatchMoments#onDevice}), also float32
     * CPU activations that are otherwise read in place on the host ({@link BatchMoments#onHost}): the
     * reference the host reduction is tested against.
     *
     * @return this collector
     */
    StatsCollector onDeviceOnly() {
        hostReduction = false;
        return this;
    }

    /** Adds a reader for each hook point to the session. */
    public StatsCollector attach(HookSession session, Collection<HookName> hooks) {
        for (HookName h : hooks) {
            attach(session, h);
        }
        return this;
    }

    /** Adds a reader for one hook point to the session. */
    public StatsCollector attach(HookSession session, HookName hook) {
        session.read(hook, (x, ctx) -> accumulate(hook, x, ctx));
        return this;
    }

    /** The statistics so far, by hook, in attach order of first firing. */
    public synchronized Map<HookName, NeuronStats> stats() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    /** Folds one activation into the statistics of {@code hook}. */
    public void accumulate(HookName hook, NDArray x, HookContext ctx) {
        boolean[] mask = selector.select(ctx);
        if (mask == null) {
            return;
        }
        int b = ctx.batch().batchSize();
        int t = ctx.batch().length();
        Shape shape = x.getShape();
        if (shape.dimension() < 2 || shape.get(0) != b || shape.get(1) != t) {
            throw new SkillscopeException(
                    "hook " + hook + " has shape " + shape + "; statistics need [B, T, ...] with B=" + b + ", T=" + t);
        }
        if (mask.length != b * t) {
            throw new SkillscopeException(
                    "position mask of length " + mask.length + " for a [" + b + ", " + t + "] batch");
        }
        long n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        if (n == 0) {
            return;
        }
        int width = (int) (shape.size() / ((long) b * t));
        long rows = (long) b * t;
        BatchMoments batch;
        try (NDManager sub = ctx.manager().newSubManager()) {
            batch = hostReduction && BatchMoments.hostReadable(x)
                    ? BatchMoments.onHost(x, rows, width, mask, n, absolute, histogram, sub)
                    : BatchMoments.onDevice(x, rows, width, mask, n, absolute, histogram, sub);
        }
        synchronized (this) {
            NeuronStats prev = stats.computeIfAbsent(hook, k -> NeuronStats.empty(width, histogram));
            if (prev.width() != width) {
                throw new SkillscopeException("hook " + hook + " changed width from " + prev.width() + " to " + width);
            }
            stats.put(hook, prev.plusBatch(n, batch.mean(), batch.m2(), batch.min(), batch.max(), batch.hist()));
        }
    }

    @Override
    public synchronized String toString() {
        return "StatsCollector[" + stats.size() + " hooks" + (absolute ? ", |x|" : "") + "]";
    }
}
