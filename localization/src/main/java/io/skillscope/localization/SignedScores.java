package io.skillscope.localization;

import java.util.SplittableRandom;

/**
 * What both Localize-and-Stitch forms share: S starts at +b on γ_base and −b elsewhere, γ = σ(S), the
 * binary mask is [S &gt; 0], and an element's margin past that threshold is S itself. The forms differ in
 * ∂L/∂S and in which step's mask they keep ({@link StitchReferenceParametrization},
 * {@link StitchParametrization}).
 */
interface SignedScores extends MaskParametrization {
    @Override
    default float init(boolean base, SplittableRandom rng) {
        return (float) (base ? bias() : -bias());
    }

    @Override
    default double gamma(float s, boolean base) {
        return MaskParametrization.sigmoid(s);
    }

    @Override
    default boolean selected(float s, boolean base) {
        return s > 0;
    }

    @Override
    default double margin(float s, boolean base) {
        return s;
    }
}
