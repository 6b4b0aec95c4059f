package io.skillscope.grafting;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * A binary grafting mask γ over named tensors: which elements take their fine-tuned values in
 * θ̄(γ) = θ_pre + γ ⊙ (θ_ft − θ_pre) (Panigrahi, Saunshi, Zhao, Arora, ICML 2023).
 *
 * <p>Self-contained: it stores the binary mask itself (not the parameters S it was learned from), the
 * shape of every included tensor, and string attributes (settings, hashes of θ_pre and θ_ft). The
 * tensors it lists are the <em>included</em> ones; {@link #sparsity()} is relative to their element
 * count. On disk it is a folder with {@code mask.safetensors} (one U8 tensor of 0/1 per included
 * tensor, same shape) and {@code result.json} (sparsity, counts per tensor and per layer, attributes,
 * provenance), written and read by {@link MaskFiles}; {@link #save} and {@link #load} are its shortcuts.
 *
 * <p>Set algebra ({@link #and}, {@link #or}, {@link #minus}) takes the union of the two tensor lists; a
 * tensor missing from one mask counts as all zeros there. In memory each tensor is a {@link BitSet}
 * (one bit per element).
 */
public final class Mask {
    /** File name of the tensors in a saved mask folder ({@link MaskFiles#TENSORS_FILE}). */
    public static final String TENSORS_FILE = MaskFiles.TENSORS_FILE;
    /** File name of the summary in a saved mask folder ({@link MaskFiles#RESULT_FILE}). */
    public static final String RESULT_FILE = MaskFiles.RESULT_FILE;
    /** Format tag stored in the safetensors metadata ({@link MaskFiles#FORMAT}). */
    public static final String FORMAT = MaskFiles.FORMAT;

    private final SortedMap<String, long[]> shapes;
    private final SortedMap<String, BitSet> bits;
    private final Map<String, String> attributes;

    private Mask(SortedMap<String, long[]> shapes, SortedMap<String, BitSet> bits, Map<String, String> attributes) {
        this.shapes = shapes;
        this.bits = bits;
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** Starts a mask; add each included tensor with its selected elements. */
    public static Builder builder() {
        return new Builder();
    }

    /** Assembles a mask tensor by tensor. */
    public static final class Builder {
        private final SortedMap<String, long[]> shapes = new TreeMap<>();
        private final SortedMap<String, BitSet> bits = new TreeMap<>();
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder() {}

        /**
         * Adds an included tensor.
         *
         * @param name the tensor name
         * @param shape its shape
         * @param selected the selected flat (row-major) indices, copied; bits past numel are an error
         * @return this builder
         */
        public Builder put(String name, long[] shape, BitSet selected) {
            long numel = numel(name, shape);
            if (selected.length() > numel) {
                throw new GraftingException("mask tensor " + name + " " + Arrays.toString(shape) + " has " + numel
                        + " elements but index " + (selected.length() - 1) + " is set");
            }
            if (shapes.put(name, shape.clone()) != null) {
                throw new GraftingException("mask tensor " + name + " added twice");
            }
            bits.put(name, (BitSet) selected.clone());
            return this;
        }

        /**
         * Adds an included tensor from 0/1 values.
         *
         * @param name the tensor name
         * @param shape its shape
         * @param gamma one value per element; nonzero means selected
         * @return this builder
         */
        public Builder put(String name, long[] shape, float[] gamma) {
            if (gamma.length != numel(name, shape)) {
                throw new GraftingException("mask tensor " + name + " " + Arrays.toString(shape) + " needs "
                        + numel(name, shape) + " values, got " + gamma.length);
            }
            BitSet b = new BitSet(gamma.length);
            for (int i = 0; i < gamma.length; i++) {
                if (gamma[i] != 0f) {
                    b.set(i);
                }
            }
            return put(name, shape, b);
        }

        /** Adds a string attribute (a setting, a hash, the method). */
        public Builder attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        /** Adds string attributes. */
        public Builder attributes(Map<String, String> entries) {
            attributes.putAll(entries);
            return this;
        }

        /** The mask. */
        public Mask build() {
            SortedMap<String, BitSet> copy = new TreeMap<>();
            bits.forEach((k, v) -> copy.put(k, (BitSet) v.clone()));
            return new Mask(new TreeMap<>(shapes), copy, attributes);
        }
    }

    /**
     * A mask over the given tensors of a checkpoint with every element selected (γ = 1), or none.
     *
     * @param source the checkpoint whose shapes to use
     * @param names the tensors to include
     * @param selected true for all ones, false for all zeros
     * @return the mask
     */
    public static Mask constant(TensorSource source, Iterable<String> names, boolean selected) {
        Builder b = builder();
        for (String name : names) {
            long[] shape = source.info(name).shape();
            BitSet set = new BitSet();
            if (selected) {
                set.set(0, Math.toIntExact(numel(name, shape)));
            }
            b.put(name, shape, set);
        }
        return b.build();
    }

    static long numel(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new GraftingException(
                        "mask tensor " + name + " has a negative dimension " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE) {
            throw new GraftingException(
                    "mask tensor " + name + " has " + n + " elements; at most 2^31 - 1 are supported");
        }
        return n;
    }

    /** The included tensor names, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(shapes.keySet()));
    }

    /** Whether a tensor is included. */
    public boolean contains(String name) {
        return shapes.containsKey(name);
    }

    /** The shape of an included tensor. */
    public long[] shape(String name) {
        return require(name).clone();
    }

    /** Number of elements of an included tensor. */
    public int numel(String name) {
        return (int) numel(name, require(name));
    }

    /** The selected flat indices of a tensor (a copy). */
    public BitSet selected(String name) {
        require(name);
        return (BitSet) bits.get(name).clone();
    }

    /** Whether one element is selected. */
    public boolean get(String name, int index) {
        require(name);
        return bits.get(name).get(index);
    }

    /** γ of one tensor as 0/1 floats. */
    public float[] gamma(String name) {
        float[] g = new float[numel(name)];
        BitSet b = bits.get(name);
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            g[i] = 1f;
        }
        return g;
    }

    /**
     * θ_pre + γ ⊙ Δ of one tensor for this binary γ: θ_ft inside the mask, θ_pre outside ({@link Graft#select}).
     *
     * @param name an included tensor
     * @param pre θ_pre of the tensor (not modified)
     * @param ft θ_ft of the tensor, same length
     * @return a new array
     */
    public float[] graft(String name, float[] pre, float[] ft) {
        require(name);
        return Graft.select(pre.clone(), ft, bits.get(name));
    }

    /** The selected indices of a tensor, not copied (for this package's readers and writers). */
    BitSet bits(String name) {
        require(name);
        return bits.get(name);
    }

    private long[] require(String name) {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new GraftingException("mask has no tensor '" + name + "'; it includes " + shapes.size()
                    + " tensors, e.g. " + shapes.keySet().stream().limit(3).toList());
        }
        return s;
    }

    /** String attributes: settings, hashes of θ_pre and θ_ft, method. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** This mask with more attributes (existing keys are replaced). */
    public Mask withAttributes(Map<String, String> more) {
        Map<String, String> a = new TreeMap<>(attributes);
        a.putAll(more);
        return new Mask(shapes, bits, a);
    }

    /** |γ|: the number of selected elements. */
    public long cardinality() {
        long n = 0;
        for (BitSet b : bits.values()) {
            n += b.cardinality();
        }
        return n;
    }

    /** Selected elements of one tensor. */
    public long cardinality(String name) {
        require(name);
        return bits.get(name).cardinality();
    }

    /** N: the number of included elements (all elements of the included tensors). */
    public long included() {
        long n = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            n += numel(e.getKey(), e.getValue());
        }
        return n;
    }

    /** |γ| / N. */
    public double sparsity() {
        long n = included();
        return n == 0 ? 0 : (double) cardinality() / n;
    }

    /** Selected elements per tensor, in name order. */
    public SortedMap<String, Long> perTensor() {
        SortedMap<String, Long> out = new TreeMap<>();
        bits.forEach((k, v) -> out.put(k, (long) v.cardinality()));
        return out;
    }

    /**
     * Selected elements per block; tensors outside the blocks count under key −1.
     *
     * @return counts by layer index
     */
    public SortedMap<Integer, Long> perLayer() {
        SortedMap<Integer, Long> out = new TreeMap<>();
        bits.forEach((k, v) -> {
            OptionalInt l = ParamRegion.layerOf(k);
            out.merge(l.isPresent() ? l.getAsInt() : -1, (long) v.cardinality(), Long::sum);
        });
        return out;
    }

    /** γ_this ∧ γ_other. */
    public Mask and(Mask other) {
        return combine(other, (a, b) -> {
            a.and(b);
            return a;
        });
    }

    /** γ_this ∨ γ_other. */
    public Mask or(Mask other) {
        return combine(other, (a, b) -> {
            a.or(b);
            return a;
        });
    }

    /** γ_this ∧ ¬γ_other. */
    public Mask minus(Mask other) {
        return combine(other, (a, b) -> {
            a.andNot(b);
            return a;
        });
    }

    /**
     * The paper's asymmetric overlap |γ_this ∩ γ_other| / |γ_other|.
     *
     * @param other the reference mask
     * @return a fraction in [0, 1]; 0 when other is empty
     */
    public double overlap(Mask other) {
        long denom = other.cardinality();
        return denom == 0 ? 0 : (double) and(other).cardinality() / denom;
    }

    /** Jaccard index |γ_this ∩ γ_other| / |γ_this ∪ γ_other| (0 when both are empty). */
    public double jaccard(Mask other) {
        long union = or(other).cardinality();
        return union == 0 ? 0 : (double) and(other).cardinality() / union;
    }

    private Mask combine(Mask other, BinaryOperator<BitSet> op) {
        SortedMap<String, long[]> s = new TreeMap<>(shapes);
        for (Map.Entry<String, long[]> e : other.shapes.entrySet()) {
            long[] mine = s.putIfAbsent(e.getKey(), e.getValue());
            if (mine != null && !Arrays.equals(mine, e.getValue())) {
                throw new GraftingException("masks disagree on the shape of " + e.getKey() + ": "
                        + Arrays.toString(mine) + " vs " + Arrays.toString(e.getValue()));
            }
        }
        SortedMap<String, BitSet> out = new TreeMap<>();
        for (String name : s.keySet()) {
            BitSet a = bits.containsKey(name) ? (BitSet) bits.get(name).clone() : new BitSet();
            BitSet b = other.bits.getOrDefault(name, new BitSet());
            out.put(name, op.apply(a, b));
        }
        return new Mask(s, out, Map.of());
    }

    /**
     * The summary written to {@code result.json}: sparsity, counts, per-tensor and per-layer counts,
     * attributes ({@link MaskFiles#summary}).
     *
     * @return a fresh JSON object
     */
    public JsonObject summary() {
        return MaskFiles.summary(this);
    }

    /**
     * Writes the mask folder: {@code mask.safetensors} and {@code result.json}, each atomically
     * ({@link MaskFiles#save}).
     *
     * @param folder the folder (created when missing)
     */
    public void save(Path folder) {
        MaskFiles.save(this, folder, new JsonObject());
    }

    /**
     * Writes the mask folder with extra top-level fields in {@code result.json} ({@link MaskFiles#save}).
     *
     * @param folder the folder (created when missing)
     * @param extra fields added to the summary (they win over summary fields of the same name)
     */
    public void save(Path folder, JsonObject extra) {
        MaskFiles.save(this, folder, extra);
    }

    /**
     * Reads a mask folder written by {@link #save} (or a bare {@code mask.safetensors} file;
     * {@link MaskFiles#load}).
     *
     * @param folderOrFile the folder or the safetensors file
     * @return the mask, equal bit for bit to the one saved, with its attributes
     * @throws GraftingException if a tensor is not U8 or holds a value other than 0 and 1
     */
    public static Mask load(Path folderOrFile) {
        return MaskFiles.load(folderOrFile);
    }

    /** Equal when the same tensors, shapes and selected elements; attributes are not compared. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Mask m) || !m.bits.equals(bits) || !m.shapes.keySet().equals(shapes.keySet())) {
            return false;
        }
        for (String k : shapes.keySet()) {
            if (!Arrays.equals(shapes.get(k), m.shapes.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** {@code Mask[1,234 of 1,048,576 selected (1.18e-03) in 36 tensors, layers {0=300, 1=934}]}. */
    @Override
    public String toString() {
        return String.format(
                "Mask[%,d of %,d selected (%.2e) in %d tensors, layers %s]",
                cardinality(), included(), sparsity(), shapes.size(), perLayer());
    }
}
