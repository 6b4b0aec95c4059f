package io.skillscope.spark;

import io.skillscope.core.SkillscopeException;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.unlearning.Answer;
import io.skillscope.unlearning.Unlearner;
import io.skillscope.unlearning.Unlearning;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A fitted unlearning intervention evaluated over partitions: each task loads the model (once per
 * executor JVM) and the artifact, answers its prompts greedily with the intervention applied
 * ({@link Unlearner#answer}), and scores them as the single-machine evaluation does (a refusal is never
 * correct; otherwise the skill's scorer). The driver adds the per-skill counts; accuracy is
 * {@code Σ correct / Σ n} and the refusal rate {@code Σ refused / Σ n}.
 */
public final class InterventionEval {
    private InterventionEval() {}

    /** Per skill: examples, correct and refused answers. */
    public record Score(int n, int correct, int refused) implements Serializable {
        private static final long serialVersionUID = 1L;

        public double accuracy() {
            return n == 0 ? 0 : (double) correct / n;
        }

        public double refusalRate() {
            return n == 0 ? 0 : (double) refused / n;
        }

        /** The counts of both. */
        Score plus(Score o) {
            return new Score(n + o.n, correct + o.correct, refused + o.refused);
        }
    }

    /** One partition's counts, by skill. */
    record Counts(Map<String, Score> bySkill) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Scores the examples with the intervention in {@code artifact} applied.
     *
     * @param sc the Spark context
     * @param model a skill-lab model folder every executor sees at this path
     * @param artifact the artifact folder ({@code OUT/artifact} of {@code unlearn}, or of {@code spark fit-na})
     * @param examples the examples (prompt, answer, skill of the model's suite)
     * @param batch prompts per generation batch
     * @param partitions how many tasks
     * @return per-skill counts, summed over partitions, in the order the skills first appear
     */
    public static Map<String, Score> run(
            JavaSparkContext sc, Path model, Path artifact, List<Example> examples, int batch, int partitions) {
        if (examples.isEmpty()) {
            throw new SkillscopeException("nothing to evaluate: no examples");
        }
        Unlearning.load(artifact); // a bad artifact fails here, on the driver, naming the folder
        SkillSuite suite = DistributedEval.suite(model);
        int maxNew = 1;
        for (Example e : examples) {
            maxNew = Math.max(maxNew, suite.get(e.skill()).maxAnswerLength() + 1);
        }
        int maxNewTokens = maxNew;
        String modelPath = model.toAbsolutePath().normalize().toString();
        String artifactPath = artifact.toAbsolutePath().normalize().toString();
        List<DistributedEval.Row> rows = examples.stream()
                .map(e -> new DistributedEval.Row(e.prompt(), e.answer(), e.skill()))
                .toList();
        List<Counts> parts = sc.parallelize(rows, partitions)
                .mapPartitions(
                        it -> {
                            List<Example> mine = new ArrayList<>();
                            it.forEachRemaining(r -> mine.add(new Example(r.prompt(), r.answer(), r.skill())));
                            return List.of(score(modelPath, artifactPath, mine, maxNewTokens, batch))
                                    .iterator();
                        },
                        true)
                .collect();
        Map<String, Score> sum = new LinkedHashMap<>();
        for (Example e : examples) {
            sum.putIfAbsent(e.skill(), new Score(0, 0, 0));
        }
        for (Counts c : parts) {
            c.bySkill().forEach((k, v) -> sum.merge(k, v, Score::plus));
        }
        return sum;
    }

    /** One partition (on an executor). */
    static Counts score(String modelPath, String artifactPath, List<Example> mine, int maxNew, int batch) {
        Map<String, Score> c = new LinkedHashMap<>();
        if (mine.isEmpty()) {
            return new Counts(c);
        }
        ModelCache.Loaded m = ModelCache.get(modelPath);
        SkillSuite suite = DistributedEval.suite(Path.of(modelPath));
        Unlearner u = Unlearning.load(Path.of(artifactPath));
        List<Answer> answers;
        synchronized (m) {
            answers = u.answer(
                    m.model(), m.tokens(), mine.stream().map(Example::prompt).toList(), maxNew, batch);
        }
        for (int i = 0; i < mine.size(); i++) {
            Example e = mine.get(i);
            Answer a = answers.get(i);
            boolean refused = a.refused();
            boolean correct = !refused && suite.score(e, a.text(), a.sawEndToken()) == Outcome.CORRECT;
            c.merge(e.skill(), new Score(1, correct ? 1 : 0, refused ? 1 : 0), Score::plus);
        }
        return new Counts(c);
    }
}
