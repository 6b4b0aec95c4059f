package io.skillscope.api;

import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One forward pass over a text with the activations of the named hook points copied to the host:
 * what {@link Model#runWithCache(String, String...)} returns. Holds plain arrays, no native memory.
 *
 * <pre>{@code
 * CacheRun run = model.runWithCache("rev(abc)=", "blocks.*.mlp.hook_post");
 * run.stats();                          // a Table: hook, shape, mean, sd, min, max, mean |x|, share > 0
 * float[] keys = run.get("blocks.1.mlp.hook_post").toFloats();  // [1, T, F] flattened
 * }</pre>
 */
public final class CacheRun implements Rich {
    private final String text;
    private final List<String> tokens;
    private final float[][] logits;
    private final ActivationCache cache;

    CacheRun(String text, List<String> tokens, float[][] logits, ActivationCache cache) {
        this.text = Objects.requireNonNull(text, "text");
        this.tokens = List.copyOf(tokens);
        this.logits = logits;
        this.cache = cache;
    }

    /** The text that was run (without the BOS token, if one was prepended). */
    public String text() {
        return text;
    }

    /** The tokens of the pass as strings, BOS included when one was prepended: one per position. */
    public List<String> tokens() {
        return tokens;
    }

    /** Logits {@code [T][V]}. */
    public float[][] logits() {
        return logits;
    }

    /** The underlying cache (every firing of every captured hook). */
    public ActivationCache cache() {
        return cache;
    }

    /** The captured hook points, in execution order, as TransformerLens names. */
    public List<String> hooks() {
        return cache.names().stream().map(HookName::toString).toList();
    }

    /** The activation at a hook point, e.g. {@code [1, T, F]} for {@code blocks.0.mlp.hook_post}. */
    public HostTensor get(String hook) {
        return cache.get(hook);
    }

    /**
     * The L2 norm of each vector along the last axis: for {@code [1, T, d]} one norm per position.
     *
     * <p>‖x_t‖₂ = sqrt(Σ_i x_{t,i}²).
     */
    public double[] norms(String hook) {
        HostTensor t = get(hook);
        long[] shape = t.shape();
        int d = (int) shape[shape.length - 1];
        float[] x = t.toFloats();
        double[] out = new double[x.length / d];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                double v = x[r * d + i];
                s += v * v;
            }
            out[r] = Math.sqrt(s);
        }
        return out;
    }

    /**
     * Summary statistics of every captured activation over all its elements: mean, standard deviation
     * (population, √(Σ(x−μ)²/n)), min, max, mean absolute value and the share of positive entries.
     */
    public Table stats() {
        Table.Builder b = Table.builder(
                "Activation statistics: \"" + text + "\"",
                "hook",
                "shape",
                "mean",
                "sd",
                "min",
                "max",
                "mean |x|",
                "share > 0");
        for (HookName name : cache.names()) {
            HostTensor t = cache.get(name);
            float[] x = t.toFloats();
            double sum = 0;
            double abs = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            long positive = 0;
            for (float v : x) {
                sum += v;
                abs += Math.abs(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
                positive += v > 0 ? 1 : 0;
            }
            double mean = sum / x.length;
            double ss = 0;
            for (float v : x) {
                ss += (v - mean) * (v - mean);
            }
            b.row(
                    name.toString(),
                    Arrays.toString(t.shape()),
                    mean,
                    Math.sqrt(ss / x.length),
                    min,
                    max,
                    abs / x.length,
                    (double) positive / x.length);
        }
        return b.build();
    }

    /** The statistics table as HTML. */
    @Override
    public String toHtml() {
        return stats().toHtml();
    }

    /** {@code CacheRun["rev(abc)=", 10 tokens, logits 10×99, 2 hooks: blocks.0.mlp.hook_post [1, 10, 176], …]}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (HookName n : cache.names()) {
            int firings = cache.firings(n).size();
            parts.add(n + " " + Arrays.toString(cache.get(n).shape()) + (firings > 1 ? " ×" + firings : ""));
        }
        return "CacheRun[\"" + text + "\", " + tokens.size() + " tokens, logits " + logits.length + "×"
                + (logits.length == 0 ? 0 : logits[0].length) + ", " + parts.size()
                + (parts.size() == 1 ? " hook: " : " hooks: ") + String.join(", ", parts) + "]";
    }
}
