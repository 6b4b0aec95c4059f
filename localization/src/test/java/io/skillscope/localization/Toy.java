package io.skillscope.localization;

import ai.djl.Device;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.core.train.Trainer;
import io.skillscope.grafting.ParamRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A toy skill world for tests. Ids: 0 pad, 1 bos, 2 eos, 3…12 symbols, 13…15 operators.
 * Pre-training teaches operator 13 (answer the first symbol), and operators 14 and 15 (answer the
 * second). Fine-tuning re-wires operator 14 to answer the first symbol, so the pre-trained model is right
 * on the new skill only when both symbols agree (about 10% of inputs).
 */
final class Toy {
    static final int PAD = 0;
    static final int BOS = 1;
    static final int EOS = 2;

    private Toy() {}

    static ModelConfig config() {
        return ModelConfig.llama(16, 32, 2, 4, 4, 64, 16);
    }

    /** Items of one operator; inputs drawn from all 100 pairs, split disjointly. */
    static TaskData task(int op, int nTrain, int nDev, int nTest, long seed) {
        return task(op, false, nTrain, nDev, nTest, seed);
    }

    private static TaskData task(int op, boolean pretraining, int nTrain, int nDev, int nTest, long seed) {
        List<int[]> pairs = new ArrayList<>();
        for (int x = 0; x < 10; x++) {
            for (int y = 0; y < 10; y++) {
                pairs.add(new int[] {3 + x, 3 + y});
            }
        }
        java.util.Collections.shuffle(pairs, new Random(seed));
        List<TaskData.Item> all = new ArrayList<>();
        for (int[] p : pairs) {
            int answer = op == 15 || (op == 14 && pretraining) ? p[1] : p[0];
            all.add(new TaskData.Item(new int[] {BOS, p[0], p[1], op}, new int[] {answer, EOS}));
        }
        return new TaskData(
                "op" + op,
                all.subList(0, nTrain),
                all.subList(nTrain, nTrain + nDev),
                all.subList(nTrain + nDev, nTrain + nDev + nTest),
                PAD,
                EOS);
    }

    static void train(Transformer model, TaskData data, TrainConfig cfg, int steps, int batch, long seed) {
        train(model, data, cfg, steps, batch, seed, Trainer.all(model));
    }

    static void train(
            Transformer model,
            TaskData data,
            TrainConfig cfg,
            int steps,
            int batch,
            long seed,
            List<String> trainable) {
        Random rng = new Random(seed);
        List<Sequence> seqs = data.trainSequences();
        try (Trainer t = new Trainer(model, cfg, trainable)) {
            for (int s = 0; s < steps; s++) {
                List<Sequence> b = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    b.add(seqs.get(rng.nextInt(seqs.size())));
                }
                t.step(b, PAD);
            }
        }
    }

    /** Pre-trains on operators 13, 14 (second symbol) and 15 and saves to {@code dir}. */
    static Path pretrain(Path dir, int steps) {
        try (Transformer m = Transformer.random(config(), 11, Device.cpu())) {
            TaskData a = task(13, 80, 0, 20, 1);
            List<TaskData.Item> both = new ArrayList<>(a.train());
            both.addAll(task(15, 80, 0, 20, 1).train());
            both.addAll(task(14, true, 80, 0, 20, 1).train());
            train(
                    m,
                    new TaskData("op13+op14+op15", both, List.of(), a.test(), PAD, EOS),
                    TrainConfig.adamW(1e-2, 0).withClipNorm(1.0),
                    steps,
                    32,
                    1);
            m.save(dir, Map.of());
        }
        return dir;
    }

    /** Fine-tunes the block parameters of a copy of {@code pre} and saves it. */
    static Path finetune(Path pre, Path dir, TaskData data, TrainConfig cfg, int steps) {
        try (Transformer m = Transformer.load(pre, Device.cpu())) {
            train(m, data, cfg, steps, 32, 2, Trainer.matching(m, n -> ParamRegion.of(n) == ParamRegion.BLOCKS));
            m.save(dir, Map.of());
        }
        return dir;
    }
}
