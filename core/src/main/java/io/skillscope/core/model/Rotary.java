package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.config.RopeScaling;

/**
 * Rotary position embedding in Hugging Face's rotate-half layout (Su et al., 2021): dimension j of a
 * head pairs with j + D/2. For position p and frequency ω_i = θ^(−2i/D):
 * x' = x ⊙ cos(pω) + rotate_half(x) ⊙ sin(pω), rotate_half([x₁, x₂]) = [−x₂, x₁].
 * The angle tables are computed in double precision on the host, per pass, from the real-token
 * positions, so left and right padding give the same result.
 *
 * <p>Partial rotary (GPT-NeoX's {@code rotary_pct}): built with a width R smaller than the head width D,
 * the tables are R wide, frequencies are θ^(−2i/R), and {@link #apply} rotates the first R dimensions
 * of each head (rotate-half within them) and passes the other D − R through unchanged.
 *
 * <p>Rescaled frequencies ({@code rope_scaling}), as transformers' {@code modeling_rope_utils} computes
 * them (the attention factor is 1 for both):
 *
 * <ul>
 *   <li>{@code linear} ({@code _compute_linear_scaling_rope_parameters}): ω_i / s.
 *   <li>{@code llama3} ({@code _compute_llama3_parameters}, Llama 3.1): with the trained context L
 *       ({@code original_max_position_embeddings}), factors α = {@code low_freq_factor} and β =
 *       {@code high_freq_factor}, and wavelength λ_i = 2π/ω_i: ω_i where λ_i &lt; L/β (high
 *       frequencies, kept); ω_i / s where λ_i &gt; L/α (low frequencies, scaled); in between,
 *       (1 − γ)·ω_i/s + γ·ω_i with γ = (L/λ_i − α)/(β − α).
 * </ul>
 *
 * {@code dynamic} is not implemented (the config reader refuses it).
 */
final class Rotary {
    private final int headDim;
    private final double[] invFreq;

    Rotary(int headDim, double theta) {
        this(headDim, theta, null);
    }

    /**
     * @param headDim the rotated width, even
     * @param theta the base θ
     * @param scaling the frequency rescaling, or null for none
     */
    Rotary(int headDim, double theta, RopeScaling scaling) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embedding needs an even head_dim, got " + headDim);
        }
        this.headDim = headDim;
        this.invFreq = frequencies(headDim, theta, scaling);
    }

    /** The per-pair frequencies ω_i, i &lt; D/2, after {@code scaling} (null: θ^(−2i/D)). */
    static double[] frequencies(int headDim, double theta, RopeScaling scaling) {
        double[] w = new double[headDim / 2];
        for (int i = 0; i < headDim / 2; i++) {
            w[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
        }
        if (scaling == null) {
            return w;
        }
        double s = scaling.factor();
        switch (scaling.kind()) {
            case LINEAR -> {
                for (int i = 0; i < w.length; i++) {
                    w[i] /= s;
                }
            }
            case LLAMA3 -> {
                double context = scaling.originalMaxPositions();
                double lo = scaling.lowFreqFactor();
                double hi = scaling.highFreqFactor();
                double lowFreqWavelen = context / lo; // longer wavelengths: scaled by 1/s
                double highFreqWavelen = context / hi; // shorter wavelengths: kept
                for (int i = 0; i < w.length; i++) {
                    double wavelen = 2 * Math.PI / w[i];
                    if (wavelen > lowFreqWavelen) {
                        w[i] /= s;
                    } else if (!(wavelen < highFreqWavelen)) {
                        double gamma = (context / wavelen - lo) / (hi - lo);
                        w[i] = (1 - gamma) * w[i] / s + gamma * w[i];
                    }
                }
            }
            default ->
                throw new IllegalArgumentException("rope_scaling rope_type \""
                        + scaling.kind().hfName()
                        + "\" is not implemented (supported: linear, llama3)");
        }
        return w;
    }

    /** Fills {@code pass.cos} and {@code pass.sin} with {@code [B, T, 1, D]} tables for the pass's positions. */
    void tables(Pass pass) {
        int b = pass.batch.batchSize();
        int t = pass.batch.length();
        float[] cos = new float[b * t * headDim];
        float[] sin = new float[b * t * headDim];
        int half = headDim / 2;
        for (int r = 0; r < b * t; r++) {
            int p = pass.positions[r];
            for (int i = 0; i < half; i++) {
                double a = p * invFreq[i];
                float c = (float) Math.cos(a);
                float s = (float) Math.sin(a);
                cos[r * headDim + i] = c;
                cos[r * headDim + i + half] = c;
                sin[r * headDim + i] = s;
                sin[r * headDim + i + half] = s;
            }
        }
        NDManager m = pass.manager;
        pass.cos = m.create(cos, new Shape(b, t, 1, headDim));
        pass.sin = m.create(sin, new Shape(b, t, 1, headDim));
    }

    /**
     * x {@code [B, T, heads, D]} → rotated {@code [B, T, heads, D]}; with tables R < D wide, only the
     * first R dimensions rotate.
     */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        long r = cos.getShape().get(3);
        if (r < x.getShape().get(3)) {
            NDArray xr = x.get(new NDIndex("..., :{}", r)); // [B, T, h, R]
            NDArray xp = x.get(new NDIndex("..., {}:", r)); // [B, T, h, D-R]
            NDArray rotated = apply(xr, cos, sin); // [B, T, h, R]
            NDArray out = rotated.concat(xp, 3); // [B, T, h, D]
            xr.close();
            xp.close();
            rotated.close();
            return out;
        }
        long d = x.getShape().get(3);
        long half = d / 2;
        NDArray x1 = x.get(new NDIndex("..., :{}", half)); // [B, T, h, D/2]
        NDArray x2 = x.get(new NDIndex("..., {}:", half)); // [B, T, h, D/2]
        NDArray negX2 = x2.neg();
        NDArray rot = negX2.concat(x1, 3); // [B, T, h, D]
        NDArray a = x.mul(cos);
        NDArray b = rot.mul(sin);
        NDArray out = a.add(b);
        x1.close();
        x2.close();
        negX2.close();
        rot.close();
        a.close();
        b.close();
        return out;
    }
}
