package io.skillscope.probes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
 * selects positions with a {@link PositionSelector}, reduces the selected rows on the model's device
 * in float64 to the batch count, mean, centred sum of squares, min and max, copies those
 * {@code [F]} vectors to the host and merges them into the running {@link NeuronStats} (Chan et al.).
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
        double[] mean;
        double[] m2;
        double[] min;
        double[] max;
        long[] hist = null;
        try (NDManager sub = ctx.manager().newSubManager()) {
            NDArray xd = x.toType(DataType.FLOAT64, true); // [B, T, ...] float64 copy
            xd.attach(sub);
            NDArray rows = xd.reshape(b * (long) t, width); // [B·T, F]
            NDArray keep = sub.create(mask, new Shape(b * (long) t, 1)).broadcast(b * (long) t, width); // [B·T, F] bool
            NDArray sel = rows.booleanMask(keep, 0).reshape(n, width); // [n, F], row-major order kept
            if (absolute) {
                sel = sel.abs(); // [n, F]
            }
            NDArray mu = sel.mean(new int[] {0}); // [F]
            NDArray centred = sel.sub(mu); // [n, F]
            mean = mu.toDoubleArray();
            m2 = centred.square().sum(new int[] {0}).toDoubleArray(); // [F]
            min = sel.min(new int[] {0}).toDoubleArray(); // [F]
            max = sel.max(new int[] {0}).toDoubleArray(); // [F]
            if (histogram != null) {
                hist = histogramOf(sel, width);
            }
        }
        synchronized (this) {
            NeuronStats prev = stats.computeIfAbsent(hook, k -> NeuronStats.empty(width, histogram));
            if (prev.width() != width) {
                throw new SkillscopeException("hook " + hook + " changed width from " + prev.width() + " to " + width);
            }
            stats.put(hook, prev.plusBatch(n, mean, m2, min, max, hist));
        }
    }

    /** Slots computed on the device, counted on the host. */
    private long[] histogramOf(NDArray sel, int width) {
        double scale = histogram.bins() / (histogram.hi() - histogram.lo());
        // slot = clip(floor((x − lo)·scale), −1, bins) + 1; x ≥ hi lands in bins + 1
        NDArray idx = sel.sub(histogram.lo())
                .mul(scale)
                .floor()
                .clip(-1, histogram.bins())
                .add(1)
                .toType(DataType.INT32, false); // [n, F]
        int[] slots = idx.toIntArray();
        long[] counts = new long[width * histogram.slots()];
        int s = histogram.slots();
        for (int i = 0; i < slots.length; i++) {
            counts[(i % width) * s + slots[i]]++;
        }
        return counts;
    }

    @Override
    public synchronized String toString() {
        return "StatsCollector[" + stats.size() + " hooks" + (absolute ? ", |x|" : "") + "]";
    }
}
