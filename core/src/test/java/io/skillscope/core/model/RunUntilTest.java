package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunUntilTest {
    private static final int[] IDS = {3, 1, 4, 1, 5, 9, 2, 6};

    @Test
    void coveringStopsAtTheDeepestHookAndNeverRunsTheHead() {
        assertEquals(
                RunUntil.block(1),
                RunUntil.covering(
                        List.of(HookName.block(0, HookSite.MLP_POST), HookName.block(1, HookSite.RESID_PRE))));
        assertEquals(RunUntil.FINAL_NORM, RunUntil.covering(List.of(HookName.global(HookSite.LN_FINAL))));
        assertEquals(
                0, RunUntil.covering(List.of(HookName.global(HookSite.EMBED))).blocks());
        assertTrue(RunUntil.LOGITS.logits());
        assertThrows(IllegalArgumentException.class, () -> new RunUntil(2, true, true, false));
        assertThrows(IllegalArgumentException.class, () -> new RunUntil(Integer.MAX_VALUE, true, false, true));
    }

    @Test
    void aShortenedPassReturnsTheResidualTheFullPassHooksSee() {
        try (Transformer m = Transformer.random(TinyModels.llamaConfig(), 7, Device.cpu());
                NDManager nd = m.manager().newSubManager()) {
            HookName post0 = HookName.block(0, HookSite.RESID_POST);
            float[] expected;
            float[] logits = m.logits(IDS)[IDS.length - 1];
            try (HookSession s = m.hooks()) {
                ActivationCache cache = s.cache(List.of(post0));
                m.logits(IDS);
                expected = cache.get(post0).toFloats();
            }
            NDArray x = m.forward(nd, TokenBatch.of(IDS), RunUntil.block(0)); // [1, T, d]
            assertArrayEquals(
                    new long[] {1, IDS.length, m.config().hiddenSize()},
                    x.getShape().getShape());
            assertArrayEquals(expected, x.toFloatArray(), 0f);
            NDArray full = m.forward(nd, TokenBatch.of(IDS), RunUntil.LOGITS); // [1, T, V]
            float[] flat = full.toFloatArray();
            int v = m.config().vocabSize();
            float[] last = java.util.Arrays.copyOfRange(flat, (IDS.length - 1) * v, IDS.length * v);
            assertArrayEquals(logits, last, 0f, "the per-block managers change no value");
            NDArray lastOnly = m.forward(nd, TokenBatch.of(IDS), RunUntil.LAST_LOGITS); // [1, 1, V]
            assertArrayEquals(new long[] {1, 1, v}, lastOnly.getShape().getShape());
            assertArrayEquals(logits, lastOnly.toFloatArray(), 1e-5f, "one row through the head: ulps differ");
        }
    }

    @Test
    void hooksStillReplaceWithPerBlockManagers() {
        try (Transformer m = Transformer.random(TinyModels.llamaConfig(), 7, Device.cpu())) {
            float[] plain = m.logits(IDS)[IDS.length - 1];
            int live = m.liveArrays();
            try (HookSession s = m.hooks()) {
                s.replace(HookName.block(0, HookSite.MLP_POST), (x, ctx) -> x.mul(0f));
                float[] ablated = m.logits(IDS)[IDS.length - 1];
                assertTrue(java.util.Arrays.compare(plain, ablated) != 0, "zeroing mlp.hook_post moves the logits");
            }
            assertEquals(live, m.liveArrays(), "no activation leaks into the model's manager");
        }
    }
}
