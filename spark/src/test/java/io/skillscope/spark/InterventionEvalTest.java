package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.api.ModelCodec;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.unlearning.Answer;
import io.skillscope.unlearning.SelectivePruning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Selective Pruning intervention (3% of the skill lab's feed-forward neurons, fitted to forget
 * {@code add} against {@code rev}) evaluated over 3 partitions on {@code local[2]} against the same answers
 * generated and scored on one machine: 24 test examples each of {@code add} and {@code rev}. Pruning is
 * deterministic, so the counts must be equal; Neuron Adjust draws its per-element uniforms as one stream
 * per call, so each partitioning of its evaluation is another draw (documented in docs/spark.md).
 */
class InterventionEvalTest {
    @TempDir
    Path dir;

    @Test
    void countsOverPartitionsEqualOneMachine() {
        SkillSuite suite = SkillSuite.standard();
        List<Example> fitF = Splits.generate(List.of(suite.get("add")), new SplitSizes(0, 0, 48), 3)
                .test();
        List<Example> fitR = Splits.generate(List.of(suite.get("rev")), new SplitSizes(0, 0, 48), 4)
                .test();
        List<Example> test = new ArrayList<>();
        test.addAll(Splits.generate(List.of(suite.get("add")), new SplitSizes(0, 0, 24), 11)
                .test());
        test.addAll(Splits.generate(List.of(suite.get("rev")), new SplitSizes(0, 0, 24), 12)
                .test());
        Path artifact = dir.resolve("artifact");
        int[] expected = new int[4]; // add correct, rev correct, add refused, rev refused
        try (ModelCodec codec = ModelCodec.of(SparkFixtures.MODEL);
                Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            SelectivePruning na = SelectivePruning.fit(
                    m,
                    ProbeDataset.fromExamples("add", fitF, codec.codec(), true),
                    ProbeDataset.fromExamples("rev", fitR, codec.codec(), true),
                    new SelectivePruning.Settings(3.0, 8));
            na.save(artifact);
            int maxNew = Math.max(
                            suite.get("add").maxAnswerLength(), suite.get("rev").maxAnswerLength())
                    + 1;
            List<Answer> answers = na.answer(
                    m, codec.codec(), test.stream().map(Example::prompt).toList(), maxNew, 8);
            for (int i = 0; i < test.size(); i++) {
                int k = test.get(i).skill().equals("add") ? 0 : 1;
                Answer a = answers.get(i);
                if (a.refused()) {
                    expected[2 + k]++;
                } else if (suite.score(test.get(i), a.text(), a.sawEndToken()) == Outcome.CORRECT) {
                    expected[k]++;
                }
            }
        }
        Map<String, InterventionEval.Score> got;
        Map<String, InterventionEval.Score> drawn; // what `eval --skills add,rev --n 24 --data-seed 5` scores
        try (JavaSparkContext sc = SparkFixtures.local("local[2]").open()) {
            got = InterventionEval.run(sc, SparkFixtures.MODEL, artifact, test, 8, 3);
            List<Example> cli = Splits.generate(
                            List.of(suite.get("add"), suite.get("rev")), new SplitSizes(0, 0, 24), 5)
                    .test();
            drawn = InterventionEval.run(sc, SparkFixtures.MODEL, artifact, cli, 32, 2);
            assertThrows(
                    SkillscopeException.class,
                    () -> InterventionEval.run(sc, SparkFixtures.MODEL, dir.resolve("missing"), test, 8, 3));
        }
        // the command line: a table per skill with the intervention applied
        SparkMainTest.Run run = SparkMainTest.run(
                "eval",
                "--master",
                "local[2]",
                "--model",
                SparkFixtures.MODEL.toString(),
                "--skills",
                "add,rev",
                "--n",
                "24",
                "--data-seed",
                "5",
                "--partitions",
                "2",
                "--intervention",
                artifact.toString());
        assertEquals(0, run.code(), run.err());
        for (String skill : List.of("add", "rev")) {
            InterventionEval.Score d = drawn.get(skill);
            String row = String.format(
                    java.util.Locale.ROOT, "| %s | %d | %.3f | %.3f |", skill, d.n(), d.accuracy(), d.refusalRate());
            assertTrue(run.out().contains(row), run.out());
        }
        assertEquals(List.of("add", "rev"), List.copyOf(got.keySet()));
        assertEquals(new InterventionEval.Score(24, expected[0], expected[2]), got.get("add"));
        assertEquals(new InterventionEval.Score(24, expected[1], expected[3]), got.get("rev"));
    }
}
