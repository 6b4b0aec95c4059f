package io.skillscope.analysis.overlap;

import java.util.BitSet;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A binary mask over named parameter tensors (a grafting region γ): per tensor name, a {@link BitSet}
 * of selected flat indices and the tensor's element count. Names are kept sorted.
 *
 * <p>Immutable: bit sets are copied in and out. Build one with {@link #builder()}; element counts are
 * needed so sparsity and chance levels can be computed.
 */
public final class ParameterMask {
    private final SortedMap<String, BitSet> bits;
    private final SortedMap<String, Integer> sizes;

    private ParameterMask(SortedMap<String, BitSet> bits, SortedMap<String, Integer> sizes) {
        this.bits = bits;
        this.sizes = sizes;
    }

    /** A builder that adds tensors one at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** Tensor names, sorted. */
    public java.util.SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(sizes.keySet()));
    }

    /** Whether the mask covers a tensor of this name. */
    public boolean contains(String name) {
        return sizes.containsKey(name);
    }

    /** A copy of the selected flat indices of one tensor. */
    public BitSet bits(String name) {
        return (BitSet) require(name).clone();
    }

    /** Element count of one tensor. */
    public int size(String name) {
        require(name);
        return sizes.get(name);
    }

    /** Selected entries in one tensor. */
    public int count(String name) {
        return require(name).cardinality();
    }

    /** Selected entries over all tensors, |γ|. */
    public long count() {
        long c = 0;
        for (BitSet b : bits.values()) {
            c += b.cardinality();
        }
        return c;
    }

    /** Elements over all tensors, N. */
    public long totalElements() {
        long n = 0;
        for (int s : sizes.values()) {
            n += s;
        }
        return n;
    }

    /** Share of selected elements, |γ| / N (0 for an empty mask). */
    public double sparsity() {
        long n = totalElements();
        return n == 0 ? 0 : (double) count() / n;
    }

    /** Number of tensors. */
    public int tensorCount() {
        return sizes.size();
    }

    /** The union of two masks (the union graft γ_G = ∪ γ_i); shared tensors must have equal sizes. */
    public ParameterMask union(ParameterMask other) {
        Builder b = builder();
        for (String name : sizes.keySet()) {
            b.put(name, bits.get(name), sizes.get(name));
        }
        for (String name : other.sizes.keySet()) {
            BitSet o = other.bits.get(name);
            if (sizes.containsKey(name)) {
                Overlap.checkSameSize(name, sizes.get(name), other.sizes.get(name));
                BitSet u = (BitSet) bits.get(name).clone();
                u.or(o);
                b.put(name, u, sizes.get(name));
            } else {
                b.put(name, o, other.sizes.get(name));
            }
        }
        return b.build();
    }

    BitSet bitsUnsafe(String name) {
        return bits.get(name);
    }

    private BitSet require(String name) {
        BitSet b = bits.get(name);
        if (b == null) {
            throw new IllegalArgumentException("mask has no tensor named '" + name + "'");
        }
        return b;
    }

    /** {@code ParameterMask[84 tensors, 8,500 of 85,054,464 selected (0.0100%)]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "ParameterMask[%d tensors, %,d of %,d selected (%.4f%%)]",
                tensorCount(),
                count(),
                totalElements(),
                100 * sparsity());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterMask m && m.bits.equals(bits) && m.sizes.equals(sizes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bits, sizes);
    }

    /** Adds tensors to a {@link ParameterMask}; each name once. */
    public static final class Builder {
        private final SortedMap<String, BitSet> bits = new TreeMap<>();
        private final SortedMap<String, Integer> sizes = new TreeMap<>();

        private Builder() {}

        /**
         * Adds one tensor's mask.
         *
         * @param name     tensor name, e.g. {@code model.layers.0.mlp.up_proj.weight}
         * @param selected selected flat indices (copied)
         * @param size     the tensor's element count
         * @throws IllegalArgumentException if the name repeats, size &lt; 1 or a bit lies at or beyond size
         */
        public Builder put(String name, BitSet selected, int size) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(selected, "selected");
            if (sizes.containsKey(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' added twice");
            }
            if (size < 1) {
                throw new IllegalArgumentException("tensor '" + name + "' size must be >= 1, got " + size);
            }
            if (selected.length() > size) {
                throw new IllegalArgumentException("tensor '" + name + "' selects index " + (selected.length() - 1)
                        + " but has only " + size + " elements");
            }
            bits.put(name, (BitSet) selected.clone());
            sizes.put(name, size);
            return this;
        }

        /** Adds one tensor's mask from a boolean array (size = array length). */
        public Builder put(String name, boolean[] selected) {
            BitSet b = new BitSet(selected.length);
            for (int i = 0; i < selected.length; i++) {
                if (selected[i]) {
                    b.set(i);
                }
            }
            return put(name, b, selected.length);
        }

        /** Adds one tensor's mask from selected flat indices. */
        public Builder putIndices(String name, int size, int... indices) {
            BitSet b = new BitSet(size);
            for (int i : indices) {
                if (i < 0 || i >= size) {
                    throw new IllegalArgumentException(
                            "tensor '" + name + "' index " + i + " outside [0, " + size + ")");
                }
                b.set(i);
            }
            return put(name, b, size);
        }

        /** Adds every entry of a map name → selected bits, all with their sizes from {@code sizes}. */
        public Builder putAll(Map<String, BitSet> selected, Map<String, Integer> tensorSizes) {
            for (Map.Entry<String, BitSet> e : selected.entrySet()) {
                Integer s = tensorSizes.get(e.getKey());
                if (s == null) {
                    throw new IllegalArgumentException("no size given for tensor '" + e.getKey() + "'");
                }
                put(e.getKey(), e.getValue(), s);
            }
            return this;
        }

        /** The immutable mask. */
        public ParameterMask build() {
            return new ParameterMask(new TreeMap<>(bits), new TreeMap<>(sizes));
        }
    }
}
