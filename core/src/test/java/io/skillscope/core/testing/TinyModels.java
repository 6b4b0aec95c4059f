package io.skillscope.core.testing;

import ai.djl.Device;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;

/**
 * Small random models for tests. Every Llama here has the one tiny shape (d 32, 2 layers, 4 heads, 2
 * key/value heads so attention is grouped-query, MLP width 48, 64 positions), every GPT-2 d 32, 2 layers,
 * 4 heads and 64 positions; they differ only in their vocabulary. Weights are drawn on the CPU from the
 * seed alone.
 */
public final class TinyModels {
    /** The vocabulary of {@link #llama(long)} and {@link #gpt2(long)}. */
    public static final int VOCAB = 37;

    /**
     * The vocabulary of the skill lab's standard character tokenizer (the four specials, then printable
     * ASCII from space to {@code ~}), so that its token ids are valid for {@link #charLlama(long)}.
     */
    public static final int CHAR_VOCAB = 99;

    private TinyModels() {}

    /** Llama family: vocab {@code vocab}, d 32, 2 layers, 4 heads, 2 kv heads (GQA), MLP 48, 64 positions. */
    public static ModelConfig llamaConfig(int vocab) {
        return ModelConfig.llama(vocab, 32, 2, 4, 2, 48, 64);
    }

    /** Llama family: vocab 37, d 32, 2 layers, 4 heads, 2 kv heads (GQA), MLP 48, 64 positions. */
    public static ModelConfig llamaConfig() {
        return llamaConfig(VOCAB);
    }

    /** GPT-2: vocab {@code vocab}, d 32, 2 layers, 4 heads, 64 positions. */
    public static ModelConfig gpt2Config(int vocab) {
        return ModelConfig.gpt2(vocab, 32, 2, 4, 64);
    }

    /** GPT-2: vocab 37, d 32, 2 layers, 4 heads, 64 positions. */
    public static ModelConfig gpt2Config() {
        return gpt2Config(VOCAB);
    }

    /** A random {@link #llamaConfig()} model. */
    public static Transformer llama(long seed) {
        return Transformer.random(llamaConfig(), seed, Device.cpu());
    }

    /** A random {@link #gpt2Config()} model. */
    public static Transformer gpt2(long seed) {
        return Transformer.random(gpt2Config(), seed, Device.cpu());
    }

    /** A random tiny Llama over the {@link #CHAR_VOCAB} ids of the standard character tokenizer. */
    public static Transformer charLlama(long seed) {
        return Transformer.random(llamaConfig(CHAR_VOCAB), seed, Device.cpu());
    }

    /** A random tiny GPT-2 over the {@link #CHAR_VOCAB} ids of the standard character tokenizer. */
    public static Transformer charGpt2(long seed) {
        return Transformer.random(gpt2Config(CHAR_VOCAB), seed, Device.cpu());
    }
}
