package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.grafting.Mask;
import io.skillscope.localization.DevScores;
import io.skillscope.localization.LocalizationResult;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.MaskMethod;
import io.skillscope.localization.Predictions;
import io.skillscope.localization.SweepResult;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark chooses λ and the operating point on dev and prints the test numbers of that point only.
 * The numbers are those of `shuf` in localization/BENCHMARK.md's Result 1 rounded to 20 items: θ_ft
 * answers 15 of 20 dev and 15 of 20 test items.
 */
class LocalizationBenchmarkTest {
    private static LocalizationResult point(double lambda, int selected, int devRight, int testRight) {
        BitSet b = new BitSet();
        b.set(0, selected);
        Mask m = Mask.builder().put("model.layers.0.w", new long[] {1000}, b).build();
        LocalizationSettings s = LocalizationSettings.of(6e-3)
                .withMethod(MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1)
                .withL1(lambda);
        return new LocalizationResult(
                "shuf",
                m,
                predictions(0),
                predictions(15),
                predictions(testRight),
                0,
                List.of(),
                s,
                new DevScores(predictions(0), predictions(15), predictions(devRight)));
    }

    private static Predictions predictions(int right) {
        boolean[] c = new boolean[20];
        Arrays.fill(c, 0, right, true);
        double[] conf = new double[20];
        Arrays.fill(conf, 0.8);
        return new Predictions(new int[20][1], c, conf);
    }

    @Test
    void theLambdaAndPointChosenOnDevAreReportedWithTheirTestNumbersNotTheTestBestOnes() {
        // λ 1e-4: 5 of 1000 weights, 15 of 15 on test (the test-best) but 12 of 15 on dev (80%);
        // λ 1e-5: 9 of 1000, 15 of 15 on dev (100%), 13 of 15 on test (86.7%): the dev choice
        LocalizationResult testBest = point(1e-4, 5, 12, 15);
        LocalizationResult devBest = point(1e-5, 9, 15, 13);
        SweepResult grid = new SweepResult("shuf", List.of(testBest, devBest));
        LocalizationResult chosen = grid.best(0.95);
        assertSame(devBest, chosen);

        String table = LocalizationBenchmark.devTable(grid.points(), chosen);
        String[] rows = table.split("\n");
        assertEquals(3, rows.length, table);
        assertTrue(rows[2].startsWith("  1e+07  1e-05") && rows[2].endsWith("<- chosen on dev"), table);
        assertFalse(rows[1].contains("chosen"), table);
        assertTrue(rows[1].contains("0.600     0.800"), table); // dev graft 12/20, dev recovered 12/15

        String line = LocalizationBenchmark.summary("shuf", "SGD", chosen, grid.rule(0.95), 0.95);
        assertTrue(line.contains("η 1e+07, λ 1e-05"), line);
        assertTrue(line.contains("dev: ft 0.750 graft 0.750 recovered 1.000"), line);
        assertTrue(line.contains("test (once): pre 0.000 ft 0.750 graft 0.650 recovered 0.867"), line);
        assertFalse(line.contains("recovered 1.000  ECE"), line); // not the test-best point's 15 of 15
    }

    @Test
    void graftingHasNoMaskL1AndPrintsNone() {
        LocalizationSettings grafting = LocalizationSettings.of(6e-3).withL1(1e-5);
        assertEquals(MaskMethod.GRAFTING, grafting.method());
        assertEquals("-", LocalizationBenchmark.lambda(grafting));
        assertEquals(
                "1e-04",
                LocalizationBenchmark.lambda(grafting.withMethod(MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1)
                        .withL1(1e-4)));
    }

    @Test
    void theGridCoversEveryMaskStepsEtaAndLambdaCombinationAndGraftingHasNoLambda() {
        LocalizationSettings base = LocalizationSettings.of(6e-3);
        List<LocalizationSettings> stitch = LocalizationBenchmark.grid(
                MaskMethod.LOCALIZE_AND_STITCH, base, new int[] {30, 60}, new double[] {1e5, 1e7}, new double[] {
                    1e-6, 1e-4
                });
        assertEquals(8, stitch.size());
        assertEquals(30, stitch.get(0).steps());
        assertEquals(60, stitch.get(7).steps());
        assertEquals(1e7, stitch.get(7).learningRate());
        assertEquals(1e-4, stitch.get(7).l1());
        assertEquals(4, stitch.stream().filter(s -> s.steps() == 30).count(), "every (η, λ) at 30 steps");
        assertTrue(stitch.stream().allMatch(s -> s.method() == MaskMethod.LOCALIZE_AND_STITCH));
        List<LocalizationSettings> grafting = LocalizationBenchmark.grid(
                MaskMethod.GRAFTING, base, new int[] {30, 60}, new double[] {1e6}, new double[] {1e-6, 1e-4});
        assertEquals(2, grafting.size(), "grafting has no λ axis");
        assertEquals(
                List.of(30, 60),
                grafting.stream().map(LocalizationSettings::steps).toList());
    }
}
