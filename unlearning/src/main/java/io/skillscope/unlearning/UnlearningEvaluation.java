package io.skillscope.unlearning;

import io.skillscope.core.PassProgress;
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
    public static Map<String, Double> baseline(
            Transformer model, TokenCodec codec, UnlearningData data, int batchSize) {
        List<EvalPart> parts = parts(data);
        List<Score> scores = score(model, codec, Unlearner.none(), parts, batchSize);
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            out.put(parts.get(i).name(), scores.get(i).accuracy());
        }
        return out;
    }

    /** Evaluates {@code unlearner}, computing the baseline too. */
    public static UnlearningReport run(
            Transformer model, TokenCodec codec, Unlearner unlearner, UnlearningData data, int batchSize) {
        return run(model, codec, unlearner, data, batchSize, Map.of());
    }

    /**
     * Evaluates {@code unlearner}; sets found in {@code before} (by name) reuse that accuracy instead of
     * generating again. The test prompts of all sets are generated together (fewer, fuller batches),
     * up to the longest limit of any set; a longer limit never turns a wrong answer right.
     */
    public static UnlearningReport run(
            Transformer model,
            TokenCodec codec,
            Unlearner unlearner,
            UnlearningData data,
            int batchSize,
            Map<String, Double> before) {
        codec.requireFits(model.config().vocabSize(), model.toString()); // at the start, not after minutes
        List<EvalPart> parts = parts(data);
        List<EvalPart> missing =
                parts.stream().filter(p -> !before.containsKey(p.name())).toList();
        Map<String, Double> acc0 = new HashMap<>(before);
        if (!missing.isEmpty()) {
            List<Score> s0 = score(model, codec, Unlearner.none(), missing, batchSize);
            for (int i = 0; i < missing.size(); i++) {
                acc0.put(missing.get(i).name(), s0.get(i).accuracy());
            }
        }
        List<Score> after = score(model, codec, unlearner, parts, batchSize);
        List<UnlearningReport.Row> rows = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            EvalPart p = parts.get(i);
            rows.add(new UnlearningReport.Row(
                    p.name(),
                    i == 0 ? "forget" : "retain",
                    p.test().size(),
                    acc0.get(p.name()),
                    after.get(i).accuracy(),
                    after.get(i).detection()));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("forget", data.forget().source());
        Map<String, String> r = new LinkedHashMap<>();
        data.retain().forEach(p -> r.put(p.name(), p.source()));
        d.put("retain", r);
        d.put("batch_size", batchSize);
        return new UnlearningReport(
                unlearner.method(), rows.get(0), rows.subList(1, rows.size()), unlearner.describe(), d, unlearner);
    }

    private static List<EvalPart> parts(UnlearningData data) {
        List<EvalPart> parts = new ArrayList<>();
        parts.add(data.forget());
        parts.addAll(data.retain());
        return parts;
    }

    /** Accuracy and refusal rate of each set, all test prompts generated in one stream of batches. */
    static List<Score> score(Transformer model, TokenCodec codec, Unlearner u, List<EvalPart> parts, int batchSize) {
        List<String> prompts = new ArrayList<>();
        int maxNew = 1;
        for (EvalPart p : parts) {
            prompts.addAll(p.testPrompts());
            maxNew = Math.max(maxNew, p.maxNewTokens());
        }
        List<Answer> answers;
        String name = u.method().equals("none") ? "evaluate without intervention" : "evaluate with " + u.method();
        try (PassProgress.Scope named = PassProgress.named(name + " on " + prompts.size() + " test prompts")) {
            answers = u.answer(model, codec, prompts, maxNew, batchSize);
        }
        List<Score> out = new ArrayList<>();
        int at = 0;
        for (EvalPart p : parts) {
            int correct = 0;
            int refused = 0;
            for (Example e : p.test()) {
                Answer a = answers.get(at++);
                if (a.refused()) {
                    refused++; // a refusal is never the answer
                } else if (p.scorer().score(e, a.text(), a.sawEndToken()) == Outcome.CORRECT) {
                    correct++;
                }
            }
            out.add(new Score(
                    (double) correct / p.test().size(),
                    (double) refused / p.test().size()));
        }
        return out;
    }
}
