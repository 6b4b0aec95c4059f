package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.Finite;
import io.skillscope.core.SkillscopeException;
import io.skillscope.probes.NeuronStats;

/**
 * The hypercube of Key Space Detection (Li, Sun and Weng, NAACL 2025) fitted at one activation, and the
 * score of a key against it.
 *
 * <p>From the forget set's vectors v at {@code hook}: μ_i their mean, σ_i their sample standard
 * deviation (ddof 1), and
 * <pre>
 *   k_max = max_i max(max_v v_i − μ_i, μ_i − min_v v_i) / σ_i      (over the dimensions with σ_i &gt; 0)
 * </pre>
 * computed exactly from the streamed minimum and maximum (no search): the smallest multiplier whose cube
 * μ ± k_max·σ holds every forget vector. A key k scores
 * <pre>
 *   s(k) = max_i |k_i − μ_i| / σ_i / k_max                         (over the dimensions with σ_i &gt; 0)
 * </pre>
 * so k lies in the cube μ ± h·k_max·σ, |k_i − μ_i| ≤ h·k_max·σ_i for every such i, iff s(k) ≤ h. Dimensions
 * whose σ is 0 on the forget set are left out (they would demand exact equality of a float). Scores are
 * computed in float64, in the same arithmetic as k_max, so every forget vector scores at most 1.
 *
 * @param hook the activation read, e.g. {@code blocks.3.mlp.hook_post}
 * @param mu per-dimension mean μ
 * @param sigma per-dimension sample standard deviation σ (ddof 1)
 * @param kMax k_max, &gt; 0
 * @param count forget vectors the cube was fitted on (0 when built from explicit numbers)
 */
public record KeySpaceCube(String hook, double[] mu, double[] sigma, double kMax, long count) {
    public KeySpaceCube {
        if (mu.length != sigma.length) {
            throw new IllegalArgumentException("μ has " + mu.length + " dimensions but σ has " + sigma.length);
        }
        if (!(kMax > 0)) {
            throw new IllegalArgumentException("k_max must be > 0, got " + kMax);
        }
        Finite.require(mu, "the key-space cube at " + hook + ": μ", null);
        Finite.require(sigma, "the key-space cube at " + hook + ": σ", null);
        mu = mu.clone();
        sigma = sigma.clone();
    }

    /** The cube of statistics already computed at {@code hook} (at least two vectors). */
    public static KeySpaceCube fromStats(String hook, NeuronStats st) {
        if (st.count() < 2) {
            throw new SkillscopeException(
                    "Key Space Detection needs at least 2 forget vectors at " + hook + ", got " + st.count());
        }
        double[] mu = st.mean();
        double[] sd = st.sampleStd();
        double[] lo = st.min();
        double[] hi = st.max();
        double k = 0;
        for (int i = 0; i < mu.length; i++) {
            if (sd[i] > 0) {
                k = Math.max(k, Math.max(Math.abs(hi[i] - mu[i]) / sd[i], Math.abs(lo[i] - mu[i]) / sd[i]));
            }
        }
        if (!(k > 0)) {
            throw new SkillscopeException("every forget vector at " + hook + " is identical; no hypercube to fit");
        }
        return new KeySpaceCube(hook, mu, sd, k, st.count());
    }

    @Override
    public double[] mu() {
        return mu.clone();
    }

    @Override
    public double[] sigma() {
        return sigma.clone();
    }

    /** Dimensions of the activation. */
    public int width() {
        return mu.length;
    }

    /**
     * The h at which the zero vector enters the cube: max_i |μ_i| / σ_i / k_max over the dimensions in
     * the cube. A key of small magnitude scores about this much, so once the calibrated h exceeds it,
     * quiet keys (positions where the MLP barely fires) are detected whatever skill produced them.
     */
    public double originH() {
        double r = 0;
        for (int i = 0; i < mu.length; i++) {
            if (sigma[i] > 0) {
                r = Math.max(r, Math.abs(mu[i]) / sigma[i]);
            }
        }
        return r / kMax;
    }

    /** Scores {@code [B·T]} of an activation {@code [B, T, F]}: max_i |x_i − μ_i|/σ_i / k_max, float64 on the device. */
    double[] scores(NDArray x, NDManager m) {
        Shape shape = x.getShape();
        int f = (int) shape.get(shape.dimension() - 1);
        if (f != mu.length) {
            throw new SkillscopeException(
                    "hook " + hook + " has width " + f + " but the detector has " + mu.length + " dimensions");
        }
        double[] denom = new double[f];
        for (int i = 0; i < f; i++) {
            denom[i] = sigma[i] > 0 ? sigma[i] : Double.POSITIVE_INFINITY; // |x − μ|/∞ = 0: dimension left out
        }
        try (NDManager sub = m.newSubManager()) {
            NDArray xd = x.toType(DataType.FLOAT64, true); // [B, T, F]
            xd.attach(sub);
            NDArray ratio = xd.sub(sub.create(mu)).abs().div(sub.create(denom)); // [B, T, F]
            return ratio.max(new int[] {-1}).div(kMax).toDoubleArray(); // [B·T]
        }
    }
}
