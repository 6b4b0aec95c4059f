package io.skillscope.reports.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.analysis.calibration.Calibration;
import io.skillscope.analysis.calibration.CalibrationResult;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomBaseline;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.ParameterMask;
import io.skillscope.reports.Report;
import io.skillscope.reports.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionsTest {
    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void overlapMatrixSection() {
        String up = "model.layers.0.mlp.up_proj.weight";
        Map<String, ParameterMask> masks = new LinkedHashMap<>();
        masks.put(
                "reverse",
                ParameterMask.builder().putIndices(up, 10, 0, 1, 2, 3).build());
        masks.put("sort", ParameterMask.builder().putIndices(up, 10, 2, 3, 4).build());
        Section s = new OverlapMatrixSection().from(OverlapMatrix.ofMasks(masks));
        String html = Report.builder("Overlap").section(s).build().toHtml();
        assertEquals(2, count(html, "<svg"));
        // off-diagonal: 2/3 and 2/4 → mean 0.5833
        assertTrue(html.contains("<div class=\"value\">0.5833</div>"), "mean off-diagonal card");
        assertTrue(html.contains("∩ / |sort|"));
    }

    @Test
    void orthogonalitySectionWithControl(@TempDir Path dir) throws Exception {
        Map<String, ShapedArray> shapes = new TreeMap<>();
        Map<String, TensorLabel> labels = new TreeMap<>();
        for (int l = 0; l < 3; l++) {
            shapes.put("model.layers." + l + ".self_attn.q_proj.weight", ShapedArray.matrix(8, 8, new float[64]));
            shapes.put("model.layers." + l + ".mlp.up_proj.weight", ShapedArray.matrix(16, 8, new float[128]));
            shapes.put("model.layers." + l + ".input_layernorm.weight", ShapedArray.vector(new float[8]));
            labels.put("model.layers." + l + ".self_attn.q_proj.weight", TensorLabel.block(l, ModuleType.Q));
            labels.put("model.layers." + l + ".mlp.up_proj.weight", TensorLabel.block(l, ModuleType.UP));
            labels.put("model.layers." + l + ".input_layernorm.weight", TensorLabel.block(l, ModuleType.NORM));
        }
        WeightUpdate like = WeightUpdate.of(shapes);
        WeightUpdate sft = RandomBaseline.like(like, 1).labelled(labels::get);
        WeightUpdate rl = RandomBaseline.like(like, 2);
        WeightUpdate sft2 = RandomBaseline.like(like, 3);
        OrthogonalityReport r = Orthogonality.between("SFT", sft, "RL", rl)
                .optControl("SFT-2", sft2)
                .optOptions(OrthogonalityOptions.defaults().withRank(2).withTopFraction(0.1))
                .compute();
        Path f = Report.builder("SFT vs RL")
                .provenance("seed", "1,2,3")
                .section(new OrthogonalitySection(), r)
                .build()
                .writeTo(dir.resolve("o.html"));
        String html = Files.readString(f);
        assertEquals(3, count(html, "<svg")); // bars, heat map, per-layer lines
        assertEquals(4, count(html, "<table")); // by module, by layer, per tensor, provenance
        assertTrue(html.contains("median |cos| SFT vs SFT-2"));
        // the angle is read against the level of random subspaces of the same shapes
        assertTrue(html.contains("mean principal angle, random subspaces of the same shapes"));
        assertTrue(html.contains("<td>model.layers.2.mlp.up_proj.weight</td>"));
        assertTrue(html.contains("<td>layer 1</td>"));
    }

    @Test
    void orthogonalityWithAZeroUpdateLeavesOutItsChartsInsteadOfFailing() {
        Map<String, ShapedArray> shapes = new TreeMap<>();
        Map<String, TensorLabel> labels = new TreeMap<>();
        for (int l = 0; l < 2; l++) {
            shapes.put("model.layers." + l + ".self_attn.q_proj.weight", ShapedArray.matrix(8, 8, new float[64]));
            labels.put("model.layers." + l + ".self_attn.q_proj.weight", TensorLabel.block(l, ModuleType.Q));
        }
        WeightUpdate zero = WeightUpdate.of(shapes); // an RL run whose groups never differed in reward
        WeightUpdate sft = RandomBaseline.like(zero, 1).labelled(labels::get);
        WeightUpdate sft2 = RandomBaseline.like(zero, 3);
        OrthogonalityReport r = Orthogonality.between("SFT", sft, "RL", zero)
                .optControl("SFT-2", sft2)
                .optOptions(OrthogonalityOptions.defaults().withRank(2))
                .compute();
        String html = Report.builder("zero")
                .section(new OrthogonalitySection(), r)
                .build()
                .toHtml();
        assertTrue(html.contains("Every cosine of SFT vs RL is undefined"));
        assertEquals(
                2, count(html, "<svg"), "module bars and layer lines of the control and random series; no heat map");
        assertTrue(html.contains("<div class=\"label\">median |cos| SFT vs RL</div><div class=\"value\">n/a</div>"));
    }

    @Test
    void calibrationSection() {
        CalibrationResult ft = Calibration.of(
                "ft",
                new double[] {0.95, 0.95, 0.95, 0.95, 0.65, 0.65, 0.15, 0.15, 0.15, 0.15},
                new boolean[] {true, true, true, false, true, true, false, false, false, false});
        CalibrationResult graft = Calibration.of("graft", new double[] {0.9, 0.8}, new boolean[] {true, true});
        String html = Report.builder("Calibration")
                .section(new CalibrationSection().from(ft, graft))
                .build()
                .toHtml();
        assertTrue(html.contains("<div class=\"label\">ECE ft</div><div class=\"value\">0.21</div>"));
        assertEquals(1, count(html, "<svg"));
        assertEquals(2, count(html, "<table")); // per model, bins (no provenance given)
        assertTrue(html.contains("No provenance was recorded"));
        assertTrue(html.contains("<td>[0.9, 1)</td>"));
    }
}
