package io.skillscope.localization;

/**
 * Localize-and-Stitch (He, Xu, Xie, Luo, Chen, Hsieh, Zhang, 2024) as the authors' released code runs
 * it: S = +b on γ_base (the top-k of |Δ|) and −b elsewhere with b = 5, γ = σ(S), and the update that
 * code applies, S ← S − η (g ⊙ Δ − λ sign(S)) ⊙ σ'(S), i.e.
 * <pre>
 *   ∂/∂S = (g ⊙ Δ − λ sign(S)) ⊙ σ'(S)      (sign(0) = 0)
 * </pre>
 * The paper's L1 term λ Σ σ(S) (whose derivative is +λ σ'(S), {@link StitchParametrization}) is commented
 * out there; the active λ term pushes each score away from 0 rather than pulling the mask towards
 * sparsity. The binary mask is [S > 0] after the last step: the reference keeps its final mask, not the
 * best step's ({@link #keepsBestStep()} is false). docs/methods.md §1 compares the two forms.
 *
 * @param bias b, the initial |S| (5 in the authors' code)
 * @param l1 λ of the active sign term
 */
public record StitchReferenceParametrization(double bias, double l1) implements SignedScores {
    /** The initial |S| of the authors' code. */
    public static final double REFERENCE_BIAS = 5;

    /** Checks b and λ. */
    public StitchReferenceParametrization {
        if (!(bias >= 0)) {
            throw new LocalizationException("localize-and-stitch: sigmoid bias must be >= 0, got " + bias);
        }
        if (!(l1 >= 0)) {
            throw new LocalizationException("localize-and-stitch: l1 must be >= 0, got " + l1);
        }
    }

    @Override
    public double gradient(double gDelta, float s, boolean base) {
        double sig = MaskParametrization.sigmoid(s);
        return (gDelta - l1 * Math.signum(s)) * sig * (1 - sig);
    }

    @Override
    public boolean keepsBestStep() {
        return false;
    }
}
