package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.grafting.Mask;
import io.skillscope.grafting.ParamRegion;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target sparsity is a budget: with a learning rate large enough that the optimizer grows the mask
 * far past k (the demo's 1e-3 and 3e-3 both ended near 4.2e-3), the default {@link SparsityBudget#CAP}
 * keeps at most k entries and records the learned size beside it; {@link SparsityBudget#LEARNED} keeps
 * the grown mask.
 */
class SparsityBudgetTest {
    @TempDir
    static Path tmp;

    static Path pre;
    static Path ft;
    static TaskData data;

    @BeforeAll
    static void pair() {
        pre = Toy.pretrain(tmp.resolve("pre"), 200);
        data = Toy.task(14, 60, 10, 30, 5);
        ft = Toy.finetune(
                pre, tmp.resolve("ft"), data, TrainConfig.sgd(0.3, 0.9).withClipNorm(1.0), 200);
    }

    /** Localize-and-Stitch with no L1 pull and a large step: entries only join the mask. */
    static LocalizationSettings growing(double target) {
        return LocalizationSettings.of(target)
                .withMethod(MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1)
                .withL1(0)
                .withSteps(4)
                .withLearningRate(1e7)
                .withBatches(60, 1)
                .withProgress(false);
    }

    @Test
    void theDefaultCapsTheMaskAtTheTargetAndRecordsTheLearnedSize() {
        try (Localizer.Session s = Localizer.open(pre, ft, data, growing(1e-3))) {
            LocalizationResult learned = s.localize(growing(1e-3).withBudget(SparsityBudget.LEARNED));
            long k = learned.targetSelected();
            // the defect as it was: the learned mask outgrows its target
            assertTrue(learned.mask().cardinality() > 2 * k, learned + " k=" + k);
            assertTrue(learned.overTarget());
            assertFalse(learned.capped());

            LocalizationResult capped = s.localize(growing(1e-3)); // the default budget
            assertEquals(SparsityBudget.CAP, capped.settings().budget());
            assertEquals(k, capped.targetSelected());
            assertTrue(capped.mask().cardinality() <= k, capped + " k=" + k);
            assertTrue(capped.mask().sparsity() <= 1e-3 + 1.0 / capped.mask().included());
            for (LocalizationResult.StepRecord r : capped.history()) {
                assertTrue(r.selected() <= k, "step " + r.step() + " scored a mask of " + r.selected());
                assertTrue(r.learned() >= r.selected());
            }
            // the cut happened (the mask grows past k within 4 steps) and each step records both sizes; the
            // best step on train + dev may come before or after the growth, so its own sizes decide `capped`
            assertTrue(
                    capped.history().stream().anyMatch(r -> r.learned() > k),
                    "a step learned more than k = " + k + " and was cut: " + capped.history());
            assertEquals(capped.learnedSelected() > capped.mask().cardinality(), capped.capped());

            JsonObject j = capped.toJson();
            assertEquals(1e-3, j.get("target_sparsity").getAsDouble(), 0.0);
            assertEquals("cap", j.get("budget").getAsString());
            assertEquals(capped.capped(), j.get("capped").getAsBoolean());
            assertEquals(capped.mask().cardinality(), j.get("n_selected").getAsLong());
            assertEquals(k, j.get("n_target").getAsLong());
            assertEquals(capped.learnedSelected(), j.get("n_learned").getAsLong());
            assertEquals(
                    capped.capped(),
                    j.get("learned_sparsity").getAsDouble() > j.get("sparsity").getAsDouble());
            // k = round(target · N): the kept sparsity is the target to within half an entry
            assertTrue(j.get("sparsity").getAsDouble()
                    <= j.get("target_sparsity").getAsDouble()
                            + 0.5 / capped.mask().included());
        }
    }

    @Test
    void theCutKeepsTheLargestMarginsThenTheLargerDeltaThenTensorOrderAndIndex() {
        try (Transformer model = Transformer.random(Toy.config(), 3, Device.cpu())) {
            Map<String, float[]> pre = new LinkedHashMap<>();
            Map<String, float[]> ft = new LinkedHashMap<>();
            List<String> names = model.parameters().names().stream()
                    .filter(n -> ParamRegion.of(n) == ParamRegion.BLOCKS)
                    .limit(2)
                    .toList();
            for (String n : names) {
                int len = Math.toIntExact(model.parameters().get(n).size());
                pre.put(n, new float[len]); // θ_pre = 0, so Δ is exactly θ_ft
                ft.put(n, new float[len]);
            }
            String t0 = names.get(0);
            String t1 = names.get(1);
            // Δ: 1 at t0[0..3] (the base patch, k = 4), 0.5 at t0[4], t1[0], t1[1]
            for (int i = 0; i < 4; i++) {
                ft.get(t0)[i] += 1;
            }
            ft.get(t0)[4] += 0.5f;
            ft.get(t1)[0] += 0.5f;
            ft.get(t1)[1] += 0.5f;
            long n = pre.values().stream().mapToLong(a -> a.length).sum();
            LocalizationSettings s = LocalizationSettings.of(4.0 / n)
                    .withMethod(MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1)
                    .withProgress(false);
            MaskOptimizer opt = new MaskOptimizer(model, pre, ft, s, Toy.PAD);
            assertEquals(4, opt.k());
            // S = +10 on the base patch; add three entries: t0[4] at S = 20 (largest margin), t1[1] and
            // t0[4]'s tie partner t1[0] at S = 10 (tie with the base patch on margin)
            opt.setS(t0, 4, 20f);
            opt.setS(t1, 0, 10f);
            opt.setS(t1, 1, 10f);
            opt.setS(t0, 3, 5f); // a base entry that lost margin
            assertEquals(7, opt.binary().cardinality());
            Mask cut = opt.binary(4);
            assertEquals(4, cut.cardinality());
            BitSet a = cut.selected(t0);
            BitSet b = cut.selected(t1);
            // margin 20 first; then margin 10 with |Δ| 1 (t0[0], t0[1], t0[2]) before |Δ| 0.5 (t1[0], t1[1])
            assertTrue(a.get(4) && a.get(0) && a.get(1) && a.get(2), a.toString());
            assertFalse(a.get(3));
            assertTrue(b.isEmpty(), b.toString());
            Mask cut6 = opt.binary(6);
            // t1[0] and t1[1] tie on margin and |Δ|: tensor order, then index, keeps t1[0] before t1[1]; t0[3]
            // (margin 5) is last
            assertTrue(cut6.selected(t1).get(0) && cut6.selected(t1).get(1));
            assertFalse(cut6.selected(t0).get(3));
            Mask cut5 = opt.binary(5);
            assertTrue(cut5.selected(t1).get(0));
            assertFalse(cut5.selected(t1).get(1));
            assertEquals(opt.binary(), opt.binary(7));
        }
    }
}
