package io.skillscope.lab;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exact-match scores per skill: batched greedy generation that stops at the end token, scored by
 * {@link Skill#score} (1 correct, 0 wrong, −1 unparseable).
 *
 * @param scores per skill, in the order evaluated
 */
public record SkillEvaluation(Map<String, Score> scores) {

    /** Rows generated together. */
    public static final int BATCH = 128;

    /**
     * One skill's counts.
     *
     * @param n examples scored
     * @param correct exact answers
     * @param unparseable answers that cannot be an answer of the skill (or never ended)
     */
    public record Score(int n, int correct, int unparseable) {
        /** Fraction correct; 0 for no examples. */
        public double accuracy() {
            return n == 0 ? 0 : (double) correct / n;
        }

        /** Mean reward (1 correct, 0 wrong, −1 unparseable). */
        public double meanReward() {
            return n == 0 ? 0 : (double) (correct - unparseable) / n;
        }
    }

    public SkillEvaluation {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    /** Scores the examples, grouped by their skill (resolved in {@code suite}). */
    public static SkillEvaluation run(Transformer model, CharTokenizer tok, SkillSuite suite, List<Example> examples) {
        Map<String, List<Example>> bySkill = new LinkedHashMap<>();
        for (Example e : examples) {
            bySkill.computeIfAbsent(e.skill(), k -> new ArrayList<>()).add(e);
        }
        Map<String, Score> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Example>> g : bySkill.entrySet()) {
            Skill skill = suite.get(g.getKey());
            int correct = 0;
            int unparseable = 0;
            for (Outcome o : outcomes(model, tok, skill, g.getValue())) {
                correct += o == Outcome.CORRECT ? 1 : 0;
                unparseable += o == Outcome.UNPARSEABLE ? 1 : 0;
            }
            out.put(g.getKey(), new Score(g.getValue().size(), correct, unparseable));
        }
        return new SkillEvaluation(out);
    }

    /** Greedy outcomes of one skill's examples, in order. */
    public static List<Outcome> outcomes(Transformer model, CharTokenizer tok, Skill skill, List<Example> examples) {
        List<Outcome> out = new ArrayList<>(examples.size());
        int maxNew = skill.maxAnswerLength() + 1; // room for the end token
        GenerationConfig cfg = GenerationConfig.greedy(maxNew, tok.padId(), tok.eosId());
        for (int i = 0; i < examples.size(); i += BATCH) {
            List<Example> part = examples.subList(i, Math.min(examples.size(), i + BATCH));
            List<int[]> prompts = part.stream().map(e -> LabData.prompt(tok, e)).toList();
            List<Generation> gens = Generator.generate(model, prompts, cfg);
            for (int r = 0; r < part.size(); r++) {
                Generation g = gens.get(r);
                out.add(skill.score(part.get(r), decodeOrNull(tok, g.tokens()), g.stopped()));
            }
        }
        return out;
    }

    /** The text of generated ids, or {@code null} when they contain a special token (unparseable). */
    static String decodeOrNull(CharTokenizer tok, int[] ids) {
        for (int id : ids) {
            if (id <= tok.unkId()) { // <pad>, <bos>, <eos>, <unk>
                return null;
            }
        }
        return tok.decode(ids);
    }

    /** Mean accuracy over skills (each skill weighs the same). */
    public double meanAccuracy() {
        return scores.values().stream().mapToDouble(Score::accuracy).average().orElse(0);
    }

    /** The lowest skill accuracy. */
    public double minAccuracy() {
        return scores.values().stream().mapToDouble(Score::accuracy).min().orElse(0);
    }

    /** {@code {"<skill>": {"n": N, "accuracy": A, "unparseable": U}, ...}}. */
    public String toJson() {
        JsonObject root = new JsonObject();
        scores.forEach((name, s) -> {
            JsonObject o = new JsonObject();
            o.addProperty("n", s.n());
            o.addProperty("accuracy", s.accuracy());
            o.addProperty("unparseable", s.unparseable());
            root.add(name, o);
        });
        return new GsonBuilder().setPrettyPrinting().create().toJson(root);
    }

    /** A Markdown table: skill, n, accuracy, unparseable. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| skill | n | exact match | unparseable |\n|---|---:|---:|---:|\n");
        scores.forEach((name, s) -> sb.append(String.format(
                Locale.ROOT, "| %s | %d | %.1f%% | %d |%n", name, s.n(), 100 * s.accuracy(), s.unparseable())));
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Evaluation["); // the printed form from before the rename
        scores.forEach((name, s) -> sb.append(String.format(Locale.ROOT, "%s %.2f, ", name, s.accuracy())));
        return sb.append(String.format(Locale.ROOT, "mean %.3f]", meanAccuracy()))
                .toString();
    }
}
