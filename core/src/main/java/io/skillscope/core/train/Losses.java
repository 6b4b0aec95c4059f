package io.skillscope.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.model.LanguageModel;
import io.skillscope.core.model.Scalars;
import io.skillscope.core.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/** Losses over answer tokens, computed in the caller's manager so autograd can reach every weight. */
public final class Losses {
    private Losses() {}

    /** Per-row answer-token log-likelihoods, {@code [B]}: Σ_{t ≥ lossFrom} log p(tokens[t] | tokens[&lt;t]). */
    public static NDArray sequenceLogProbs(LanguageModel model, NDManager m, List<Sequence> batch, int padId) {
        Scored s = score(model, m, batch, padId, 1.0);
        NDArray weighted = s.picked.mul(s.weights); // [B, T-1]
        return weighted.sum(new int[] {1}); // [B]
    }

    /**
     * Mean cross-entropy over every answer token of the batch:
     * L = −(1/N) Σ_b Σ_{t ≥ lossFrom_b} log p(tokens_b[t] | tokens_b[&lt;t]).
     */
    public static NDArray answerCrossEntropy(LanguageModel model, NDManager m, List<Sequence> batch, int padId) {
        Scored s = score(model, m, batch, padId, 1.0);
        NDArray weighted = s.picked.mul(s.weights); // [B, T-1]
        return weighted.sum().neg().div(Scalars.of(weighted, s.count)); // scalar
    }

    /**
     * Per-token answer log-probabilities under the tempered distribution softmax(z / τ):
     * {@code logProbs[b, t] = log softmax(z_{b,t} / τ)[tokens_b[t+1]]}, with {@code mask[b, t] = 1} where
     * that target is an answer token (t + 1 ≥ lossFrom) and 0 elsewhere (prompt and padding).
     *
     * @param logProbs {@code [B, T-1]}, with autograd when computed under a gradient collector
     * @param mask {@code [B, T-1]}, 1 on answer targets
     * @param lengths answer tokens per row, {@code |o_b|}
     */
    public record TokenLogProbs(NDArray logProbs, NDArray mask, float[] lengths) {}

    /**
     * {@link TokenLogProbs} of a batch at temperature τ (τ = 1 is the model's own distribution).
     *
     * @throws IllegalArgumentException if τ is not positive
     */
    public static TokenLogProbs answerTokenLogProbs(
            LanguageModel model, NDManager m, List<Sequence> batch, int padId, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        Scored s = score(model, m, batch, padId, temperature);
        float[] lengths = new float[batch.size()];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = batch.get(b).scoredTokens();
        }
        return new TokenLogProbs(s.picked, s.weights, lengths);
    }

    private record Scored(NDArray picked, NDArray weights, float count) {}

    private static Scored score(LanguageModel model, NDManager m, List<Sequence> batch, int padId, double temperature) {
        List<int[]> inputs = new ArrayList<>(batch.size());
        int maxLen = 0;
        for (Sequence s : batch) {
            inputs.add(java.util.Arrays.copyOf(s.tokens(), s.tokens().length - 1));
            maxLen = Math.max(maxLen, s.tokens().length - 1);
        }
        TokenBatch tb = TokenBatch.rightPadded(inputs, padId);
        int b = batch.size();
        long[] targets = new long[b * maxLen];
        float[] weights = new float[b * maxLen];
        float count = 0;
        for (int r = 0; r < b; r++) {
            Sequence s = batch.get(r);
            for (int t = 0; t < s.tokens().length - 1; t++) {
                targets[r * maxLen + t] = s.tokens()[t + 1];
                if (t + 1 >= s.lossFrom()) {
                    weights[r * maxLen + t] = 1f;
                    count++;
                }
            }
        }
        NDArray logits = model.forward(m, tb); // [B, T, V]
        if (temperature != 1.0) {
            logits = logits.div(Scalars.of(logits, (float) temperature)); // [B, T, V] z / τ
        }
        NDArray logp = logits.logSoftmax(-1); // [B, T, V]
        NDArray idx = m.create(targets, new Shape(b, maxLen, 1)); // [B, T, 1]
        NDArray picked = logp.gather(idx, 2).reshape(b, maxLen); // [B, T]
        NDArray w = m.create(weights, new Shape(b, maxLen)).toType(DataType.FLOAT32, false); // [B, T]
        return new Scored(picked, w, count);
    }
}
