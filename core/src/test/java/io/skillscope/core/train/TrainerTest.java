package io.skillscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.Diffs;
import io.skillscope.core.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** Toy task: prompt [1, a, b, 2] → answer [b, a, 0] (swap two digits); ids 3..12 are digits, 2 is '=', 0 is the end. */
    static List<Sequence> toyBatch(Random rng, int n) {
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(10);
            int b = rng.nextInt(10);
            out.add(Sequence.of(new int[] {1, a + 3, b + 3, 2}, new int[] {b + 3, a + 3, 0}));
        }
        return out;
    }

    static double trainToy(Transformer model, TrainConfig cfg, int steps, List<String> trainable) {
        Random rng = new Random(11);
        double last = Double.NaN;
        try (Trainer t = new Trainer(model, cfg, trainable)) {
            for (int s = 0; s < steps; s++) {
                last = t.step(toyBatch(rng, 32), 0).loss();
            }
        }
        return last;
    }

    @Test
    void adamWLearnsToSwapDigitsAndGeneratesTheAnswers() {
        try (Transformer model = TinyModels.llama(1)) {
            double initial = Losses.answerCrossEntropy(
                            model, model.manager().newSubManager(), toyBatch(new Random(1), 64), 0)
                    .getFloat();
            double fin = trainToy(
                    model,
                    TrainConfig.adamW(1e-2, 0.0).withClipNorm(1.0).withSchedule(LrSchedule.cosine(20, 300, 0.1)),
                    300,
                    Trainer.all(model));
            assertTrue(initial > 2.0, "initial loss " + initial);
            assertTrue(fin < 0.05, "final loss " + fin + " (initial " + initial + ")");
            int correct = 0;
            for (int a = 0; a < 10; a++) {
                for (int b = 0; b < 10; b++) {
                    int[] out = Generator.generate(
                                    model, new int[] {1, a + 3, b + 3, 2}, GenerationConfig.greedy(4, 0, 0))
                            .tokens();
                    correct += java.util.Arrays.equals(out, new int[] {b + 3, a + 3}) ? 1 : 0;
                }
            }
            assertTrue(correct >= 98, "exact answers: " + correct + "/100");
        }
    }

    @Test
    void sgdWithMomentumLowersTheLoss() {
        try (Transformer model = TinyModels.gpt2(2)) {
            double initial = trainToy(model, TrainConfig.sgd(0.1, 0.9), 1, Trainer.all(model));
            double fin = trainToy(model, TrainConfig.sgd(0.1, 0.9).withWeightDecay(1e-4), 300, Trainer.all(model));
            assertTrue(fin < initial * 0.6, "SGD loss " + initial + " -> " + fin);
        }
    }

    @Test
    void onlyTheTrainableSubsetChanges() {
        try (Transformer model = TinyModels.llama(3)) {
            Map<String, io.skillscope.core.checkpoint.HostTensor> before =
                    model.parameters().readAll();
            List<String> subset = Trainer.matching(model, n -> n.contains("layers.1.mlp"));
            assertEquals(3, subset.size());
            trainToy(model, TrainConfig.adamW(1e-2, 0.1), 5, subset);
            for (String n : model.parameters().names()) {
                float[] b = before.get(n).toFloats();
                float[] a = model.parameters().read(n).toFloats();
                double diff = Diffs.maxAbsDiff(a, b);
                if (subset.contains(n)) {
                    assertTrue(diff > 1e-4, n + " should have changed");
                } else {
                    assertEquals(0.0, diff, n + " should be frozen");
                }
            }
        }
    }

    @Test
    void weightDecaySkipsNormsAndBiases() {
        try (Transformer model = TinyModels.gpt2(4)) {
            // zero learning signal: a loss that does not depend on the weights' values except through decay
            List<String> names = List.of("transformer.h.0.ln_1.weight", "transformer.h.0.mlp.c_fc.weight");
            float[] ln = model.parameters().read(names.get(0)).toFloats();
            float[] fc = model.parameters().read(names.get(1)).toFloats();
            try (Trainer t = new Trainer(model, TrainConfig.adamW(0.1, 0.5), names)) {
                t.step(List.of(m -> model.parameters()
                        .get(names.get(0))
                        .sum()
                        .mul(0)
                        .add(model.parameters().get(names.get(1)).sum().mul(0))));
            }
            assertArrayEquals(ln, model.parameters().read(names.get(0)).toFloats());
            float[] after = model.parameters().read(names.get(1)).toFloats();
            assertEquals(fc[0] * (1 - 0.1 * 0.5), after[0], 1e-6);
        }
    }

    @Test
    void clippingBoundsTheUpdateAndGradientsMatchFiniteDifferences() {
        try (Transformer model = TinyModels.llama(5)) {
            List<Sequence> batch = toyBatch(new Random(3), 4);
            String name = "model.layers.0.mlp.up_proj.weight";
            Map<String, float[]> g =
                    Gradients.of(model, List.of(name), m -> Losses.answerCrossEntropy(model, m, batch, 0));
            float[] w = model.parameters().read(name).toFloats();
            int idx = 17;
            double eps = 1e-2;
            float[] plus = w.clone();
            plus[idx] += eps;
            model.parameters().write(name, plus);
            double lp = loss(model, batch);
            float[] minus = w.clone();
            minus[idx] -= eps;
            model.parameters().write(name, minus);
            double lm = loss(model, batch);
            model.parameters().write(name, w);
            double fd = (lp - lm) / (2 * eps);
            assertEquals(fd, g.get(name)[idx], Math.max(1e-4, Math.abs(fd) * 0.02));
            // a second call gives the same gradient: no accumulation across calls
            Map<String, float[]> again =
                    Gradients.of(model, List.of(name), m -> Losses.answerCrossEntropy(model, m, batch, 0));
            assertEquals(0.0, Diffs.maxAbsDiff(g.get(name), again.get(name)), 1e-7);
        }
    }

    private static double loss(Transformer model, List<Sequence> batch) {
        try (var m = model.manager().newSubManager()) {
            return Losses.answerCrossEntropy(model, m, batch, 0).getFloat();
        }
    }
}
