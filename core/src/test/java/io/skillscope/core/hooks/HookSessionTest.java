package io.skillscope.core.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.CachedRun;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.Diffs;
import io.skillscope.core.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookSessionTest {
    @Test
    void namesPrintAsTransformerLensStrings() {
        assertEquals(
                "blocks.3.mlp.hook_post", HookName.block(3, HookSite.MLP_POST).toString());
        assertEquals("hook_embed", HookName.global(HookSite.EMBED).toString());
        assertEquals(HookName.block(12, HookSite.ATTN_PATTERN), HookName.parse("blocks.12.attn.hook_pattern"));
        assertEquals(HookName.global(HookSite.LN_FINAL), HookName.parse("ln_final.hook_normalized"));
    }

    @Test
    void unknownNameFailsWithNearestValidNames() {
        try (Transformer model = TinyModels.llama(1)) {
            SkillscopeException e =
                    assertThrows(SkillscopeException.class, () -> model.hookName("blocks.1.mlp.hook_pst"));
            assertTrue(e.getMessage().contains("blocks.1.mlp.hook_post"), e.getMessage());
            SkillscopeException layer =
                    assertThrows(SkillscopeException.class, () -> model.hookName("blocks.9.mlp.hook_post"));
            assertTrue(layer.getMessage().contains("2 layers"), layer.getMessage());
            // GPT-2-only site on a Llama model
            assertThrows(SkillscopeException.class, () -> model.hookName("hook_pos_embed"));
        }
    }

    @Test
    void modelListsEveryHookPointWithShapes() {
        try (Transformer model = TinyModels.llama(1)) {
            List<HookName> names = model.hookNames();
            // 1 global embed + 2 layers x 15 per-block sites (pre_linear included for gated) + ln_final
            assertEquals(1 + 2 * 15 + 1, names.size());
            HookName[] all = names.toArray(HookName[]::new);
            CachedRun run = model.runWithCache(new int[] {1, 2, 3, 4}, all);
            assertArrayEquals(
                    new long[] {1, 4, 32},
                    run.cache().get("blocks.0.hook_resid_pre").shape());
            assertArrayEquals(
                    new long[] {1, 4, 4, 8},
                    run.cache().get("blocks.0.attn.hook_q").shape());
            assertArrayEquals(
                    new long[] {1, 4, 2, 8},
                    run.cache().get("blocks.0.attn.hook_k").shape());
            assertArrayEquals(
                    new long[] {1, 4, 4, 4},
                    run.cache().get("blocks.1.attn.hook_pattern").shape());
            assertArrayEquals(
                    new long[] {1, 4, 48},
                    run.cache().get("blocks.1.mlp.hook_post").shape());
            assertArrayEquals(
                    new long[] {1, 4, 32},
                    run.cache().get("ln_final.hook_normalized").shape());
            // a pattern row sums to one and is causal
            float[] p = run.cache().get("blocks.1.attn.hook_pattern").toFloats();
            assertEquals(1.0, p[0], 1e-6); // query 0 sees only key 0
            assertEquals(0.0, p[1], 1e-9);
            float sum = p[12] + p[13] + p[14] + p[15];
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void noHookRemainsAfterSessionClosesEvenWhenTheBodyThrows() {
        try (Transformer model = TinyModels.llama(1)) {
            float[][] clean = model.logits(1, 2, 3);
            assertThrows(IllegalStateException.class, () -> {
                try (HookSession s = model.hooks()) {
                    s.replace("blocks.0.hook_resid_post", (x, ctx) -> x.mul(0));
                    assertTrue(Diffs.maxAbsDiff(clean, model.logits(1, 2, 3)) > 1e-3);
                    throw new IllegalStateException("boom");
                }
            });
            assertEquals(0, model.openHookSessions());
            assertEquals(0.0, Diffs.maxAbsDiff(clean, model.logits(1, 2, 3)));
        }
    }

    @Test
    void zeroingMlpPostEqualsRemovingTheMlpOutputByHand() {
        // Llama: down_proj has no bias, so down(0) = 0 = removing the MLP's contribution.
        try (Transformer hooked = TinyModels.llama(3);
                Transformer byHand = TinyModels.llama(3)) {
            float[][] hookedLogits;
            try (HookSession s = hooked.hooks()) {
                s.replace(HookName.block(1, HookSite.MLP_POST), (x, ctx) -> x.zerosLike());
                hookedLogits = hooked.logits(5, 6, 7, 8);
            }
            String down = "model.layers.1.mlp.down_proj.weight";
            byHand.parameters()
                    .write(down, new float[byHand.parameters().read(down).toFloats().length]);
            float[][] manual = byHand.logits(5, 6, 7, 8);
            assertTrue(Diffs.maxAbsDiff(hookedLogits, manual) < 1e-6);
            assertTrue(Diffs.maxAbsDiff(hookedLogits, hooked.logits(5, 6, 7, 8)) > 1e-4);
        }
        // GPT-2: c_proj keeps its bias, so zero hook_post = zero c_proj.weight.
        try (Transformer hooked = TinyModels.gpt2(3);
                Transformer byHand = TinyModels.gpt2(3)) {
            float[][] hookedLogits;
            try (HookSession s = hooked.hooks()) {
                s.replace("blocks.0.mlp.hook_post", (x, ctx) -> x.zerosLike());
                hookedLogits = hooked.logits(5, 6, 7, 8);
            }
            String w = "transformer.h.0.mlp.c_proj.weight";
            byHand.parameters().write(w, new float[byHand.parameters().read(w).toFloats().length]);
            assertTrue(Diffs.maxAbsDiff(hookedLogits, byHand.logits(5, 6, 7, 8)) < 1e-6);
        }
    }

    @Test
    void hooksFireAtPrefillAndEveryGeneratedToken() {
        try (Transformer model = TinyModels.llama(4)) {
            List<String> seen = new ArrayList<>();
            try (HookSession s = model.hooks()) {
                s.read(
                        "blocks.1.mlp.hook_post",
                        (NDArray x, HookContext ctx) -> seen.add(ctx.phase() + ":" + ctx.step() + ":"
                                + x.getShape().get(1)));
                Generator.generate(model, new int[] {1, 2, 3}, GenerationConfig.greedy(4, 0));
            }
            assertEquals(List.of("PREFILL:0:3", "DECODE:1:1", "DECODE:2:1", "DECODE:3:1"), seen);
        }
    }
}
