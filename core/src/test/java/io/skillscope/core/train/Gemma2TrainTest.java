package io.skillscope.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.Diffs;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients flow through Gemma 2's capabilities ((1 + w) norms, post-norms, soft-caps, sliding windows,
 * the √d embedding scale): a fresh model with the gemma2-tiny config learns the toy task, and every
 * parameter, each of the four norms per block included, moves.
 */
class Gemma2TrainTest {
    static ModelConfig fixtureConfig() {
        try {
            return ModelConfig.load(Path.of(Gemma2TrainTest.class
                    .getResource("/fixtures/families/gemma2-tiny/config.json")
                    .toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void adamWLowersTheLossAndMovesEveryParameter() {
        try (Transformer model = Transformer.random(fixtureConfig(), 5, Device.cpu())) {
            Map<String, HostTensor> before = model.parameters().readAll();
            double initial = TrainerTest.trainToy(model, TrainConfig.adamW(1e-2, 0.0), 1, Trainer.all(model));
            double fin =
                    TrainerTest.trainToy(model, TrainConfig.adamW(1e-2, 0.0).withClipNorm(1.0), 60, Trainer.all(model));
            assertTrue(fin < initial * 0.5, "loss " + initial + " -> " + fin);
            for (String n : model.parameters().names()) {
                double diff = Diffs.maxAbsDiff(
                        model.parameters().read(n).toFloats(), before.get(n).toFloats());
                assertTrue(diff > 1e-4, n + " did not move");
            }
        }
    }
}
