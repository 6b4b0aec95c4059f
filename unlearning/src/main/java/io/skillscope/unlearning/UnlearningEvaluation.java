package io.skillscope.unlearning;

import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation harness: greedy answers to each set's test prompts without and with the method,
 * exact-match accuracy of both, relative drops and detection rates. Accuracies without the method
 * can be passed in (a {@link #baseline}) when several methods are compared on the same data.
 */
public final class UnlearningEvaluation {
    private UnlearningEvaluation() {}

    /** Accuracy and refusal rate of one set under one unlearner. */
    record Score(double accuracy, double detection) {}

    /** Accuracy without intervention of every set of {@code data}, by set name. */
    public static Map<String, Double> baseline(Transformer model, TokenCodec codec, UnlearningData data, int batchSize) {
        Map<String, Double> out = new HashMap<>();
        out.put(data.forget().name(), score(model, codec, Unlearner.none(), data.forget(), batchSize).accuracy());
        for (EvalPart p : data.retain()) {
            out.put(p.name(), score(model, codec, Unlearner.none(), p, batchSize).accuracy());
        }
        return out;
    }

    /** Evaluates {@code unlearner}, computing the baseline too. */
    public static UnlearningReport run(Transformer model, TokenCodec codec, Unlearner unlearner, UnlearningData data,
                                       int batchSize) {
        return run(model, codec, unlearner, data, batchSize, Map.of());
    }

    /**
     * Evaluates {@code unlearner}; sets found in {@code before} (by name) reuse that accuracy instead of
     * generating again.
     */
    public static UnlearningReport run(Transformer model, TokenCodec codec, Unlearner unlearner, UnlearningData data,
                                       int batchSize, Map<String, Double> before) {
        UnlearningReport.Row forget = row(model, codec, unlearner, data.forget(), "forget", batchSize, before);
        List<UnlearningReport.Row> retain = new ArrayList<>();
        for (EvalPart p : data.retain()) {
            retain.add(row(model, codec, unlearner, p, "retain", batchSize, before));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("forget", data.forget().source());
        Map<String, String> r = new LinkedHashMap<>();
        data.retain().forEach(p -> r.put(p.name(), p.source()));
        d.put("retain", r);
        d.put("batch_size", batchSize);
        return new UnlearningReport(unlearner.method(), forget, retain, unlearner.describe(), d, unlearner);
    }

    private static UnlearningReport.Row row(Transformer model, TokenCodec codec, Unlearner u, EvalPart p, String role,
                                            int batchSize, Map<String, Double> before) {
        Double b = before.get(p.name());
        double acc0 = b != null ? b : score(model, codec, Unlearner.none(), p, batchSize).accuracy();
        Score after = score(model, codec, u, p, batchSize);
        return new UnlearningReport.Row(p.name(), role, p.test().size(), acc0, after.accuracy(), after.detection());
    }

    static Score score(Transformer model, TokenCodec codec, Unlearner u, EvalPart p, int batchSize) {
        List<Answer> answers = u.answer(model, codec, p.testPrompts(), p.maxNewTokens(), batchSize);
        int correct = 0;
        int refused = 0;
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            Example e = p.test().get(i);
            if (a.refused()) {
                refused++;
                continue; // a refusal is never the answer
            }
            correct += p.scorer().score(e, a.text(), a.sawEndToken()) == Outcome.CORRECT ? 1 : 0;
        }
        return new Score((double) correct / answers.size(), (double) refused / answers.size());
    }
}
