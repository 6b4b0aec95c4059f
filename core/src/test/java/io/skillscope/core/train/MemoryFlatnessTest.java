package io.skillscope.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Long loops must not grow the number of live native arrays. */
class MemoryFlatnessTest {
    @Test
    void twoThousandTrainingStepsKeepLiveArraysFlat() {
        try (Transformer model = TinyModels.llama(1)) {
            Random rng = new Random(1);
            try (Trainer t = new Trainer(
                    model, TrainConfig.adamW(1e-3, 0.01).withClipNorm(1.0).withL1(1e-5), Trainer.all(model))) {
                t.step(TrainerTest.toyBatch(rng, 4), 0);
                int after1 = model.liveArrays();
                for (int i = 0; i < 1999; i++) {
                    t.step(TrainerTest.toyBatch(rng, 4), 0);
                }
                assertEquals(after1, model.liveArrays());
            }
            assertEquals(model.parameters().names().size(), model.liveArrays());
        }
    }

    @Test
    void twoThousandForwardsWithHooksAndGenerationKeepLiveArraysFlat() {
        try (Transformer model = TinyModels.gpt2(1)) {
            int weights = model.liveArrays();
            double[] sink = new double[1];
            try (HookSession s = model.hooks()) {
                s.read("blocks.1.mlp.hook_post", (x, ctx) -> sink[0] += x.sum().getFloat());
                for (int i = 0; i < 2000; i++) {
                    model.logits(1, 2, 3, i % 30 + 4);
                }
                for (int i = 0; i < 50; i++) {
                    Generator.generate(model, new int[] {1, 2, i % 30 + 3}, GenerationConfig.greedy(5, 0));
                }
            }
            assertEquals(weights, model.liveArrays());
        }
    }
}
