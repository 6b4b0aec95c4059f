package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.grafting.Mask;
import io.skillscope.localization.LocalizationResult;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.Predictions;
import io.skillscope.localization.SweepResult;
import io.skillscope.probes.NeuronRef;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.EvalPart;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.Unlearner;
import io.skillscope.unlearning.Unlearning;
import io.skillscope.unlearning.UnlearningData;
import io.skillscope.unlearning.UnlearningEvaluation;
import io.skillscope.unlearning.UnlearningReport;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;

class ResultsTest {
    @Test
    void tablesawTablesKeepTitleColumnsNumbersAndMissingValues() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create(
                "add - rev",
                StringColumn.create("hook", "blocks.0.mlp.hook_pre", "blocks.1.mlp.hook_pre"),
                IntColumn.create("width", 352, 176),
                DoubleColumn.create("max_z", 1.5, Double.NaN));
        Table table = Results.table(t);
        assertEquals("add - rev", table.title());
        assertEquals(List.of("hook", "width", "max_z"), table.columns());
        assertEquals(List.of("blocks.0.mlp.hook_pre", 352, 1.5), table.row(0));
        assertNull(table.get(1, "max_z"));
        assertArrayEquals(new double[] {352, 176}, table.doubles("width"));
    }

    @Test
    void neuronsAreRankedWithTheirLayer() {
        Table t = Results.neurons(
                "top",
                List.of(
                        new NeuronRef("blocks.3.mlp.hook_pre", 131, 1.53),
                        new NeuronRef("blocks.0.mlp.hook_pre", 10, 1.2)));
        assertEquals(List.of(1, "blocks.3.mlp.hook_pre", 3, 131, 1.53), t.row(0));
        assertEquals(List.of(2, "blocks.0.mlp.hook_pre", 0, 10, 1.2), t.row(1));
    }

    @Test
    void beforeAfterDrawsTheReportsNumbersAndRefusesMismatchedReports() {
        try (Model lab = Skillscope.skillLab()) {
            TokenCodec codec = lab.codec();
            SplitSizes sizes = new SplitSizes(16, 8, 8);
            UnlearningData data = new UnlearningData(
                    EvalPart.ofSkills("add", Skillscope.skills(), List.of("add"), sizes, 0),
                    List.of(EvalPart.ofSkills("rev", Skillscope.skills(), List.of("rev"), sizes, 0)));
            Map<String, Double> before = UnlearningEvaluation.baseline(lab.transformer(), codec, data, 16);
            UnlearningReport none =
                    UnlearningEvaluation.run(lab.transformer(), codec, Unlearner.none(), data, 16, before);
            UnlearningReport na = Unlearning.run(
                    lab.transformer(),
                    codec,
                    data,
                    NeuronAdjust.Settings.defaults().withPercent(3).withBatchSize(16),
                    before);

            Chart c = Results.beforeAfter("forget add", none, na);
            Map<String, CategorySeries> series = ((CategoryChart) c.xchart()).getSeriesMap();
            assertEquals(List.of("before", "after none", "after na"), List.copyOf(series.keySet()));
            assertEquals(List.of("add", "rev"), List.copyOf(series.get("before").getXData()));
            assertEquals(List.of(na.forget().before(), na.retain().get(0).before()), ys(series.get("before")));
            assertEquals(List.of(na.forget().after(), na.retain().get(0).after()), ys(series.get("after na")));
            assertEquals(ys(series.get("before")), ys(series.get("after none")), "no intervention, no change");
            assertTrue(
                    na.forget().before() > 0.5,
                    "the skill lab adds: " + na.forget().before());

            UnlearningData other = new UnlearningData(
                    data.forget(), List.of(EvalPart.ofSkills("sort", Skillscope.skills(), List.of("sort"), sizes, 0)));
            UnlearningReport elsewhere =
                    UnlearningEvaluation.run(lab.transformer(), codec, Unlearner.none(), other, 16, before);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Results.beforeAfter("x", na, elsewhere));
            assertTrue(e.getMessage().contains("[add, sort]") && e.getMessage().contains("[add, rev]"), e.getMessage());
        }
    }

    private static List<Double> ys(CategorySeries s) {
        return s.getYData().stream().map(Number::doubleValue).toList();
    }

    @Test
    void sweepTableAndCurveUseEachMasksReachedSparsity() {
        LocalizationSettings settings = LocalizationSettings.of(0.25);
        Predictions pre = predictions(false, false, false, false);
        Predictions ft = predictions(true, true, true, false);
        SweepResult sweep = new SweepResult(
                "upc",
                List.of(
                        result(pre, ft, predictions(true, false, false, false), 1, settings),
                        result(pre, ft, predictions(true, true, true, false), 3, settings.withSparsity(0.5))));
        Table t = Results.table(sweep);
        assertArrayEquals(new double[] {0.25, 0.5}, t.doubles("target sparsity"));
        assertArrayEquals(new double[] {1 / 8.0, 3 / 8.0}, t.doubles("sparsity"));
        assertArrayEquals(new double[] {1 / 3.0, 1}, t.doubles("recovered"), 1e-12);
        assertArrayEquals(new double[] {0.75, 0.75}, t.doubles("ft"));
        // the dev columns (here the dev predictions are the test ones) and the dev choice: 3 of 3 recovers
        assertArrayEquals(new double[] {1 / 3.0, 1}, t.doubles("dev recovered"), 1e-12);
        assertEquals(List.of("", "yes"), List.of(t.row(0).get(15), t.row(1).get(15)));

        Map<String, SweepResult> curves = new LinkedHashMap<>();
        curves.put("learned", sweep);
        XYChart chart = (XYChart) Results.recovered("upc", curves).xchart();
        assertArrayEquals(
                new double[] {1 / 8.0, 3 / 8.0},
                chart.getSeriesMap().get("learned").getXData());
        assertArrayEquals(
                new double[] {1 / 3.0, 1}, chart.getSeriesMap().get("learned").getYData(), 1e-12);
    }

    private static Predictions predictions(boolean... correct) {
        double[] conf = new double[correct.length];
        java.util.Arrays.fill(conf, 0.9);
        int[][] out = new int[correct.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new int[] {correct[i] ? 1 : 2};
        }
        return new Predictions(out, correct, conf);
    }

    private static LocalizationResult result(
            Predictions pre, Predictions ft, Predictions graft, int selected, LocalizationSettings settings) {
        BitSet bits = new BitSet();
        bits.set(0, selected);
        Mask mask = Mask.builder()
                .put("model.layers.0.mlp.up_proj.weight", new long[] {2, 4}, bits)
                .build();
        return new LocalizationResult(
                "upc",
                mask,
                pre,
                ft,
                graft,
                0,
                List.of(),
                settings,
                new io.skillscope.localization.DevScores(pre, ft, graft));
    }

    @Test
    void orthogonalityTableHasAControlColumnAndAnglesOnlyWhenComputed() {
        String q = "model.layers.0.self_attn.q_proj.weight";
        String up = "model.layers.0.mlp.up_proj.weight";
        WeightUpdate a = WeightUpdate.of(
                        Map.of(q, ShapedArray.matrix(2, 2, 1, 0, 0, 0), up, ShapedArray.matrix(2, 2, 1, 1, 0, 0)))
                .labelled(Weights::label);
        WeightUpdate b = WeightUpdate.of(Map.of(
                q,
                ShapedArray.matrix(2, 2, 0, 1, 0, 0), // cos 0
                up,
                ShapedArray.matrix(2, 2, 1, 0, 0, 0))); // cos 1/√2
        WeightUpdate ctl = WeightUpdate.of(Map.of(
                q,
                ShapedArray.matrix(2, 2, -2, 0, 0, 0), // cos −1
                up,
                ShapedArray.matrix(2, 2, 3, 3, 0, 0))); // cos 1
        OrthogonalityReport plain = Orthogonality.between("SFT", a, "RL", b)
                .optControl("SFT 2", ctl)
                .optOptions(OrthogonalityOptions.defaults().withMaxSvdDim(0))
                .compute();
        Table t = Results.table(plain);
        assertEquals(
                List.of(
                        "module",
                        "tensors",
                        "elements",
                        "mean cos",
                        "median |cos|",
                        "median |cos| SFT vs SFT 2",
                        "median |cos| random",
                        "expected random",
                        "support overlap",
                        "chance"),
                t.columns());
        assertEquals(List.of("q", "up", "all"), t.strings("module"));
        assertArrayEquals(new double[] {0, Math.sqrt(0.5), Math.sqrt(0.5) / 2}, t.doubles("median |cos|"), 1e-6);
        assertArrayEquals(new double[] {1, 1, 1}, t.doubles("median |cos| SFT vs SFT 2"), 1e-6);

        OrthogonalityReport withAngles =
                Orthogonality.between("SFT", a, "RL", b).compute();
        Table u = Results.table(withAngles);
        assertTrue(
                u.columns().contains("mean angle°") && !u.columns().contains("median |cos| SFT vs SFT 2"),
                u.columns().toString());
        Chart heat = Results.heatmap(plain);
        assertEquals("Chart['cos(Δ SFT, Δ RL) (colour scale −1 to 1)': heat map 1×2, 640×420]", heat.toString());
        var styler = ((org.knowm.xchart.HeatMapChart) heat.xchart()).getStyler();
        assertEquals(-1, styler.getMin(), 0);
        assertEquals(1, styler.getMax(), 0);
    }
}
