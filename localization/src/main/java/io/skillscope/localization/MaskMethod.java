package io.skillscope.localization;

/** How the grafting mask is parametrized and learned; {@link #parametrization} creates the parametrization. */
public enum MaskMethod {
    /**
     * Panigrahi, Saunshi, Zhao, Arora (ICML 2023): γ(S) = γ_base + (1 − 2γ_base) ⊙ σ(S − b), S ~ U[0,1),
     * binary mask γ_base XOR [S > b] ({@link GraftingParametrization}).
     */
    GRAFTING,
    /**
     * Localize-and-Stitch (He et al. 2024): S = +b on the top-k of |Δ| and −b elsewhere, γ = σ(S), an L1
     * pull λ Σ σ(S) on the mask, binary mask [S > 0] ({@link StitchParametrization}).
     */
    LOCALIZE_AND_STITCH;

    /**
     * The parametrization of this method at the settings' sigmoid bias b and L1 weight λ.
     *
     * @param settings the settings
     * @return the parametrization
     */
    public MaskParametrization parametrization(LocalizationSettings settings) {
        return switch (this) {
            case GRAFTING -> new GraftingParametrization(settings.sigmoidBias());
            case LOCALIZE_AND_STITCH -> new StitchParametrization(settings.sigmoidBias(), settings.l1());
        };
    }
}
