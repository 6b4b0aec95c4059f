package io.skillscope.analysis.orthogonality;

import io.skillscope.analysis.TensorLabel;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A weight update Δ = θ_after − θ_before as named tensors (e.g. ΔW_SFT = θ_sft − θ_pre, or a skill
 * vector v = θ_rl − θ_sft), optionally with each tensor's {@link TensorLabel} (block and module) for the
 * per-layer and per-module summaries. Names sorted; tensors not copied.
 */
public final class WeightUpdate {
    private final SortedMap<String, ShapedArray> tensors;
    private final Map<String, TensorLabel> labels;

    private WeightUpdate(SortedMap<String, ShapedArray> tensors) {
        this(tensors, Map.of());
    }

    private WeightUpdate(SortedMap<String, ShapedArray> tensors, Map<String, TensorLabel> labels) {
        this.tensors = Collections.unmodifiableSortedMap(tensors);
        this.labels = labels;
    }

    /**
     * This update with every tensor labelled (the same tensors, not copied).
     *
     * @param labeller the label of a tensor name, e.g. from the model's architecture
     * @return a labelled update
     */
    public WeightUpdate labelled(Function<String, TensorLabel> labeller) {
        Objects.requireNonNull(labeller, "labeller");
        Map<String, TensorLabel> m = new HashMap<>();
        for (String name : tensors.keySet()) {
            m.put(name, Objects.requireNonNull(labeller.apply(name), () -> "no label for tensor '" + name + "'"));
        }
        return new WeightUpdate(new TreeMap<>(tensors), Collections.unmodifiableMap(m));
    }

    /**
     * The label of a tensor.
     *
     * @param name a tensor name
     * @return its label; {@link TensorLabel#UNKNOWN} when this update is not labelled
     */
    public TensorLabel label(String name) {
        return labels.getOrDefault(name, TensorLabel.UNKNOWN);
    }

    /** An update of the given tensors. */
    public static WeightUpdate of(Map<String, ShapedArray> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        SortedMap<String, ShapedArray> m = new TreeMap<>();
        tensors.forEach((k, v) -> m.put(
                Objects.requireNonNull(k, "tensor name"),
                Objects.requireNonNull(v, () -> "tensor '" + k + "' is null")));
        return new WeightUpdate(m);
    }

    /** An update from flat values and shapes keyed by the same names. */
    public static WeightUpdate of(Map<String, float[]> values, Map<String, int[]> shapes) {
        SortedMap<String, ShapedArray> m = new TreeMap<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            int[] shape = shapes.get(e.getKey());
            if (shape == null) {
                throw new IllegalArgumentException("no shape given for tensor '" + e.getKey() + "'");
            }
            m.put(e.getKey(), new ShapedArray(e.getValue(), shape));
        }
        return new WeightUpdate(m);
    }

    /** The difference {@code after − before} of two weight sets over {@code before}'s tensor names. */
    public static WeightUpdate difference(Map<String, ShapedArray> after, Map<String, ShapedArray> before) {
        SortedMap<String, ShapedArray> m = new TreeMap<>();
        for (Map.Entry<String, ShapedArray> e : before.entrySet()) {
            ShapedArray a = after.get(e.getKey());
            ShapedArray b = e.getValue();
            if (a == null) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' missing from the 'after' weights");
            }
            if (!Arrays.equals(a.shape(), b.shape())) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(a.shape())
                        + " after but " + Arrays.toString(b.shape()) + " before");
            }
            float[] d = new float[b.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = a.values()[i] - b.values()[i];
            }
            m.put(e.getKey(), new ShapedArray(d, b.shape()));
        }
        return new WeightUpdate(m);
    }

    /** Tensors by name (unmodifiable, sorted). */
    public SortedMap<String, ShapedArray> tensors() {
        return tensors;
    }

    /** One tensor, or an exception naming the missing tensor. */
    public ShapedArray get(String name) {
        ShapedArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("update has no tensor named '" + name + "'");
        }
        return t;
    }

    /** Total number of elements. */
    public long elementCount() {
        long n = 0;
        for (ShapedArray t : tensors.values()) {
            n += t.size();
        }
        return n;
    }

    /** Euclidean norm over all tensors. */
    public double norm() {
        double s = 0;
        for (ShapedArray t : tensors.values()) {
            double n = t.norm();
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** {@code WeightUpdate[24 tensors, 1,179,648 elements, norm 0.8123]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "WeightUpdate[%d tensors, %,d elements, norm %.4g]",
                tensors.size(),
                elementCount(),
                norm());
    }
}
