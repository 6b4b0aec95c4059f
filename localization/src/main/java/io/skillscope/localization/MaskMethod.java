package io.skillscope.localization;

/** How the grafting mask is parametrized and learned; {@link #parametrization} creates the parametrization. */
public enum MaskMethod {
    /**
     * Panigrahi, Saunshi, Zhao, Arora (ICML 2023): γ(S) = γ_base + (1 − 2γ_base) ⊙ σ(S − b), S ~ U[0,1),
     * binary mask γ_base XOR [S > b] ({@link GraftingParametrization}).
     */
    GRAFTING,
    /**
     * Localize-and-Stitch (He et al. 2024) as the authors' code runs it: S = ±5 on / off the top-k of
     * |Δ|, γ = σ(S), ∂/∂S = (g ⊙ Δ − λ sign(S)) ⊙ σ'(S), the final step's mask [S > 0]
     * ({@link StitchReferenceParametrization}).
     */
    LOCALIZE_AND_STITCH,
    /**
     * A variant of Localize-and-Stitch, not the authors' code: the paper's L1 pull λ Σ σ(S), so
     * ∂/∂S = (g ⊙ Δ + λ) ⊙ σ'(S), S = ±b with the settings' b (10), and the mask of the step that scored
     * best on train + dev ({@link StitchParametrization}). The skill-lab results before the reference
     * form existed used this one.
     */
    LOCALIZE_AND_STITCH_PAPER_L1;

    /** How reports and tables name the method, variant or reference included. */
    public String label() {
        return switch (this) {
            case GRAFTING -> "grafting";
            case LOCALIZE_AND_STITCH -> "Localize-and-Stitch (authors' code)";
            case LOCALIZE_AND_STITCH_PAPER_L1 -> "Localize-and-Stitch, paper-form L1 variant";
        };
    }

    /**
     * The parametrization of this method at the settings' L1 weight λ and, except for the reference
     * Localize-and-Stitch (b = 5 as in the authors' code), the settings' sigmoid bias b.
     *
     * @param settings the settings
     * @return the parametrization
     */
    public MaskParametrization parametrization(LocalizationSettings settings) {
        return switch (this) {
            case GRAFTING -> new GraftingParametrization(settings.sigmoidBias());
            case LOCALIZE_AND_STITCH ->
                new StitchReferenceParametrization(StitchReferenceParametrization.REFERENCE_BIAS, settings.l1());
            case LOCALIZE_AND_STITCH_PAPER_L1 -> new StitchParametrization(settings.sigmoidBias(), settings.l1());
        };
    }
}
