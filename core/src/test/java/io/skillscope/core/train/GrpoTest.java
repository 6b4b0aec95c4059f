package io.skillscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpoTest {

    @Test
    void advantagesAreStandardizedWithinEachGroup() {
        float[] adv = Grpo.advantages(new float[] {1, 0, 0, -1, 1, 1, 1, 1}, 4);
        double std = Math.sqrt((1 + 0 + 0 + 1) / 4.0); // mean 0
        assertEquals(1 / (std + Grpo.STD_EPS), adv[0], 1e-5);
        assertEquals(0, adv[1], 1e-6);
        assertEquals(-1 / (std + Grpo.STD_EPS), adv[3], 1e-5);
        assertArrayEquals(
                new float[] {0, 0, 0, 0},
                java.util.Arrays.copyOfRange(adv, 4, 8),
                1e-6f,
                "a group with equal rewards teaches nothing");
        assertThrows(SkillscopeException.class, () -> Grpo.advantages(new float[5], 2));
    }

    @Test
    void lossIsMinusMeanAdvantageOnPolicyAndClipsLargeRatios() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lp = {-3f, -5f};
            float[] adv = {1f, -1f};
            NDArray onPolicy = Grpo.loss(m.create(lp), lp, adv, null, 0.2, 0);
            assertEquals(0.0, onPolicy.getFloat(), 1e-6, "ρ = 1: −mean(A) = 0");

            float[] old = {lp[0] - (float) Math.log(2), lp[1] - (float) Math.log(2)}; // ρ = 2 for both
            double expected = -(Math.min(2 * 1, 1.2 * 1) + Math.min(2 * -1, 1.2 * -1)) / 2; // = 0.4
            assertEquals(
                    expected, Grpo.loss(m.create(lp), old, adv, null, 0.2, 0).getFloat(), 1e-5);

            float[] ref = {lp[0] + 1, lp[1] + 1}; // ℓ_ref − ℓ = 1: k3 = e − 2 per row
            double kl = Math.E - 1 - 1;
            assertEquals(
                    0.5 * kl, Grpo.loss(m.create(lp), lp, adv, ref, 0.2, 0.5).getFloat(), 1e-5);
            assertEquals(0.0, Grpo.loss(m.create(lp), lp, adv, lp, 0.2, 0.5).getFloat(), 1e-6, "KL to itself is 0");
        }
    }

    /** Two answers to one prompt, rewarded 1 and 0: GRPO must make the first likelier and the second less likely. */
    @Test
    void trainingMovesProbabilityTowardsTheRewardedAnswer() {
        try (Transformer model = TinyModels.llama(5)) {
            List<Sequence> group = List.of(
                    Sequence.of(new int[] {1, 7, 8, 2}, new int[] {9, 10, 0}),
                    Sequence.of(new int[] {1, 7, 8, 2}, new int[] {11, 12, 0}));
            float[] adv = Grpo.advantages(new float[] {1, 0}, 2);
            float[] before = logProbs(model, group);
            try (Trainer t = new Trainer(model, TrainConfig.adamW(1e-2, 0), Trainer.all(model))) {
                for (int round = 0; round < 10; round++) {
                    float[] old = logProbs(model, group);
                    for (int u = 0; u < 2; u++) {
                        t.step(List.of(
                                m -> Grpo.loss(Losses.sequenceLogProbs(model, m, group, 0), old, adv, null, 0.2, 0)));
                    }
                }
            }
            float[] after = logProbs(model, group);
            assertTrue(after[0] > before[0] + 1.0, "rewarded answer log-prob " + before[0] + " → " + after[0]);
            assertTrue(after[1] < before[1] - 1.0, "unrewarded answer log-prob " + before[1] + " → " + after[1]);
        }
    }

    /**
     * Token-level loss by hand: two answers of 1 and 2 scored tokens in a [2, 3] layout, with per-token
     * ratios, clipping and length normalisation.
     */
    @Test
    void tokenLossAveragesEachAnswerOverItsOwnTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lp = {-1f, -2f, -3f, -4f, -5f, -6f}; // [2, 3]
            float[] mask = {0, 0, 1, 0, 1, 1}; // answer 0: position 2; answer 1: positions 1, 2
            float[] lengths = {1, 2};
            float[] adv = {1f, -1f};
            Losses.TokenLogProbs policy = new Losses.TokenLogProbs(
                    m.create(lp, new ai.djl.ndarray.types.Shape(2, 3)),
                    m.create(mask, new ai.djl.ndarray.types.Shape(2, 3)),
                    lengths);
            assertEquals(0.0, Grpo.tokenLoss(policy, lp, adv, null, 0.2, 0).getFloat(), 1e-6, "ρ = 1: −mean(A) = 0");

            // ρ = 2 on answer 0's token; on answer 1, ρ = 0.5 then 1.1; off-mask "old" values are garbage
            float[] old = {
                99f, -99f, -3f - (float) Math.log(2), 7f, -5f + (float) Math.log(2), -6f - (float) Math.log(1.1)
            };
            double a0 = Math.min(2 * 1, 1.2 * 1); // 1.2
            double a1 = (Math.min(0.5 * -1, 0.8 * -1) + Math.min(1.1 * -1, 1.1 * -1)) / 2; // (−0.8 − 1.1) / 2
            assertEquals(
                    -(a0 + a1) / 2,
                    Grpo.tokenLoss(policy, old, adv, null, 0.2, 0).getFloat(),
                    1e-5);

            // KL: ℓ_ref − ℓ = 1 on every answer token → k3 = e − 2 per token, and per answer after averaging
            float[] ref = {0f, 0f, -2f, 0f, -4f, -5f};
            assertEquals(
                    0.5 * (Math.E - 2),
                    Grpo.tokenLoss(policy, lp, adv, ref, 0.2, 0.5).getFloat(),
                    1e-5);
            assertThrows(SkillscopeException.class, () -> Grpo.tokenLoss(policy, new float[5], adv, null, 0.2, 0));
            assertThrows(SkillscopeException.class, () -> Grpo.tokenLoss(policy, lp, adv, null, 0.2, 0.1));
        }
    }

    /** Long answers do not outweigh short ones: each answer's mean, not its sum, enters the loss. */
    @Test
    void tokenLossWeighsAnswersEquallyWhateverTheirLength() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lp = {-1f, -1f, -1f, -1f, -1f, -1f};
            float[] mask = {0, 0, 1, 1, 1, 1}; // answer 0: 1 token; answer 1: 3 tokens
            float[] old = lp.clone();
            for (int t = 2; t < 6; t++) {
                old[t] -= (float) Math.log(1.1); // ρ = 1.1 on every answer token
            }
            Losses.TokenLogProbs fair = new Losses.TokenLogProbs(
                    m.create(lp, new ai.djl.ndarray.types.Shape(2, 3)),
                    m.create(mask, new ai.djl.ndarray.types.Shape(2, 3)),
                    new float[] {1, 3});
            // Summed over tokens the long answer would weigh 3 × (−1.1) against 1.1; averaged, they cancel.
            assertEquals(
                    0.0,
                    Grpo.tokenLoss(fair, old, new float[] {1f, -1f}, null, 0.2, 0)
                            .getFloat(),
                    1e-5,
                    "equal per-token ratios and opposite advantages cancel whatever the lengths");
        }
    }

    /** answerTokenLogProbs at τ equals log softmax(z / τ) of the model's own logits at the answer targets. */
    @Test
    void tokenLogProbsAreTakenAtTheSamplingTemperature() {
        try (Transformer model = TinyModels.llama(5)) {
            List<Sequence> seqs = List.of(Sequence.of(new int[] {1, 7, 8}, new int[] {9, 10}));
            float[][] z = model.logits(1, 7, 8, 9); // [T][V]
            try (NDManager m = model.manager().newSubManager()) {
                Losses.TokenLogProbs tl = Losses.answerTokenLogProbs(model, m, seqs, 0, 0.8);
                float[] got = tl.logProbs().toFloatArray(); // [1, 4]
                float[] mask = tl.mask().toFloatArray();
                assertArrayEquals(new float[] {0, 0, 1, 1}, mask);
                assertArrayEquals(new float[] {2}, tl.lengths());
                assertEquals(logSoftmax(z[2], 0.8)[9], got[2], 1e-5);
                assertEquals(logSoftmax(z[3], 0.8)[10], got[3], 1e-5);
                assertTrue(Math.abs(logSoftmax(z[3], 1.0)[10] - got[3]) > 1e-4, "τ = 0.8 differs from τ = 1");
                float seq = Losses.sequenceLogProbs(model, m, seqs, 0).getFloat();
                Losses.TokenLogProbs one = Losses.answerTokenLogProbs(model, m, seqs, 0, 1.0);
                float[] t1 = one.logProbs().toFloatArray();
                assertEquals(seq, t1[2] + t1[3], 1e-5, "at τ = 1 the tokens sum to the sequence log-prob");
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Losses.answerTokenLogProbs(model, model.manager(), seqs, 0, 0));
        }
    }

    @Test
    void tokenObjectiveMovesProbabilityTowardsTheRewardedAnswer() {
        try (Transformer model = TinyModels.llama(5)) {
            List<Sequence> group = List.of(
                    Sequence.of(new int[] {1, 7, 8, 2}, new int[] {9, 10, 0}),
                    Sequence.of(new int[] {1, 7, 8, 2}, new int[] {11, 12, 0}));
            float[] adv = Grpo.advantages(new float[] {1, 0}, 2);
            float[] before = logProbs(model, group);
            try (Trainer t = new Trainer(model, TrainConfig.adamW(1e-2, 0), Trainer.all(model))) {
                for (int round = 0; round < 10; round++) {
                    float[] old;
                    try (NDManager m = model.manager().newSubManager()) {
                        old = Losses.answerTokenLogProbs(model, m, group, 0, 0.8)
                                .logProbs()
                                .toFloatArray();
                    }
                    for (int u = 0; u < 2; u++) {
                        t.step(List.of(m -> Grpo.tokenLoss(
                                Losses.answerTokenLogProbs(model, m, group, 0, 0.8), old, adv, null, 0.2, 0)));
                    }
                }
            }
            float[] after = logProbs(model, group);
            assertTrue(after[0] > before[0] + 1.0, "rewarded answer log-prob " + before[0] + " → " + after[0]);
            assertTrue(after[1] < before[1] - 1.0, "unrewarded answer log-prob " + before[1] + " → " + after[1]);
        }
    }

    private static double[] logSoftmax(float[] z, double tau) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / tau);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v / tau - max);
        }
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] / tau - max - Math.log(sum);
        }
        return out;
    }

    private static float[] logProbs(Transformer model, List<Sequence> seqs) {
        try (NDManager m = model.manager().newSubManager()) {
            return Losses.sequenceLogProbs(model, m, seqs, 0).toFloatArray();
        }
    }
}
