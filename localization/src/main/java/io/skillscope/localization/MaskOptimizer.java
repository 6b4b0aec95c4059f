package io.skillscope.localization;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.Finite;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Gradients;
import io.skillscope.core.train.Losses;
import io.skillscope.core.train.Sequence;
import io.skillscope.grafting.Mask;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * Gradient descent on the mask parameters S of a grafted model (Panigrahi, Saunshi, Zhao, Arora, ICML
 * 2023; docs/methods.md §1).
 *
 * <p>γ_base is the global top-k of |Δ| over the included tensors. One {@link #step}: write
 * θ_pre + γ(S) ⊙ Δ into the model, back-propagate the answer-token cross-entropy of A batches
 * (gradients accumulate over the batches, each scaled 1/A, so g is the mean of the batch gradients), and
 * update S ← S − η ∂L/∂S. The settings' {@link MaskMethod} fixes the {@link MaskParametrization}: the
 * initial S, γ(S), ∂L/∂S from g ⊙ Δ, and the rounding of {@link #binary()}.
 *
 * <p>{@link MaskMethod#GRAFTING} ({@link GraftingParametrization}): γ(S) = γ_base + (1 − 2γ_base) ⊙ σ(S − b),
 * S ~ U[0,1), ∂L/∂S = (1 − 2γ_base) ⊙ (g ⊙ Δ) ⊙ σ'(S − b), binary γ_base XOR [S > b].
 *
 * <p>{@link MaskMethod#LOCALIZE_AND_STITCH} ({@link StitchReferenceParametrization}, the authors' code):
 * S = ±5, γ = σ(S), ∂/∂S = (g ⊙ Δ − λ sign(S)) ⊙ σ'(S), binary [S > 0] of the last step.
 * {@link MaskMethod#LOCALIZE_AND_STITCH_PAPER_L1} ({@link StitchParametrization}, a variant): S = ±b,
 * ∂/∂S = (g ⊙ Δ + λ) ⊙ σ'(S), binary [S > 0] of the best step.
 *
 * <p>Memory: θ_pre, θ_ft and S live on the host as one {@code float[]} per included tensor (12 bytes per
 * included element, plus one bit for γ_base and the gradient of one step); the model's own weights are
 * the only native copy, overwritten in place. S stays float32 as the paper requires.
 */
public final class MaskOptimizer {
    private final Transformer model;
    private final LocalizationSettings settings;
    private final MaskParametrization param;
    private final int padId;
    private final List<String> names;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> pre;
    private final Map<String, float[]> ft;
    private final Map<String, BitSet> base;
    private final Map<String, float[]> s = new LinkedHashMap<>();
    private final long included;
    private final long k;

    /**
     * @param model a model of the right architecture; its included parameters are overwritten
     * @param pre θ_pre of each included tensor (kept, not copied)
     * @param ft θ_ft of each included tensor, same order and lengths (kept, not copied)
     * @param settings sparsity, method, learning rate and bias
     * @param padId the padding id of the training batches
     */
    public MaskOptimizer(
            Transformer model,
            Map<String, float[]> pre,
            Map<String, float[]> ft,
            LocalizationSettings settings,
            int padId) {
        this.model = model;
        this.settings = settings;
        this.param = settings.method().parametrization(settings);
        this.padId = padId;
        this.names = List.copyOf(pre.keySet());
        this.pre = pre;
        this.ft = ft;
        ParameterStore params = model.parameters();
        long n = 0;
        for (String name : names) {
            float[] a = pre.get(name);
            float[] b = ft.get(name);
            if (b == null || b.length != a.length || params.get(name).size() != a.length) {
                throw new LocalizationException("tensor " + name + ": θ_pre has " + a.length + " elements, θ_ft "
                        + (b == null ? "none" : b.length) + ", the model "
                        + params.get(name).size());
            }
            shapes.put(name, params.spec(name).shape());
            n += a.length;
        }
        this.included = n;
        this.k = Math.max(1, Math.round(settings.sparsity() * n));
        this.base = topK(pre, ft, k);
        SplittableRandom rng = new SplittableRandom(settings.seed());
        for (String name : names) {
            float[] v = new float[pre.get(name).length];
            BitSet g = base.get(name);
            for (int i = 0; i < v.length; i++) {
                v[i] = param.init(g.get(i), rng);
            }
            s.put(name, v);
        }
    }

    /**
     * The global top-k of |θ_ft − θ_pre| over all tensors: exactly k elements, ties at the threshold
     * broken by tensor order then index. Finds the threshold by bisection on the float bit patterns
     * (monotone for non-negative floats), so no copy of all |Δ| is made.
     *
     * @param pre θ_pre per tensor
     * @param ft θ_ft per tensor
     * @param k how many to select
     * @return the selected indices per tensor, in the maps' order
     */
    public static Map<String, BitSet> topK(Map<String, float[]> pre, Map<String, float[]> ft, long k) {
        int lo = 0; // count(bits >= lo) >= k holds for lo = 0 whenever k <= N
        int hi = Float.floatToIntBits(Float.POSITIVE_INFINITY) + 1; // count(bits >= hi) = 0 < k
        long total = 0;
        for (float[] a : pre.values()) {
            total += a.length;
        }
        if (k > total) {
            throw new LocalizationException("cannot select " + k + " of " + total + " elements");
        }
        while (hi - lo > 1) {
            int mid = (int) (((long) lo + hi) >>> 1);
            if (countAtLeast(pre, ft, mid) >= k) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        int threshold = lo;
        long above = countAtLeast(pre, ft, threshold + 1);
        long ties = k - above;
        Map<String, BitSet> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : pre.entrySet()) {
            float[] a = e.getValue();
            float[] b = ft.get(e.getKey());
            BitSet set = new BitSet(a.length);
            for (int i = 0; i < a.length; i++) {
                int bits = absBits(a[i], b[i], e.getKey());
                if (bits > threshold || (bits == threshold && k > 0 && ties-- > 0)) {
                    set.set(i);
                }
            }
            out.put(e.getKey(), set);
        }
        return out;
    }

    /** {@link #topK(Map, Map, long)} of |Δ| for Δ given directly. */
    public static Map<String, BitSet> topK(Map<String, float[]> delta, long k) {
        Map<String, float[]> zeros = new LinkedHashMap<>();
        delta.forEach((n, d) -> zeros.put(n, new float[d.length]));
        return topK(zeros, delta, k);
    }

    private static long countAtLeast(Map<String, float[]> pre, Map<String, float[]> ft, int bitsThreshold) {
        long c = 0;
        for (Map.Entry<String, float[]> e : pre.entrySet()) {
            float[] a = e.getValue();
            float[] b = ft.get(e.getKey());
            for (int i = 0; i < a.length; i++) {
                if (absBits(a[i], b[i], e.getKey()) >= bitsThreshold) {
                    c++;
                }
            }
        }
        return c;
    }

    private static int absBits(float a, float b, String name) {
        float d = Math.abs(b - a);
        if (Float.isNaN(d)) {
            throw new LocalizationException("tensor " + name + " has NaN in θ_pre or θ_ft");
        }
        return Float.floatToIntBits(d);
    }

    /** The soft mask γ(S) of one tensor. */
    public float[] gamma(String name) {
        float[] sv = s.get(name);
        BitSet g = base.get(name);
        float[] out = new float[sv.length];
        for (int i = 0; i < sv.length; i++) {
            out[i] = (float) param.gamma(sv[i], g.get(i));
        }
        return out;
    }

    /** Writes θ_pre + γ(S) ⊙ Δ into the model's included parameters. */
    public void writeSoft() {
        ParameterStore params = model.parameters();
        for (String name : names) {
            float[] a = pre.get(name);
            float[] b = ft.get(name);
            float[] sv = s.get(name);
            BitSet gb = base.get(name);
            float[] w = new float[a.length]; // one tensor's staging, γ computed inline
            inChunks(a.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double g = (float) param.gamma(sv[i], gb.get(i)); // as gamma(name) rounds it
                    w[i] = (float) (a[i] + g * ((double) b[i] - a[i]));
                }
            });
            params.write(name, w);
        }
    }

    /** Writes θ_pre + γ ⊙ Δ for a binary mask (a selection: θ_ft inside, θ_pre outside). */
    public void writeBinary(Mask mask) {
        ParameterStore params = model.parameters();
        for (String name : names) {
            params.write(name, mask.graft(name, pre.get(name), ft.get(name)));
        }
    }

    /** Writes θ_pre into the included parameters. */
    public void writePre() {
        for (String name : names) {
            model.parameters().write(name, pre.get(name));
        }
    }

    /**
     * One mean gradient g = ∂L/∂θ over the batches at the current soft graft, and ∂L/∂S from it.
     *
     * @param batches A batches; L is the mean of their answer-token cross-entropies
     * @return ∂L/∂S per tensor, and the mean loss
     */
    public Gradient gradient(List<List<Sequence>> batches) {
        Map<String, float[]> dS = new LinkedHashMap<>();
        double loss = gradient(batches, dS::put);
        return new Gradient(dS, loss);
    }

    /**
     * One mean gradient at the current soft graft, handing ∂L/∂S to {@code sink} one tensor at a time
     * (the array is the sink's to keep or drop), so that no more than one tensor's gradient is on the
     * heap beside θ_pre, θ_ft and S.
     *
     * @param batches A batches; L is the mean of their answer-token cross-entropies
     * @param sink receives each included tensor's name and ∂L/∂S
     * @return the mean loss
     */
    public double gradient(List<List<Sequence>> batches, BiConsumer<String, float[]> sink) {
        writeSoft();
        ParameterStore params = model.parameters();
        double loss = 0;
        Gradients.require(params, names, true);
        try {
            Gradients.zero(params, names);
            for (List<Sequence> batch : batches) {
                loss += Gradients.backward(
                        model, m -> Losses.answerCrossEntropy(model, m, batch, padId), 1.0 / batches.size());
            }
            for (String name : names) {
                float[] g;
                try (NDArray grad = params.get(name).getGradient()) {
                    g = grad.toFloatArray();
                    grad.muli(0);
                }
                float[] a = pre.get(name);
                float[] f = ft.get(name);
                float[] sv = s.get(name);
                BitSet gb = base.get(name);
                float[] gr = g;
                inChunks(g.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double gDelta = (double) gr[i] * ((double) f[i] - a[i]);
                        gr[i] = (float) param.gradient(gDelta, sv[i], gb.get(i));
                    }
                });
                sink.accept(name, g);
            }
        } finally {
            Gradients.require(params, names, false);
        }
        return loss;
    }

    /** Elements per task of the elementwise loops over one tensor. */
    private static final int CHUNK = 1 << 16;

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@link #CHUNK}, in parallel on the common fork-join
     * pool: the per-element loops of a step (γ(S) with its sigmoid, ∂L/∂S) are independent, each writes only
     * its own elements, and their cost does not shrink with the batch, so on a small batch they were most of
     * a step. The results do not depend on the split.
     */
    private static void inChunks(int n, Range body) {
        java.util.stream.IntStream.range(0, (n + CHUNK - 1) / CHUNK)
                .parallel()
                .forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    /** A loop over the elements {@code [from, to)}. */
    @FunctionalInterface
    private interface Range {
        void run(int from, int to);
    }

    /**
     * ∂L/∂S and the loss it was taken at.
     *
     * @param dS the gradient per tensor
     * @param loss the mean loss of the batches at the soft graft
     */
    public record Gradient(Map<String, float[]> dS, double loss) {}

    /**
     * One step S ← S − η ∂L/∂S.
     *
     * @param batches the A batches of this step
     * @return the mean loss before the update
     */
    public double step(List<List<Sequence>> batches) {
        float eta = (float) settings.learningRate();
        // S is updated tensor by tensor as each gradient arrives: writeSoft ran before, so the
        // gradients of later tensors are unaffected by earlier updates.
        double loss = gradient(batches, (name, d) -> {
            Finite.require(d, "the gradient ∂L/∂S of tensor '" + name + "'", shapes.get(name));
            float[] sv = s.get(name);
            for (int i = 0; i < sv.length; i++) {
                sv[i] -= eta * d[i];
            }
        });
        Finite.require(loss, "the grafted model's task loss");
        return loss;
    }

    /** The soft-grafted loss on one batch at the current S (no gradients). */
    public double softLoss(List<Sequence> batch) {
        writeSoft();
        try (ai.djl.ndarray.NDManager m = model.manager().newSubManager()) {
            return Losses.answerCrossEntropy(model, m, batch, padId).getFloat();
        }
    }

    /**
     * The binary mask, rounded by the parametrization: γ_base XOR [S > b] (grafting) or [S > 0]
     * (Localize-and-Stitch).
     */
    public Mask binary() {
        Mask.Builder mb = Mask.builder();
        for (String name : names) {
            float[] sv = s.get(name);
            Finite.require(sv, "the mask scores S of tensor '" + name + "'", shapes.get(name)); // NaN is never selected
            BitSet gb = base.get(name);
            BitSet g = new BitSet(sv.length);
            for (int i = 0; i < sv.length; i++) {
                if (param.selected(sv[i], gb.get(i))) {
                    g.set(i);
                }
            }
            mb.put(name, shapes.get(name), g);
        }
        return mb.build();
    }

    /**
     * The binary mask cut to at most {@code cap} entries ({@link SparsityBudget#CAP}): when the rounded mask
     * {@link #binary()} holds more, the {@code cap} selected entries with the largest
     * {@link MaskParametrization#margin} are kept (the largest γ(S)); ties go to the larger |Δ|, then to
     * the earlier tensor in {@link #names()}, then to the lower flat index.
     *
     * @param cap the most entries kept, ≥ 1 (the optimizer's {@link #k()} for the target's budget)
     * @return the rounded mask itself when it fits, else the cut one
     */
    public Mask binary(long cap) {
        if (cap < 1) {
            throw new LocalizationException("a mask cap must be >= 1, got " + cap);
        }
        Mask full = binary();
        if (full.cardinality() <= cap) {
            return full;
        }
        // every selected entry as (tensor, index); the selected set is the small side of N
        int count = Math.toIntExact(full.cardinality());
        int[] tensor = new int[count];
        int[] index = new int[count];
        double[] margin = new double[count];
        float[] absDelta = new float[count];
        int at = 0;
        for (int t = 0; t < names.size(); t++) {
            String name = names.get(t);
            float[] sv = s.get(name);
            float[] a = pre.get(name);
            float[] b = ft.get(name);
            BitSet gb = base.get(name);
            BitSet sel = full.selected(name);
            for (int i = sel.nextSetBit(0); i >= 0; i = sel.nextSetBit(i + 1)) {
                tensor[at] = t;
                index[at] = i;
                margin[at] = param.margin(sv[i], gb.get(i));
                absDelta[at] = Math.abs(b[i] - a[i]);
                at++;
            }
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int c = Double.compare(margin[y], margin[x]);
            if (c == 0) {
                c = Float.compare(absDelta[y], absDelta[x]);
            }
            if (c == 0) {
                c = Integer.compare(tensor[x], tensor[y]);
            }
            return c != 0 ? c : Integer.compare(index[x], index[y]);
        });
        List<BitSet> kept = new ArrayList<>(names.size());
        for (String name : names) {
            kept.add(new BitSet(s.get(name).length));
        }
        for (int r = 0; r < cap; r++) {
            int e = order[r];
            kept.get(tensor[e]).set(index[e]);
        }
        Mask.Builder mb = Mask.builder();
        for (int t = 0; t < names.size(); t++) {
            mb.put(names.get(t), shapes.get(names.get(t)), kept.get(t));
        }
        return mb.build();
    }

    /** The base patch γ_base as a mask. */
    public Mask baseMask() {
        Mask.Builder mb = Mask.builder();
        for (String name : names) {
            mb.put(name, shapes.get(name), base.get(name));
        }
        return mb.build();
    }

    /** A copy of S for one tensor. */
    public float[] s(String name) {
        return s.get(name).clone();
    }

    /** Sets one entry of S (for finite-difference checks). */
    public void setS(String name, int index, float value) {
        s.get(name)[index] = value;
    }

    /** The parametrization of S. */
    public MaskParametrization parametrization() {
        return param;
    }

    /** The included tensor names. */
    public List<String> names() {
        return new ArrayList<>(names);
    }

    /** N, the number of included elements. */
    public long included() {
        return included;
    }

    /** k = round(sparsity · N), at least 1: the size of the base patch. */
    public long k() {
        return k;
    }

    @Override
    public String toString() {
        return String.format(
                "MaskOptimizer[%s, %d tensors, k=%,d of N=%,d, b=%.1f, eta=%.1e]",
                settings.method(), names.size(), k, included, parametrization().bias(), settings.learningRate());
    }
}
