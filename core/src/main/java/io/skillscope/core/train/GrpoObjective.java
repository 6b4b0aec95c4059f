package io.skillscope.core.train;

/**
 * Which GRPO objective a run optimises; both share the group-relative advantages and the k3 KL
 * estimator of {@link Grpo}.
 */
public enum GrpoObjective {
    /**
     * DeepSeekMath's objective (Shao et al. 2024, eq. 3), as common GRPO implementations compute it:
     * one ratio per answer token, ρ_{b,t} = exp(ℓ_{b,t} − ℓ_old,{b,t}), the clipped term and the per-token
     * KL averaged over each answer's own tokens (length normalisation, 1/|o_b|), then over the batch.
     * Log-probabilities are taken from logits divided by the sampling temperature, the distribution the
     * answers were drawn from. See {@link Grpo#tokenLoss}.
     */
    TOKEN,

    /**
     * The form this library used first: one ratio per answer from summed log-probabilities, so the clip
     * acts on whole answers, scored at temperature 1 whatever the sampling temperature. See
     * {@link Grpo#loss}.
     */
    SEQUENCE
}
