package io.skillscope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.runtime.ThreadSettings;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The workloads of {@link ThreadStudy}, each timed in a fresh JVM (so that OpenMP's environment is read
 * anew): a GPT-2-small-shaped forward and training step, and a skill-lab-shaped (tiny) forward and training
 * step. {@link #main} prints one JSON line: {@code tokens_per_s} (median of the timed passes) and the
 * effective thread settings.
 */
enum ThreadWorkload {
    /** GPT-2 small (12 layers, d 768, vocab 50257), batch 8 x 128, inference. */
    GPT2_FORWARD("gpt2-forward", ModelConfig.gpt2(50257, 768, 12, 12, 1024), 8, 128, false, 1, 3),
    /** GPT-2 small's widths with 2 layers, batch 2 x 128, one AdamW step over every parameter. */
    GPT2_TRAIN("gpt2-train", ModelConfig.gpt2(50257, 768, 2, 12, 1024), 2, 128, true, 1, 3),
    /** The skill lab's shape (Llama, 4 layers, d 128, MLP 352, vocab 99), batch 64 x 32, inference. */
    TINY_FORWARD("tiny-forward", ModelConfig.llama(99, 128, 4, 4, 4, 352, 64), 64, 32, false, 3, 30),
    /** The skill lab's shape, batch 32 x 32, one AdamW step over every parameter. */
    TINY_TRAIN("tiny-train", ModelConfig.llama(99, 128, 4, 4, 4, 352, 64), 32, 32, true, 2, 20);

    final String id;
    final ModelConfig config;
    final int batch;
    final int sequence;
    final boolean training;
    final int warmup;
    final int passes;

    ThreadWorkload(String id, ModelConfig config, int batch, int sequence, boolean training, int warmup, int passes) {
        this.id = id;
        this.config = config;
        this.batch = batch;
        this.sequence = sequence;
        this.training = training;
        this.warmup = warmup;
        this.passes = passes;
    }

    /**
     * The workload with this id.
     *
     * @throws IllegalArgumentException naming the id and the known ones
     */
    static ThreadWorkload of(String id) {
        for (ThreadWorkload w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        List<String> ids = new ArrayList<>();
        for (ThreadWorkload w : values()) {
            ids.add(w.id);
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; known: " + String.join(", ", ids));
    }

    /**
     * Timing stops after this many seconds of timed passes once {@link #MIN_PASSES} have run, so that a bad
     * setting on a loaded machine (libtorch's defaults ran the tiny training step 50x slower) cannot stall
     * the study.
     */
    static final double TIME_BUDGET_SECONDS = 8;

    /** Timed passes always run, whatever the time. */
    static final int MIN_PASSES = 3;

    /**
     * Median seconds of up to {@link #passes} timed passes after {@link #warmup} untimed ones (fewer, but at
     * least {@link #MIN_PASSES}, once {@link #TIME_BUDGET_SECONDS} have passed).
     */
    double medianSeconds() {
        SplittableRandom rng = new SplittableRandom(7);
        try (Transformer model = Transformer.random(config, 20240521L, Device.cpu())) {
            long[] nanos = new long[passes];
            if (training) {
                List<Sequence> seqs = new ArrayList<>();
                for (int b = 0; b < batch; b++) {
                    int[] t = new int[sequence];
                    for (int i = 0; i < sequence; i++) {
                        t[i] = rng.nextInt(config.vocabSize());
                    }
                    seqs.add(new Sequence(t, sequence / 2));
                }
                try (Trainer trainer = new Trainer(model, TrainConfig.adamW(1e-4, 0.0), Trainer.all(model))) {
                    for (int r = -warmup; r < passes && !spent(nanos, r); r++) {
                        long t0 = System.nanoTime();
                        trainer.step(seqs, 0);
                        if (r >= 0) {
                            nanos[r] = System.nanoTime() - t0;
                        }
                    }
                }
            } else {
                int[][] ids = new int[batch][sequence];
                boolean[][] mask = new boolean[batch][sequence];
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < sequence; i++) {
                        ids[b][i] = rng.nextInt(config.vocabSize());
                        mask[b][i] = true;
                    }
                }
                TokenBatch tokens = TokenBatch.of(ids, mask);
                for (int r = -warmup; r < passes && !spent(nanos, r); r++) {
                    long t0 = System.nanoTime();
                    try (NDManager step = model.manager().newSubManager()) {
                        ForwardBenchmark.sync(model.forward(step, tokens)); // [B, T, V]
                    }
                    if (r >= 0) {
                        nanos[r] = System.nanoTime() - t0;
                    }
                }
            }
            int done = 0;
            while (done < nanos.length && nanos[done] > 0) {
                done++;
            }
            return Timing.medianSeconds(java.util.Arrays.copyOf(nanos, done));
        }
    }

    /** Whether the first {@code r} timed passes used up the budget (and at least the minimum ran). */
    private static boolean spent(long[] nanos, int r) {
        if (r < MIN_PASSES) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < r; i++) {
            sum += nanos[i];
        }
        return sum / 1e9 >= TIME_BUDGET_SECONDS;
    }

    /**
     * Runs one workload and prints {@code {"workload", "tokens_per_s", "intra_op", "inter_op",
     * "wait_policy", "spin_count"}} as one JSON line.
     *
     * @param args {@code WORKLOAD_ID}
     */
    public static void main(String[] args) {
        ThreadWorkload w = of(args[0]);
        ThreadSettings.Effective eff = ThreadSettings.effective();
        double seconds = w.medianSeconds();
        JsonObject o = new JsonObject();
        o.addProperty("workload", w.id);
        o.addProperty(
                "tokens_per_s", Double.parseDouble(String.format(Locale.ROOT, "%.1f", w.batch * w.sequence / seconds)));
        o.addProperty("intra_op", eff.intraOp());
        o.addProperty("inter_op", eff.interOp());
        o.addProperty("wait_policy", eff.waitPolicy());
        o.addProperty("spin_count", eff.spinCount());
        System.out.println(o);
    }
}
