package io.skillscope.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.model.KvCache;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Generation's memory is linear in the number of tokens. Concatenating every layer's keys and values
 * into a new array at each token allocated Θ(n²) bytes over n tokens and the resident set grew with it
 * (0.23, 0.63, 1.6 and 3.2 GB after 100, 400, 800 and 1,200 tokens of the shipped 828k-parameter model).
 * Generation stops at the model's context.
 */
class GenerationMemoryTest {
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return -1;
    }

    /** Peak resident-set growth while generating {@code n} tokens, sampled at every 25th decode step. */
    private static long peakGrowth(Transformer model, int n) {
        System.gc();
        long before = rssBytes();
        long[] peak = {before};
        try (HookSession s = model.hooks()) {
            s.read("blocks.0.hook_resid_pre", (x, ctx) -> {
                if (ctx.phase() == Phase.DECODE && ctx.step() % 25 == 0) {
                    peak[0] = Math.max(peak[0], rssBytes());
                }
            });
            Generation g = Generator.generate(model, new int[] {1, 5, 6}, GenerationConfig.greedy(n, 0));
            assertEquals(n, g.tokens().length);
        }
        return peak[0] - before;
    }

    @Test
    void residentSetGrowsLinearlyNotQuadraticallyWithTheTokensGenerated() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")));
        // the shipped model's shape (4 layers, d 128, 4 heads, d_mlp 352) with a context of 1,024 tokens
        ModelConfig shape = ModelConfig.llama(99, 128, 4, 4, 4, 352, 1024);
        try (Transformer model = Transformer.random(shape, 7, Device.cpu())) {
            peakGrowth(model, 50); // warm up the allocator and the JIT
            long short200 = peakGrowth(model, 200);
            long long600 = peakGrowth(model, 600);
            // the KV cache of 600 tokens is 600 · 2 · 4 layers · 128 · 4 bytes = 2.5 MB; before the fix the
            // resident set grew by 1.2 GB over 800 tokens
            assertTrue(
                    long600 < (200L << 20),
                    "resident set grew by " + (long600 >> 20) + " MiB over 600 tokens (" + (short200 >> 20)
                            + " MiB over 200)");
        }
    }

    @Test
    void theCacheAllocatesItsDeclaredLengthOnceAndDoublesPastIt() {
        try (Transformer model = TinyModels.llama(3);
                NDManager m = model.manager().newSubManager();
                KvCache cache = model.newCache(m, 1, 10)) {
            try (NDManager pass = m.newSubManager()) {
                model.forward(pass, TokenBatch.of(new int[] {1, 2, 3}), cache, Phase.PREFILL, 0);
            }
            long bytes10 = cache.nativeBytes();
            int layers = model.config().numLayers();
            assertEquals(2L * layers * 10 * model.config().kvDim() * Float.BYTES, bytes10);
            for (int i = 0; i < 8; i++) {
                try (NDManager pass = m.newSubManager()) {
                    model.forward(pass, TokenBatch.of(new int[] {4}), cache, Phase.DECODE, i + 1);
                }
            }
            assertEquals(11, cache.length());
            assertEquals(20, cache.capacity());
            assertEquals(2 * bytes10, cache.nativeBytes());
        }
    }

    @Test
    void generationStopsAtTheContextAndRefusesALongerPrompt() {
        try (Transformer model = TinyModels.llama(3)) { // 64-token context
            Generation g = Generator.generate(model, new int[] {1, 2, 3}, GenerationConfig.greedy(1_000_000_000, 0));
            assertEquals(61, g.tokens().length);
            int[] full = new int[64];
            assertEquals(
                    0,
                    Generator.generate(model, full, GenerationConfig.greedy(5, 0))
                            .tokens()
                            .length);
            ContextLimit.ContextLengthException e = assertThrows(
                    ContextLimit.ContextLengthException.class,
                    () -> Generator.generate(model, new int[65], GenerationConfig.greedy(5, 0)));
            assertEquals(
                    "the prompt is 65 tokens, longer than the model's 64-token context (config.json"
                            + " max_position_embeddings)",
                    e.getMessage());
        }
    }
}
