package io.skillscope.core.memory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryEstimateTest {
    /** Qwen2.5-0.5B's published config (494,032,768 parameters); no weights are needed. */
    static final String QWEN_05B = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 896,
             "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14,
             "num_key_value_heads": 2, "hidden_act": "silu", "max_position_embeddings": 32768,
             "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "sliding_window": 32768,
             "use_sliding_window": false, "max_window_layers": 24, "tie_word_embeddings": true,
             "vocab_size": 151936, "torch_dtype": "bfloat16"}
            """;

    @TempDir
    Path dir;

    ModelConfig qwen() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, QWEN_05B);
        return ModelConfig.load(f);
    }

    @Test
    void weightsAreFloat32ParameterBytes() throws IOException {
        ModelConfig c = qwen();
        assertEquals(494_032_768L, c.parameterCount());
        MemoryEstimate e = MemoryEstimate.of(c, new MemoryEstimate.Workload("forward", 1, 128, 0, true, true, 0));
        assertEquals(494_032_768L * 4, e.weights());
        assertEquals(128L * 151_936 * 4 * 2, e.logits(), "logits on device and copied to the host");
        assertEquals(0, e.cache());
        // per layer: n(8d + 3q + 4kv + 4f) + 3 B H T Tk floats
        long perLayer = 128L * (8 * 896 + 3 * 896 + 4 * 128 + 4 * 4864) + 3L * 14 * 128 * 128;
        assertEquals(perLayer * MemoryEstimate.LIVE_BLOCKS * 4, e.activations());
        assertEquals(
                e.weights() + e.activations() + e.logits() + e.cache() + e.heap() + MemoryEstimate.RUNTIME_BYTES,
                e.total());
    }

    @Test
    void aProbeComputesNoLogitsAndGenerateHasACache() throws IOException {
        ModelConfig c = qwen();
        for (MemoryEstimate e : MemoryEstimate.commands(c)) {
            switch (e.command()) {
                case "probe", "unlearn" -> assertEquals(0, e.logits(), e.describe());
                case "generate" -> assertEquals(2L * 24 * 160 * 128 * 4, e.cache(), e.describe());
                case "forward" -> assertTrue(e.logits() > 0);
                case "merge" -> assertEquals(0, e.weights(), "a merge streams tensors; it loads no model");
                default -> assertTrue(e.command().startsWith("localize ("), e.command());
            }
        }
        MemoryEstimate small = MemoryEstimate.of(c, new MemoryEstimate.Workload("probe", 8, 64, 0, false, false, 0));
        MemoryEstimate large = MemoryEstimate.of(c, new MemoryEstimate.Workload("probe", 64, 64, 0, false, false, 0));
        assertTrue(large.activations() == 8 * small.activations(), "activations scale with the batch");
    }

    @Test
    void aCommandThatDoesNotFitIsRefusedNamingTheEstimate() throws IOException {
        MemoryEstimate e = MemoryEstimate.of(qwen(), new MemoryEstimate.Workload("probe", 32, 64, 0, false, false, 0));
        MemoryBudget tiny = new MemoryBudget(1L << 30, 1L << 30); // a fake 1 GiB machine: nothing is allocated
        InsufficientMemoryException x = assertThrows(InsufficientMemoryException.class, () -> tiny.require(e));
        assertSame(e, x.estimate());
        assertTrue(
                x.getMessage().startsWith("probe needs an estimated " + MemoryEstimate.human(e.total())),
                x.getMessage());
        assertTrue(x.getMessage().contains("weights 1.8 GiB"), x.getMessage());
        assertTrue(x.getMessage().contains("1.0 GiB of physical memory"), x.getMessage());
        assertDoesNotThrow(() -> new MemoryBudget(64L << 30, 1L << 30).require(e));
    }

    @Test
    void heapStateBeyondTheMaxHeapIsRefused() throws IOException {
        MemoryEstimate e =
                MemoryEstimate.of(qwen(), new MemoryEstimate.Workload("localize", 1, 64, 0, true, false, 3L << 30));
        InsufficientMemoryException x =
                assertThrows(InsufficientMemoryException.class, () -> new MemoryBudget(64L << 30, 2L << 30).require(e));
        assertTrue(x.getMessage().contains("3.0 GiB on the Java heap"), x.getMessage());
        assertTrue(x.getMessage().contains("maximum heap 2.0 GiB"), x.getMessage());
    }

    /**
     * localize on the MLPs of layers 0 and 1 of the Qwen2.5-0.5B shape holds one model (θ_ft is streamed
     * through it, not loaded beside it) and 16 bytes per included weight, so a region costs what it covers:
     * a mask over every weight needs about 16 bytes per weight more than the region does.
     */
    @Test
    void localizeHoldsOneModelAndSixteenBytesPerIncludedWeight() throws IOException {
        ModelConfig c = qwen();
        long mlp = 896L * 4864;
        long included = 2 * 3 * mlp; // gate, up, down of two layers
        MemoryEstimate e = MemoryEstimate.localize(c, included, mlp, 8, 40);
        assertEquals(c.parameterCount() * 4, e.weights(), "one model");
        assertEquals(included * 12 + included / 8 + mlp * 12, e.heap(), "θ_pre, θ_ft, S, γ_base, one gradient");
        MemoryEstimate all = MemoryEstimate.localize(c, c.parameterCount(), 151_936L * 896, 8, 40);
        assertTrue(all.total() - e.total() > 15L * (c.parameterCount() - included), all.describe());
        // the bound the README states: 1.3 x weights + 1 GiB + 16.125 B x included + 12 B x largest + the pass
        double bound = 1.3 * e.weights()
                + (1L << 30)
                + 16.125 * included
                + 12.0 * mlp
                + e.logits()
                + (e.activations() - 4L * included);
        assertTrue(e.total() <= bound, e.describe());
    }

    /**
     * A merge holds one chunk's working set, not the largest tensor's: Qwen's 151,936 x 896 embedding
     * (136 M entries) is merged in chunks of 2^23, and Gemma-2-2B's 256,000 x 2,304 embedding, which
     * needed an 8.8 GiB heap when merged whole, now fits the launcher's 3 GiB with room to spare.
     */
    @Test
    void mergeIsOneChunksWorkingSetWhateverTheLargestTensor() throws IOException {
        ModelConfig c = qwen();
        long chunk = MemoryEstimate.MERGE_CHUNK_ELEMENTS;
        MemoryEstimate one = MemoryEstimate.merge(c, 1);
        assertEquals(chunk * 20 + (32L << 20), one.heap());
        assertEquals(0, one.nativeBytes());
        assertEquals(chunk * 24 + (32L << 20), MemoryEstimate.merge(c, 2).heap());
        Path f = dir.resolve("gemma.json");
        Files.writeString(f, """
                {"architectures": ["Gemma2ForCausalLM"], "model_type": "gemma2", "hidden_size": 2304,
                 "intermediate_size": 9216, "num_hidden_layers": 26, "num_attention_heads": 8,
                 "num_key_value_heads": 4, "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
                 "max_position_embeddings": 8192, "rms_norm_eps": 1e-6, "rope_theta": 10000.0,
                 "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0,
                 "query_pre_attn_scalar": 256, "sliding_window": 4096, "vocab_size": 256000,
                 "tie_word_embeddings": true, "torch_dtype": "bfloat16"}
                """);
        MemoryEstimate gemma = MemoryEstimate.merge(ModelConfig.load(f), 2);
        assertEquals(one.heap() + 4 * chunk, gemma.heap(), "the same chunk as Qwen's: the tensor size is gone");
        assertTrue(gemma.heap() < (1L << 30), gemma.describe());
        // a model whose largest tensor is smaller than a chunk holds that tensor's working set
        Path small = dir.resolve("small.json");
        Files.writeString(small, QWEN_05B.replace("151936", "1000").replace("4864", "256"));
        assertEquals(
                1000L * 896 * 20 + (32L << 20),
                MemoryEstimate.merge(ModelConfig.load(small), 1).heap());
    }

    @Test
    void humanSizes() {
        assertEquals("512 MiB", MemoryEstimate.human(512L << 20));
        assertEquals("1.5 GiB", MemoryEstimate.human(3L << 29));
    }

    @Test
    void trainingCountsWeightsGradientsAndTwoMomentsAndEveryLayersActivations() throws IOException {
        ModelConfig c = qwen();
        MemoryEstimate e = MemoryEstimate.training(c, 8, 64);
        assertEquals(494_032_768L * 16, e.weights());
        long n = 8 * 64;
        long perLayer = n * (8L * 896 + 3L * 896 + 4L * 128 + 4L * 4864) + 3L * 8 * 14 * 64 * 64;
        assertEquals(perLayer * 2 * 24 * 4, e.activations());
        assertEquals(3L * n * 151_936 * 4, e.logits());
        assertThrows(InsufficientMemoryException.class, () -> new MemoryBudget(4L << 30, 1L << 30).require(e));
    }
}
