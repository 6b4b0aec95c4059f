package io.skillscope.analysis.overlap;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Overlap of two skill regions: |A∩B| / |B| (Panigrahi et al., ICML 2023) and Jaccard, in total, per
 * layer and per module type.
 *
 * <p>Masks are compared over the union of their tensor names: a tensor only one mask covers adds to
 * that mask's size but to no intersection, and the universe counts it once. Tensors both masks cover
 * must have equal element counts.
 */
public final class Overlap {
    private Overlap() {}

    /** Total overlap of two parameter masks. */
    public static OverlapResult of(ParameterMask a, ParameterMask b) {
        return breakdown(a, b, Map.of()).total();
    }

    /**
     * Overlap of two parameter masks in total, per layer and per module type.
     *
     * @param a mask A
     * @param b mask B
     * @param labels block and module of each tensor name (from the model's architecture); a tensor
     *     without a label counts in the total and under module {@code OTHER}, in no layer
     * @return the breakdown
     */
    public static OverlapBreakdown breakdown(ParameterMask a, ParameterMask b, Map<String, TensorLabel> labels) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(labels, "labels");
        java.util.SortedSet<String> names = new java.util.TreeSet<>(a.names());
        names.addAll(b.names());
        Acc total = new Acc();
        SortedMap<Integer, Acc> layers = new TreeMap<>();
        Map<ModuleType, Acc> modules = new EnumMap<>(ModuleType.class);
        for (String name : names) {
            BitSet ba = a.contains(name) ? a.bitsUnsafe(name) : null;
            BitSet bb = b.contains(name) ? b.bitsUnsafe(name) : null;
            int n;
            if (ba != null && bb != null) {
                n = checkSameSize(name, a.size(name), b.size(name));
            } else {
                n = ba != null ? a.size(name) : b.size(name);
            }
            long ca = ba == null ? 0 : ba.cardinality();
            long cb = bb == null ? 0 : bb.cardinality();
            long inter = 0;
            if (ba != null && bb != null) {
                BitSet i = (BitSet) ba.clone();
                i.and(bb);
                inter = i.cardinality();
            }
            total.add(inter, ca, cb, n);
            TensorLabel label = labels.getOrDefault(name, TensorLabel.UNKNOWN);
            OptionalInt layer = label.layer();
            if (layer.isPresent()) {
                layers.computeIfAbsent(layer.getAsInt(), k -> new Acc()).add(inter, ca, cb, n);
            }
            modules.computeIfAbsent(label.module(), k -> new Acc()).add(inter, ca, cb, n);
        }
        SortedMap<Integer, OverlapResult> byLayer = new TreeMap<>();
        layers.forEach((l, acc) -> byLayer.put(l, acc.result()));
        Map<ModuleType, OverlapResult> byModule = new EnumMap<>(ModuleType.class);
        modules.forEach((m, acc) -> byModule.put(m, acc.result()));
        return new OverlapBreakdown(total.result(), byLayer, byModule);
    }

    /** Total overlap of two neuron sets; the universe is known when both know their layer width. */
    public static OverlapResult of(NeuronSet a, NeuronSet b) {
        return breakdown(a, b).total();
    }

    /**
     * Overlap of two neuron sets in total and per layer. The universe of a layer is the layer width
     * when both sets know the same width; the total universe is width × number of layers touched.
     */
    public static OverlapBreakdown breakdown(NeuronSet a, NeuronSet b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        int width = a.layerWidth() == b.layerWidth() ? a.layerWidth() : 0;
        java.util.SortedSet<Integer> layers = new java.util.TreeSet<>(a.layers());
        layers.addAll(b.layers());
        Acc total = new Acc();
        SortedMap<Integer, OverlapResult> byLayer = new TreeMap<>();
        for (int l : layers) {
            BitSet i = (BitSet) a.layerBits(l).clone();
            i.and(b.layerBits(l));
            Acc acc = new Acc();
            acc.add(i.cardinality(), a.count(l), b.count(l), width);
            total.add(i.cardinality(), a.count(l), b.count(l), width);
            byLayer.put(l, acc.result());
        }
        return new OverlapBreakdown(total.result(), byLayer, Map.of());
    }

    static int checkSameSize(String name, int sizeA, int sizeB) {
        if (sizeA != sizeB) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' has " + sizeA + " elements in one mask and " + sizeB + " in the other");
        }
        return sizeA;
    }

    private static final class Acc {
        long inter;
        long a;
        long b;
        long n;

        void add(long inter, long a, long b, long n) {
            this.inter += inter;
            this.a += a;
            this.b += b;
            this.n += n;
        }

        OverlapResult result() {
            return new OverlapResult(inter, a, b, n);
        }
    }
}
