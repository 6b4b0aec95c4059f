package io.skillscope.probes;

import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny random models and token rows for fast tests. */
final class Fixtures {
    private Fixtures() {}

    /** Llama family: vocab 99, d 32, 2 layers, 4 heads (2 kv), MLP width 48. */
    static Transformer llama(long seed) {
        return Transformer.random(ModelConfig.llama(99, 32, 2, 4, 2, 48, 64), seed, ai.djl.Device.cpu());
    }

    /** Random rows of lengths 3..maxLen, prompt length in [1, len]. */
    static ProbeDataset rows(String name, int n, int maxLen, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ProbeDataset.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + rng.nextInt(maxLen - 2);
            int[] t = new int[len];
            for (int j = 0; j < len; j++) {
                t[j] = 4 + rng.nextInt(95);
            }
            rows.add(new ProbeDataset.Row(t, 1 + rng.nextInt(len - 1)));
        }
        return ProbeDataset.of(name, rows);
    }

    static double relErr(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-12, Math.max(Math.abs(a), Math.abs(b)));
    }
}
