package io.skillscope.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.demo.ResultKind;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code skillscope eval} spread over partitions: each task scores its examples by greedy exact match
 * ({@link SkillLab#evaluate}) on the executor's cached model, and returns per-skill counts (examples,
 * correct, unparseable); the driver adds the counts up, skill by skill in the order the skills first
 * appear. Accuracy is {@code Σ correct / Σ n}.
 */
public final class DistributedEval {
    private DistributedEval() {}

    /** An example as it travels to an executor ({@link Example} is not serializable). */
    record Row(String prompt, String answer, String skill) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One partition's counts: per skill {@code {n, correct, unparseable}}. */
    record Counts(Map<String, int[]> bySkill) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Scores the examples.
     *
     * @param sc the Spark context
     * @param model a skill-lab model folder every executor sees at this path
     * @param examples the examples (prompt, answer, skill)
     * @param partitions how many tasks
     * @return per-skill counts, summed over partitions
     */
    public static SkillEvaluation run(JavaSparkContext sc, Path model, List<Example> examples, int partitions) {
        if (examples.isEmpty()) {
            throw new SkillscopeException("nothing to evaluate: no examples");
        }
        SkillSuite suite = suite(model);
        for (Example e : examples) {
            suite.get(e.skill()); // an unknown skill fails here, on the driver, naming it
        }
        String modelPath = model.toAbsolutePath().normalize().toString();
        List<Row> rows = examples.stream()
                .map(e -> new Row(e.prompt(), e.answer(), e.skill()))
                .toList();
        List<Counts> parts = sc.parallelize(rows, partitions)
                .mapPartitions(
                        it -> {
                            List<Example> mine = new ArrayList<>();
                            it.forEachRemaining(r -> mine.add(new Example(r.prompt(), r.answer(), r.skill())));
                            if (mine.isEmpty()) {
                                return List.of(new Counts(Map.of())).iterator();
                            }
                            ModelCache.Loaded m = ModelCache.get(modelPath);
                            SkillEvaluation ev;
                            synchronized (m) {
                                ev = SkillLab.evaluate(m.model(), mine, suite(Path.of(modelPath)));
                            }
                            Map<String, int[]> c = new LinkedHashMap<>();
                            ev.scores().forEach((k, s) -> c.put(k, new int[] {s.n(), s.correct(), s.unparseable()}));
                            return List.of(new Counts(c)).iterator();
                        },
                        true)
                .collect();
        Map<String, int[]> sum = new LinkedHashMap<>();
        for (Example e : examples) {
            sum.computeIfAbsent(e.skill(), k -> new int[3]);
        }
        for (Counts c : parts) {
            c.bySkill().forEach((k, v) -> {
                int[] s = sum.get(k);
                for (int i = 0; i < 3; i++) {
                    s[i] += v[i];
                }
            });
        }
        Map<String, SkillEvaluation.Score> scores = new LinkedHashMap<>();
        sum.forEach((k, v) -> scores.put(k, new SkillEvaluation.Score(v[0], v[1], v[2])));
        return new SkillEvaluation(scores);
    }

    /**
     * Writes {@code out/result.json} as {@code skillscope eval --out} does (kind {@code evaluation}), in an
     * all-or-nothing folder.
     */
    public static Path write(
            Path out, boolean force, Path model, String source, int examples, SkillEvaluation ev, String master) {
        ProbeJob.requireWritable(out, force);
        return AtomicFolder.write(out, "spark eval", dir -> {
            JsonObject j = new JsonObject();
            j.addProperty("kind", ResultKind.EVALUATION.wire());
            j.addProperty("command", "spark eval");
            j.addProperty("model", model.toAbsolutePath().normalize().toString());
            j.addProperty("source", source);
            j.addProperty("examples", examples);
            j.add("scores", JsonParser.parseString(ev.toJson()));
            j.addProperty("mean_accuracy", ev.meanAccuracy());
            j.addProperty("master", master);
            j.add("environment", JobJson.environment());
            Json.write(dir.resolve("result.json"), j);
        });
    }

    /** The model's recipe's suite, or the standard suite for a folder without {@code recipe.json}. */
    static SkillSuite suite(Path model) {
        Path recipe = model.resolve(SkillLab.RECIPE_FILE);
        return Files.isRegularFile(recipe) ? Recipe.load(recipe).suite() : SkillSuite.standard();
    }
}
