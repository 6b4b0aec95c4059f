package io.skillscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomBaseline;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.results.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** result.json envelopes and payloads survive a write and a read; broken files fail naming the file and field. */
class ArtifactJsonTest {
    @TempDir
    Path dir;

    private static OrthogonalityReport orthogonality() {
        Map<String, ShapedArray> shapes = new TreeMap<>();
        for (int l = 0; l < 2; l++) {
            shapes.put("model.layers." + l + ".self_attn.q_proj.weight", ShapedArray.matrix(8, 8, new float[64]));
            shapes.put("model.layers." + l + ".mlp.down_proj.weight", ShapedArray.matrix(8, 16, new float[128]));
        }
        shapes.put("model.norm.weight", ShapedArray.vector(new float[8]));
        WeightUpdate like = WeightUpdate.of(shapes);
        return Orthogonality.between(
                        "SFT",
                        RandomBaseline.like(like, 1).labelled(TensorLabels::of),
                        "RL",
                        RandomBaseline.like(like, 2))
                .optControl("SFT-2", RandomBaseline.like(like, 3))
                .optOptions(OrthogonalityOptions.defaults().withRank(2).withTopFraction(0.1))
                .compute();
    }

    @Test
    void orthogonalityReportRoundTripsWithIdenticalRowsAndSummaries() {
        OrthogonalityReport r = orthogonality();
        OrthogonalityReport back = OrthogonalityJson.read(OrthogonalityJson.write(r), dir.resolve("result.json"));
        assertEquals(r.rows(), back.rows(), "cosines, angles and supports exact");
        assertEquals(r.overall(), back.overall());
        assertEquals(r.byModule(), back.byModule());
        assertEquals(r.byLayer(), back.byLayer());
        assertEquals(r.controlLabel(), back.controlLabel());
        assertEquals(r.options(), back.options());
        assertEquals(5, back.rows().size());
    }

    @Test
    void envelopeRoundTripsAndNonFiniteNumbersBecomeNull() throws Exception {
        List<TrainingRun> runs =
                List.of(new TrainingRun("base", "BASE", "shipped", 0, 0, Double.NaN, 0.25, Double.NaN, Double.NaN, 0));
        JsonObject result = OrthogonalityJson.write(orthogonality());
        result.add("runs", ResultJson.runs(runs));
        StepArtifact a = new StepArtifact(
                ResultKind.ORTHOGONALITY,
                "t",
                "s",
                "ci",
                7,
                1.5,
                new JsonObject(),
                Map.of("model_sha256", "abc"),
                Map.of("sft", "sft/"),
                Map.of("djl", "0.36.0"),
                result);
        a.write(dir);
        String text = Files.readString(dir.resolve("result.json"));
        assertFalse(text.contains("NaN"), "NaN is written as null");
        assertTrue(text.contains("\"final_loss\": null"));
        StepArtifact back = StepArtifact.read(dir);
        assertEquals(a.kind(), back.kind());
        assertEquals(7, back.seed());
        assertEquals(Map.of("model_sha256", "abc"), back.inputs());
        assertTrue(Double.isNaN(ResultJson.runs(back.result().getAsJsonArray("runs"), dir)
                .get(0)
                .finalLoss()));
        assertEquals(
                0.25,
                ResultJson.runs(back.result().getAsJsonArray("runs"), dir)
                        .get(0)
                        .accuracy());
        String html = ArtifactReports.report(dir).toHtml();
        assertTrue(
                html.contains("<h2>Orthogonality of weight updates</h2>") && html.contains("<h2>Training runs</h2>"));
    }

    @Test
    void sweepCalibrationIsRecomputedFromTheRawPredictions() {
        Reliability pre = new Reliability("pre", new double[] {0.9, 0.6, 0.2}, new boolean[] {false, true, false});
        SparsitySweep w = new SparsitySweep(
                "evn",
                3,
                List.of(new SparsitySweep.Point(1e-3, 2e-3, 20, 10_000, 0, 0.9, 0.8, 0.5, 0.1, 0.2, 0.85, 4)),
                List.of(pre.calibration()),
                "graft at 2.0e-03",
                0);
        com.google.gson.JsonObject json = ResultJson.sweep(w, List.of(pre));
        SparsitySweep back = ResultJson.sweep(json, dir.resolve("result.json"));
        assertEquals(w.points(), back.points());
        assertEquals(0, back.chosen());
        json.remove("chosen"); // written before the chosen point was recorded: found from calibration_of
        assertEquals(0, ResultJson.sweep(json, dir.resolve("result.json")).chosen());
        assertEquals(pre.calibration(), back.calibration().get(0));
        assertEquals((0.9 + 0.4 + 0.2) / 3, back.calibration().get(0).ece(), 1e-12, "|0−0.9|, |1−0.6|, |0−0.2| over 3");
    }

    @Test
    void missingFolderFileAndFieldsAreNamed() throws Exception {
        DemoException noFolder = assertThrows(DemoException.class, () -> StepArtifact.read(dir.resolve("nope")));
        assertTrue(
                noFolder.getMessage().contains("nope") && noFolder.getMessage().contains("not a folder"));
        DemoException noFile = assertThrows(DemoException.class, () -> StepArtifact.read(dir));
        assertTrue(noFile.getMessage().startsWith(dir + ": no result.json"), noFile.getMessage());
        Files.writeString(dir.resolve("result.json"), "{\"kind\": \"probe-comparison\", \"title\": \"t\"}");
        DemoException noField = assertThrows(DemoException.class, () -> StepArtifact.read(dir));
        assertTrue(noField.getMessage().contains("field 'summary' is missing"), noField.getMessage());
        Files.writeString(dir.resolve("result.json"), "[1, 2]");
        assertTrue(assertThrows(DemoException.class, () -> StepArtifact.read(dir))
                .getMessage()
                .contains("expected a JSON object"));
        Files.writeString(dir.resolve("result.json"), "{\"kind\": \"probe\"}");
        DemoException probe = assertThrows(DemoException.class, () -> ArtifactReports.report(dir));
        assertTrue(
                probe.getMessage().equals(dir.resolve("result.json") + ": field 'datasets' is missing"),
                "a command's output missing a field: " + probe.getMessage());
        Files.writeString(dir.resolve("result.json"), "{\"kind\": \"horoscope\"}");
        DemoException unknown = assertThrows(DemoException.class, () -> ArtifactReports.report(dir));
        assertTrue(
                unknown.getMessage().contains("unknown kind \"horoscope\"")
                        && unknown.getMessage().contains(ResultKind.known()),
                unknown.getMessage());
    }
}
