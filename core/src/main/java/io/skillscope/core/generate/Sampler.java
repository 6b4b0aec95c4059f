package io.skillscope.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from a row of logits: argmax, or temperature plus nucleus (top-p) sampling. */
final class Sampler {
    private final GenerationConfig config;
    private final SplittableRandom rng;

    Sampler(GenerationConfig config) {
        this.config = config;
        this.rng = new SplittableRandom(config.seed());
    }

    int next(float[] logits, int from, int vocab) {
        if (config.greedy()) {
            int best = from;
            for (int i = from + 1; i < from + vocab; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best - from;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double[] p = new double[vocab];
        double z = 0;
        for (int i = 0; i < vocab; i++) {
            p[i] = Math.exp((logits[from + i] - max) / config.temperature());
            z += p[i];
        }
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
            p[i] /= z;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double mass = 0;
        int keep = 0;
        while (keep < vocab && (keep == 0 || mass < config.topP())) {
            mass += p[order[keep]];
            keep++;
        }
        double u = rng.nextDouble() * mass;
        double acc = 0;
        for (int k = 0; k < keep; k++) {
            acc += p[order[k]];
            if (u < acc) {
                return order[k];
            }
        }
        return order[keep - 1];
    }
}
