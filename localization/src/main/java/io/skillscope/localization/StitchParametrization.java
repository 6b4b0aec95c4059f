package io.skillscope.localization;

/**
 * A variant of Localize-and-Stitch (He, Xu, Xie, Luo, Chen, Hsieh, Zhang, 2024) that follows the paper's
 * objective rather than the authors' code ({@link StitchReferenceParametrization}): S = +b on γ_base and
 * −b elsewhere, γ = σ(S), an L1 pull λ Σ σ(S) on the mask, so ∂/∂S = (g ⊙ Δ + λ) ⊙ σ'(S), and the
 * binary mask is [S > 0] of the best step.
 *
 * @param bias b, the initial |S| (the settings' sigmoid bias)
 * @param l1 λ, the weight of the L1 pull
 */
public record StitchParametrization(double bias, double l1) implements SignedScores {
    /** Checks b and λ. */
    public StitchParametrization {
        if (!(bias >= 0)) {
            throw new LocalizationException("localize-and-stitch: sigmoidBias must be >= 0, got " + bias);
        }
        if (!(l1 >= 0)) {
            throw new LocalizationException("localize-and-stitch: l1 must be >= 0, got " + l1);
        }
    }

    @Override
    public double gradient(double gDelta, float s, boolean base) {
        double sig = MaskParametrization.sigmoid(s);
        return (gDelta + l1) * sig * (1 - sig);
    }
}
