package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.testing.Diffs;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Gemma 1 beyond the parity fixture: hooks, interventions, the KV-cache path. */
class GemmaTest {
    static final Path FIXTURE = FamilyParityTest.root().resolve("gemma-tiny");
    static final int[] PROMPT = {5, 17, 99, 3, 64, 120, 7};

    @Test
    void hooksExistAndReplacingHookPostChangesTheLogits() {
        try (Transformer model = Transformer.load(FIXTURE, Device.cpu())) {
            for (int l = 0; l < model.config().numLayers(); l++) {
                assertTrue(model.hookNames().contains(HookName.block(l, HookSite.MLP_PRE)));
                assertTrue(model.hookNames().contains(HookName.block(l, HookSite.MLP_POST)));
            }
            float[][] clean = model.logits(PROMPT);
            for (int l = 0; l < model.config().numLayers(); l++) {
                try (HookSession s = model.hooks()) {
                    s.replace(HookName.block(l, HookSite.MLP_POST), (x, ctx) -> x.zerosLike());
                    assertTrue(Diffs.maxAbsDiff(clean, model.logits(PROMPT)) > 1e-3, "layer " + l);
                }
            }
        }
    }

    @Test
    void kvCacheDecodeEqualsFullRecomputation() {
        try (Transformer model = Transformer.load(FIXTURE, Device.cpu());
                NDManager m = model.manager().newSubManager();
                KvCache cache = model.newCache(m, 1)) {
            int v = model.config().vocabSize();
            try (NDManager pass = m.newSubManager()) {
                model.forward(pass, TokenBatch.of(Arrays.copyOf(PROMPT, 3)), cache, Phase.PREFILL, 0);
            }
            float[][] full = model.logits(PROMPT);
            for (int t = 3; t < PROMPT.length; t++) {
                try (NDManager pass = m.newSubManager()) {
                    float[] step = model.forward(pass, TokenBatch.of(PROMPT[t]), cache, Phase.DECODE, t)
                            .toFloatArray();
                    assertEquals(v, step.length);
                    assertTrue(Diffs.maxAbsDiff(full[t], step) < 1e-4, "position " + t);
                }
            }
        }
    }
}
