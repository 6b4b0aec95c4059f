package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.hooks.HookName;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticProbeTest {
    private static double[][] clouds(int n, int d, double separation, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < d; j++) {
                x[i][j] = NeuronStatsTest.nextGaussian(rng) * (1 + j) + 10 * j;
            }
            // the classes differ along the first two axes only
            x[i][0] += labels[i] == 1 ? separation : -separation;
            x[i][1] += labels[i] == 1 ? -separation : separation;
        }
        return x;
    }

    @Test
    void separatesLinearlySeparableCloudsAndIsAtChanceOnShuffledLabels() {
        int n = 600;
        int[] y = new int[n];
        double[][] x = clouds(n, 12, 4, 1, y);
        LogisticProbe.Evaluation e = LogisticProbe.evaluate(x, y, LogisticProbe.Settings.defaults());
        assertEquals(420, e.nTrain());
        assertTrue(e.heldOutAccuracy() > 0.95, e.toString());
        assertTrue(e.trainAccuracy() > 0.95, e.toString());

        int[] shuffled = y.clone();
        SplittableRandom rng = new SplittableRandom(99);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        LogisticProbe.Evaluation chance = LogisticProbe.evaluate(x, shuffled, LogisticProbe.Settings.defaults());
        // 180 held-out rows: chance is 0.5 with a standard error of 0.037
        assertTrue(Math.abs(chance.heldOutAccuracy() - 0.5) < 0.12, chance.toString());
    }

    @Test
    void lastPromptFeaturesGiveOneVectorPerRow() {
        try (Transformer model = TinyModels.charLlama(3)) {
            ProbeDataset data = TinyProbeData.rows("r", 7, 8, 1);
            double[][] f = LogisticProbe.lastPromptFeatures(model, HookName.parse("blocks.1.mlp.hook_post"), data, 3);
            assertEquals(7, f.length);
            assertEquals(48, f[0].length);
            ProbeDataset.Row r = data.rows().get(4);
            float[] act = model.runWithCache(r.tokens(), HookName.parse("blocks.1.mlp.hook_post"))
                    .cache()
                    .get("blocks.1.mlp.hook_post")
                    .toFloats();
            for (int j = 0; j < 48; j++) {
                assertEquals(act[(r.promptLength() - 1) * 48 + j], f[4][j], 1e-5);
            }
        }
    }
}
