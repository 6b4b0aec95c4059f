package io.skillscope.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.Scalars;

/**
 * Group Relative Policy Optimization (Shao et al. 2024, "DeepSeekMath"): a group of G sampled answers
 * per prompt, advantages relative to the group, and the clipped-ratio objective of PPO without a
 * value model.
 *
 * <p>Advantage of answer i in its group: A_i = (r_i − mean(r)) / (std(r) + 1e-6) (population std).
 * Loss over a batch of B answers, with sequence log-probabilities ℓ = log π_θ(answer | prompt) (sum over
 * answer tokens, {@link Losses#sequenceLogProbs}), ℓ_old from the sampling policy and ℓ_ref from the
 * reference model:
 * <pre>
 *   ρ_b = exp(ℓ_b − ℓ_old,b)
 *   L   = −(1/B) Σ_b min(ρ_b A_b, clip(ρ_b, 1 − ε, 1 + ε) A_b)
 *         + β (1/B) Σ_b [exp(ℓ_ref,b − ℓ_b) − (ℓ_ref,b − ℓ_b) − 1]
 * </pre>
 * The KL term is the unbiased, non-negative "k3" estimator of KL(π_θ ‖ π_ref) used by GRPO. In this
 * {@link GrpoObjective#SEQUENCE} form ({@link #loss}) ratios are per sequence, so the clip acts on whole
 * answers. The default {@link GrpoObjective#TOKEN} form ({@link #tokenLoss}) is DeepSeekMath's eq. 3 with
 * per-token ratios, each answer's terms averaged over its own tokens:
 * <pre>
 *   ρ_{b,t} = exp(ℓ_{b,t} − ℓ_old,{b,t})
 *   L = −(1/B) Σ_b (1/|o_b|) Σ_{t ∈ o_b} [ min(ρ_{b,t} A_b, clip(ρ_{b,t}, 1 − ε, 1 + ε) A_b)
 *                                         − β (exp(ℓ_ref,{b,t} − ℓ_{b,t}) − (ℓ_ref,{b,t} − ℓ_{b,t}) − 1) ]
 * </pre>
 */
public final class Grpo {
    /** Added to the group's standard deviation, as in GRPO. */
    public static final double STD_EPS = 1e-6;

    private Grpo() {}

    /**
     * Group-relative advantages: rows {@code [g·G, (g+1)·G)} form group g.
     *
     * @throws SkillscopeException when the rewards do not split into groups of {@code groupSize}
     */
    public static float[] advantages(float[] rewards, int groupSize) {
        if (groupSize < 1 || rewards.length % groupSize != 0) {
            throw new SkillscopeException(
                    "GRPO: " + rewards.length + " rewards do not split into groups of " + groupSize);
        }
        float[] adv = new float[rewards.length];
        for (int g = 0; g < rewards.length; g += groupSize) {
            double mean = 0;
            for (int i = g; i < g + groupSize; i++) {
                mean += rewards[i];
            }
            mean /= groupSize;
            double var = 0;
            for (int i = g; i < g + groupSize; i++) {
                var += (rewards[i] - mean) * (rewards[i] - mean);
            }
            double std = Math.sqrt(var / groupSize);
            for (int i = g; i < g + groupSize; i++) {
                adv[i] = (float) ((rewards[i] - mean) / (std + STD_EPS));
            }
        }
        return adv;
    }

