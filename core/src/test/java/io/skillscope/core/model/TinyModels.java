package io.skillscope.core.model;

import io.skillscope.core.config.ModelConfig;

/** Small random models for tests. */
public final class TinyModels {
    private TinyModels() {}

    /** Llama-family: vocab 37, d 32, 2 layers, 4 heads, 2 kv heads (GQA), MLP 48, 64 positions. */
    public static ModelConfig llamaConfig() {
        return ModelConfig.llama(37, 32, 2, 4, 2, 48, 64);
    }

    /** GPT-2: vocab 37, d 32, 2 layers, 4 heads, 64 positions. */
    public static ModelConfig gpt2Config() {
        return ModelConfig.gpt2(37, 32, 2, 4, 64);
    }

    public static Transformer llama(long seed) {
        return Transformer.random(llamaConfig(), seed, ai.djl.Device.cpu());
    }

    public static Transformer gpt2(long seed) {
        return Transformer.random(gpt2Config(), seed, ai.djl.Device.cpu());
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    public static double maxAbsDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, maxAbsDiff(a[i], b[i]));
        }
        return m;
    }
}
