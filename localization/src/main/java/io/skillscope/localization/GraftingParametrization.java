package io.skillscope.localization;

import java.util.SplittableRandom;

/**
 * The grafting parametrization (Panigrahi, Saunshi, Zhao, Arora, ICML 2023):
 * γ(S) = γ_base + (1 − 2γ_base) ⊙ σ(S − b) with S ~ U[0,1), so
 * ∂L/∂S = (1 − 2γ_base) ⊙ (g ⊙ Δ) ⊙ σ'(S − b), and the binary mask is γ_base XOR [S > b].
 *
 * @param bias b, the sigmoid's offset (10 in the paper; σ'(S − b) ≈ 4.5e-5 at the start)
 */
public record GraftingParametrization(double bias) implements MaskParametrization {
    /** Checks b. */
    public GraftingParametrization {
        if (!(bias >= 0)) {
            throw new LocalizationException("grafting: sigmoidBias must be >= 0, got " + bias);
        }
    }

    @Override
    public float init(boolean base, SplittableRandom rng) {
        return (float) rng.nextDouble();
    }

    @Override
    public double gamma(float s, boolean base) {
        double sig = MaskParametrization.sigmoid(s - bias);
        return base ? 1 - sig : sig;
    }

    @Override
    public double gradient(double gDelta, float s, boolean base) {
        double sig = MaskParametrization.sigmoid(s - bias);
        return (base ? -1 : 1) * gDelta * sig * (1 - sig);
    }

    @Override
    public boolean selected(float s, boolean base) {
        return base ^ (s > bias);
    }

    /** b − S on γ_base (selected while S ≤ b), S − b elsewhere (selected once S > b). */
    @Override
    public double margin(float s, boolean base) {
        return base ? bias - s : s - bias;
    }
}