    /**
     * The GRPO loss (formula above) as a scalar in {@code logProbs}' manager.
     *
     * @param logProbs ℓ under the policy being trained, {@code [B]}, with autograd
     * @param oldLogProbs ℓ_old, computed before the update
     * @param advantages A, see {@link #advantages}
     * @param refLogProbs ℓ_ref, or {@code null} when β = 0
     * @param clipEpsilon ε
     * @param klBeta β
     */
    public static NDArray loss(
            NDArray logProbs,
            float[] oldLogProbs,
            float[] advantages,
            float[] refLogProbs,
            double clipEpsilon,
            double klBeta) {
        int b = Math.toIntExact(logProbs.size());
        if (oldLogProbs.length != b || advantages.length != b || (refLogProbs != null && refLogProbs.length != b)) {
            throw new SkillscopeException(
                    "GRPO: batch of " + b + " log-probs but " + oldLogProbs.length + " old, " + advantages.length
                            + " advantages" + (refLogProbs == null ? "" : ", " + refLogProbs.length + " ref"));
        }
        if (klBeta > 0 && refLogProbs == null) {
            throw new SkillscopeException("GRPO: klBeta " + klBeta + " needs reference log-probs");
        }
        NDManager m = logProbs.getManager();
        NDArray old = m.create(oldLogProbs, new Shape(b)); // [B]
        NDArray adv = m.create(advantages, new Shape(b)); // [B]
        NDArray ratio = logProbs.sub(old).exp(); // [B]
        NDArray unclipped = ratio.mul(adv); // [B]
        NDArray clipped =
                ratio.clip((float) (1 - clipEpsilon), (float) (1 + clipEpsilon)).mul(adv); // [B]
        NDArray loss = NDArrays.minimum(unclipped, clipped).mean().neg(); // scalar
        if (klBeta > 0) {
            NDArray diff = m.create(refLogProbs, new Shape(b)).sub(logProbs); // [B] ℓ_ref − ℓ
            NDArray kl = diff.exp().sub(diff).sub(1f).mean(); // scalar
            loss = loss.add(kl.mul(Scalars.of(kl, (float) klBeta)));
        }
        return loss;
    }

    /**
     * The token-level GRPO loss (formula in the class comment) as a scalar in {@code policy}'s manager.
     *
     * @param policy per-token ℓ under the policy being trained, with autograd, and the answer mask
     * @param oldLogProbs ℓ_old per token, {@code [B·T]} row-major in {@code policy}'s layout (values off
     *     the mask are ignored)
     * @param advantages A, one per answer, see {@link #advantages}
     * @param refLogProbs ℓ_ref per token in the same layout, or {@code null} when β = 0
     * @param clipEpsilon ε
     * @param klBeta β
     */
    public static NDArray tokenLoss(
            Losses.TokenLogProbs policy,
            float[] oldLogProbs,
            float[] advantages,
            float[] refLogProbs,
            double clipEpsilon,
            double klBeta) {
        NDArray lp = policy.logProbs(); // [B, T]
        long[] shape = lp.getShape().getShape();
        int b = Math.toIntExact(shape[0]);
        int n = Math.toIntExact(lp.size());
        if (oldLogProbs.length != n
                || advantages.length != b
                || policy.lengths().length != b
                || (refLogProbs != null && refLogProbs.length != n)) {
            throw new SkillscopeException("GRPO: " + b + " answers of " + shape[1] + " positions (" + n
                    + " log-probs) but " + oldLogProbs.length + " old, " + advantages.length + " advantages"
                    + (refLogProbs == null ? "" : ", " + refLogProbs.length + " ref"));
        }
        if (klBeta > 0 && refLogProbs == null) {
            throw new SkillscopeException("GRPO: klBeta " + klBeta + " needs reference log-probs");
        }
        for (int r = 0; r < b; r++) {
            if (!(policy.lengths()[r] > 0)) {
                throw new SkillscopeException("GRPO: answer " + r + " has no scored token");
            }
        }
        NDManager m = lp.getManager();
        NDArray mask = policy.mask(); // [B, T]
        NDArray old = m.create(oldLogProbs, lp.getShape()); // [B, T]
        NDArray adv = m.create(advantages, new Shape(b, 1)); // [B, 1]
        // Off the mask the exponent is 0, so padding and prompt positions stay finite before masking.
        NDArray ratio = lp.sub(old).mul(mask).exp(); // [B, T]
        NDArray unclipped = ratio.mul(adv); // [B, T]
        NDArray clipped =
                ratio.clip((float) (1 - clipEpsilon), (float) (1 + clipEpsilon)).mul(adv); // [B, T]
        NDArray objective = NDArrays.minimum(unclipped, clipped); // [B, T]
        if (klBeta > 0) {
            NDArray diff = m.create(refLogProbs, lp.getShape()).sub(lp).mul(mask); // [B, T] ℓ_ref − ℓ
            NDArray kl = diff.exp().sub(diff).sub(1f); // [B, T] k3 per token
            objective = objective.sub(kl.mul(Scalars.of(kl, (float) klBeta))); // [B, T]
        }
        NDArray lengths = m.create(policy.lengths(), new Shape(b)); // [B] |o_b|
        NDArray perAnswer = objective.mul(mask).sum(new int[] {1}).div(lengths); // [B]
        return perAnswer.mean().neg(); // scalar
    }
}
