package io.skillscope.localization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a model on task items: greedy generation with confidences for reported numbers, and a cheaper
 * teacher-forced exact match for choosing the best mask step.
 *
 * <p>Teacher-forced exact match (the argmax at every answer position, given the reference prefix, is
 * the reference token, end token included) equals greedy-decoding exact match: both hold exactly when
 * greedy decoding reproduces the answer. It needs one forward pass per batch instead of one per token.
 */
public final class TaskEval {
    private TaskEval() {}

    /** Per position of a teacher-forced pass: log p of the target and whether it is the argmax. */
    private record Forced(float[][] logProbs, boolean[][] argmaxHit) {}

    /**
     * Exact match under teacher forcing, per item.
     *
     * @param model the model
     * @param items the items
     * @param batch items per forward pass
     * @param padId the padding id
     * @return whether each item's answer is the greedy answer
     */
    public static boolean[] teacherForcedCorrect(Transformer model, List<TaskData.Item> items, int batch, int padId) {
        boolean[] out = new boolean[items.size()];
        for (int from = 0; from < items.size(); from += batch) {
            List<TaskData.Item> part = items.subList(from, Math.min(items.size(), from + batch));
            List<int[]> tokens = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (TaskData.Item it : part) {
                tokens.add(concat(it.prompt(), it.answer()));
                starts.add(it.prompt().length);
            }
            Forced f = forced(model, tokens, padId);
            for (int r = 0; r < part.size(); r++) {
                boolean ok = true;
                for (int t = starts.get(r) - 1; t < tokens.get(r).length - 1; t++) {
                    ok &= f.argmaxHit[r][t];
                }
                out[from + r] = ok;
            }
        }
        return out;
    }

    /**
     * Greedy answers (stopping at the end token), exact match, and the confidence of each answer.
     *
     * @param model the model
     * @param data the task (for the pad and end ids)
     * @param items the items to answer
     * @param batch items per generation batch
     * @param confidence which probability counts as confidence
     * @return the predictions
     */
    public static Predictions predict(
            Transformer model, TaskData data, List<TaskData.Item> items, int batch, Confidence confidence) {
        int n = items.size();
        int[][] outputs = new int[n][];
        boolean[] correct = new boolean[n];
        double[] conf = new double[n];
        for (int from = 0; from < n; from += batch) {
            List<TaskData.Item> part = items.subList(from, Math.min(n, from + batch));
            int maxNew = part.stream().mapToInt(it -> it.answer().length).max().orElse(1) + 1;
            List<int[]> prompts = part.stream().map(TaskData.Item::prompt).toList();
            List<Generation> gens =
                    Generator.generate(model, prompts, GenerationConfig.greedy(maxNew, data.padId(), data.eosId()));
            List<int[]> scored = new ArrayList<>();
            for (int r = 0; r < part.size(); r++) {
                Generation g = gens.get(r);
                int[] answer = g.stopped() ? concat(g.tokens(), new int[] {data.eosId()}) : g.tokens();
                outputs[from + r] = answer;
                correct[from + r] = Arrays.equals(answer, part.get(r).answer());
                scored.add(concat(part.get(r).prompt(), answer));
            }
            Forced f = forced(model, scored, data.padId());
            for (int r = 0; r < part.size(); r++) {
                int start = part.get(r).prompt().length - 1; // position predicting the first answer token
                int end = scored.get(r).length - 1;
                double logp = 0;
                for (int t = start; t < end; t++) {
                    logp += f.logProbs[r][t];
                    if (confidence == Confidence.FIRST_TOKEN) {
                        break;
                    }
                }
                conf[from + r] = Math.min(1.0, Math.exp(logp));
            }
        }
        return new Predictions(outputs, correct, conf);
    }

    /** One teacher-forced pass: for every row and position t, log p(tokens[t+1]) and whether it is the argmax. */
    private static Forced forced(Transformer model, List<int[]> tokens, int padId) {
        int b = tokens.size();
        List<int[]> inputs = new ArrayList<>(b);
        int len = 0;
        for (int[] t : tokens) {
            inputs.add(Arrays.copyOf(t, t.length - 1));
            len = Math.max(len, t.length - 1);
        }
        long[] targets = new long[b * len];
        for (int r = 0; r < b; r++) {
            int[] t = tokens.get(r);
            for (int i = 0; i < t.length - 1; i++) {
                targets[r * len + i] = t[i + 1];
            }
        }
        float[] picked;
        long[] argmax;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray logits = model.forward(m, TokenBatch.rightPadded(inputs, padId)); // [B, T, V]
            NDArray logp = logits.logSoftmax(-1); // [B, T, V]
            NDArray idx = m.create(targets, new Shape(b, len, 1)); // [B, T, 1]
            picked = logp.gather(idx, 2).toFloatArray(); // [B·T]
            argmax = logits.argMax(2).toLongArray(); // [B·T]
        }
        float[][] lp = new float[b][len];
        boolean[][] hit = new boolean[b][len];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < len; i++) {
                lp[r][i] = picked[r * len + i];
                hit[r][i] = argmax[r * len + i] == targets[r * len + i];
            }
        }
        return new Forced(lp, hit);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
