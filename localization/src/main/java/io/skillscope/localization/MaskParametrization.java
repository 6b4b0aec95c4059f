package io.skillscope.localization;

import java.util.SplittableRandom;

/**
 * How the mask scores S of {@link MaskOptimizer} define the soft mask γ(S), the gradient ∂L/∂S and the
 * binary mask, element by element. γ_base is the global top-k of |Δ| (one bit per element).
 *
 * <p>The optimizer owns S, γ_base, the gradient g = ∂L/∂θ and the update S ← S − η ∂L/∂S; a
 * parametrization only maps one element's score. Implementations: {@link GraftingParametrization}
 * (Panigrahi et al. 2023) and {@link StitchParametrization} (He et al. 2024); {@link MaskMethod} names
 * and creates them.
 */
public interface MaskParametrization {
    /**
     * The initial score of one element. Called once per included element, tensor by tensor in the
     * optimizer's order, with one generator seeded from the settings.
     *
     * @param base whether the element is in γ_base
     * @param rng the shared generator (draw from it only if the initialisation is random)
     * @return S_i at step 0
     */
    float init(boolean base, SplittableRandom rng);

    /**
     * γ(S_i), the soft mask of one element.
     *
     * @param s the score
     * @param base whether the element is in γ_base
     * @return γ_i in [0, 1]
     */
    double gamma(float s, boolean base);

    /**
     * ∂L/∂S_i from g_i ⊙ Δ_i = ∂L/∂γ_i (and any penalty of the parametrization).
     *
     * @param gDelta g_i · Δ_i in double
     * @param s the score
     * @param base whether the element is in γ_base
     * @return ∂L/∂S_i in double (the optimizer rounds it to float)
     */
    double gradient(double gDelta, float s, boolean base);

    /**
     * The rounded mask of one element.
     *
     * @param s the score
     * @param base whether the element is in γ_base
     * @return whether the element takes its fine-tuned value
     */
    boolean selected(float s, boolean base);

    /**
     * How far one element's score lies past the rounding threshold: at least zero when the element is
     * {@link #selected} (and at most zero when it is not), and increasing in γ_i, so that ordering selected elements by it orders
     * them by γ(S) without the saturation of σ in floating point. A {@link SparsityBudget#CAP} keeps the
     * largest.
     *
     * @param s the score
     * @param base whether the element is in γ_base
     * @return the signed distance in S from the threshold
     */
    double margin(float s, boolean base);

    /**
     * Whether the localizer keeps the binary mask of the step that scored best on train + dev (true,
     * both methods here) or the mask after the last step (a parametrization that reproduces a reference
     * implementation which keeps its final mask).
     *
     * @return true to keep the best step's mask
     */
    default boolean keepsBestStep() {
        return true;
    }

    /**
     * The sigmoid bias b this parametrization runs with (grafting's offset in σ(S − b), or Localize-and-
     * Stitch's initial |S|), as artifacts record it.
     *
     * @return b
     */
    double bias();

    /** σ(x) = 1 / (1 + e^−x). */
    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
