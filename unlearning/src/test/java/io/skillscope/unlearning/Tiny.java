package io.skillscope.unlearning;

import ai.djl.Device;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.ProbeDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny random models and data for fast tests. */
final class Tiny {
    private Tiny() {}

    /** Llama family: vocab 99, d 32, 2 layers, MLP width 48. */
    static Transformer llama(long seed) {
        return Transformer.random(ModelConfig.llama(99, 32, 2, 4, 2, 48, 64), seed, Device.cpu());
    }

    /** Rows of random character ids (4..98), prompt part then answer part. */
    static ProbeDataset rows(String name, int n, int lo, int hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ProbeDataset.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 4 + rng.nextInt(5);
            int[] t = new int[len];
            t[0] = 1; // bos
            for (int j = 1; j < len; j++) {
                t[j] = lo + rng.nextInt(hi - lo);
            }
            rows.add(new ProbeDataset.Row(t, len - 2));
        }
        return ProbeDataset.of(name, rows);
    }

    /** Random prompts over the characters a..z (ids 69..94 in the standard character tokenizer). */
    static List<String> prompts(int n, String alphabet, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 3 + rng.nextInt(4);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            out.add(sb.append('=').toString());
        }
        return out;
    }
}
