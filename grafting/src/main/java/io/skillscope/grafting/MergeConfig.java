package io.skillscope.grafting;

import java.util.List;

/**
 * Settings of a merge θ = θ_pre + λ τ_m.
 *
 * @param method how the task vectors are combined
 * @param lambda λ, the scale of the merged vector
 * @param weights w_t per model (τ_t is scaled by w_t before anything else); empty = all 1
 * @param density TIES: the fraction of entries of each τ_t kept per tensor (top |values|), in (0, 1]
 * @param keep DARE: the probability d of keeping an entry, in (0, 1]
 * @param seed DARE: the seed of the drop pattern (one stream per model and tensor)
 */
public record MergeConfig(
        MergeMethod method, double lambda, List<Double> weights, double density, double keep, long seed) {
    /** Validates the ranges, naming the field and value. */
    public MergeConfig {
        if (method == null) {
            throw new GraftingException("merge method is required");
        }
        if (!Double.isFinite(lambda)) {
            throw new GraftingException("merge lambda must be finite, got " + lambda);
        }
        weights = weights == null ? List.of() : List.copyOf(weights);
        if (!(density > 0) || density > 1) {
            throw new GraftingException("TIES density must be in (0, 1], got " + density);
        }
        if (!(keep > 0) || keep > 1) {
            throw new GraftingException("DARE keep probability must be in (0, 1], got " + keep);
        }
    }

    /** Task arithmetic θ_pre + λ Σ w_t τ_t. */
    public static MergeConfig taskArithmetic(double lambda, Double... weights) {
        return new MergeConfig(MergeMethod.TASK_ARITHMETIC, lambda, List.of(weights), 1, 1, 0);
    }

    /** TIES with the given density and λ. */
    public static MergeConfig ties(double density, double lambda) {
        return new MergeConfig(MergeMethod.TIES, lambda, List.of(), density, 1, 0);
    }

    /** DARE with keep probability d, then a plain sum. */
    public static MergeConfig dare(double keep, long seed, double lambda) {
        return new MergeConfig(MergeMethod.DARE_SUM, lambda, List.of(), 1, keep, seed);
    }

    /** DARE with keep probability d, then TIES at the given density. */
    public static MergeConfig dareTies(double keep, double density, long seed, double lambda) {
        return new MergeConfig(MergeMethod.DARE_TIES, lambda, List.of(), density, keep, seed);
    }

    /** This config with per-model weights. */
    public MergeConfig withWeights(Double... w) {
        return new MergeConfig(method, lambda, List.of(w), density, keep, seed);
    }

    /** w_t, 1 when no weights were given. */
    public double weight(int t) {
        return weights.isEmpty() ? 1.0 : weights.get(t);
    }
}
