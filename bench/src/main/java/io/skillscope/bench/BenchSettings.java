package io.skillscope.bench;

import ai.djl.Device;
import io.skillscope.core.config.ModelConfig;

/**
 * What {@link ForwardBenchmark} measures: a GPT-2-shaped model with random weights and a batch of
 * random token ids.
 *
 * @param layers transformer blocks
 * @param hidden residual width {@code d} (the MLP is {@code 4d} wide, as in GPT-2)
 * @param heads attention heads
 * @param vocab vocabulary size (the LM head is {@code [vocab, d]})
 * @param batch rows per forward
 * @param sequence tokens per row
 * @param warmup untimed passes before measuring (JIT, allocator and thread-pool warm-up)
 * @param repetitions timed passes of each kind; the report gives the median
 * @param device where the model runs
 */
public record BenchSettings(
        int layers,
        int hidden,
        int heads,
        int vocab,
        int batch,
        int sequence,
        int warmup,
        int repetitions,
        Device device) {

    /** GPT-2 small's number of learned positions. */
    public static final int MAX_POSITIONS = 1024;

    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public BenchSettings {
        positive("layers", layers);
        positive("hidden", hidden);
        positive("heads", heads);
        positive("vocab", vocab);
        positive("batch", batch);
        positive("sequence", sequence);
        positive("repetitions", repetitions);
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " is not divisible by heads " + heads);
        }
        if (sequence > MAX_POSITIONS) {
            throw new IllegalArgumentException(
                    "sequence " + sequence + " exceeds GPT-2's " + MAX_POSITIONS + " positions");
        }
        if (device == null) {
            throw new IllegalArgumentException("device is null");
        }
    }

    /**
     * GPT-2 small: 12 layers, d 768, 12 heads, vocab 50257, batch 8 of 128 tokens, 2 warm-up passes and
     * 5 timed repetitions.
     *
     * @param device where to run
     * @return the settings
     */
    public static BenchSettings full(Device device) {
        return new BenchSettings(12, 768, 12, 50257, 8, 128, 2, 5, device);
    }

    /**
     * The same widths with 2 layers and batch 2, 1 warm-up and 3 repetitions: runs in seconds, for smoke
     * tests.
     *
     * @param device where to run
     * @return the settings
     */
    public static BenchSettings quick(Device device) {
        return new BenchSettings(2, 768, 12, 50257, 2, 128, 1, 3, device);
    }

    /**
     * The model these settings describe.
     *
     * @return {@code ModelConfig.gpt2(vocab, hidden, layers, heads, 1024)}
     */
    public ModelConfig modelConfig() {
        return ModelConfig.gpt2(vocab, hidden, layers, heads, MAX_POSITIONS);
    }

    /**
     * Tokens per forward pass.
     *
     * @return {@code batch * sequence}
     */
    public int tokens() {
        return batch * sequence;
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
