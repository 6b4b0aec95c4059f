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

    private static float[] logProbs(Transformer model, List<Sequence> seqs) {
        try (NDManager m = model.manager().newSubManager()) {
            return Losses.sequenceLogProbs(model, m, seqs, 0).toFloatArray();
        }
    }
}
