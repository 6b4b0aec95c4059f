package io.skillscope.analysis.orthogonality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OrthogonalityTest {
    private static final String Q0 = "model.layers.0.self_attn.q_proj.weight";
    private static final String Q1 = "model.layers.1.self_attn.q_proj.weight";
    private static final String UP0 = "model.layers.0.mlp.up_proj.weight";
    private static final String UP1 = "model.layers.1.mlp.up_proj.weight";

    /** What the model's architecture says about these names. */
    private static final Map<String, TensorLabel> LABELS = Map.of(
            Q0,
            TensorLabel.block(0, ModuleType.Q),
            Q1,
            TensorLabel.block(1, ModuleType.Q),
            UP0,
            TensorLabel.block(0, ModuleType.UP),
            UP1,
            TensorLabel.block(1, ModuleType.UP));

    private static WeightUpdate update(float[] q0, float[] q1, float[] up0, float[] up1) {
        Map<String, ShapedArray> m = new TreeMap<>();
        m.put(Q0, ShapedArray.vector(q0));
        m.put(Q1, ShapedArray.vector(q1));
        m.put(UP0, ShapedArray.vector(up0));
        m.put(UP1, ShapedArray.vector(up1));
        return WeightUpdate.of(m).labelled(LABELS::get);
    }

    // A vs B per tensor: q0 cos 0, q1 cos 1, up0 cos 24/25 = 0.96, up1 cos −1
    private static final WeightUpdate A =
            update(new float[] {1, 0}, new float[] {1, 0}, new float[] {3, 4}, new float[] {3, 4});
    private static final WeightUpdate B =
            update(new float[] {0, 1}, new float[] {2, 0}, new float[] {4, 3}, new float[] {-3, -4});

    @Test
    void perTensorPerModuleAndPerLayer() {
        OrthogonalityReport r = Orthogonality.between("SFT", A, "RL", B)
                .optControl("SFT-2", A)
                .optOptions(OrthogonalityOptions.defaults().withTopFraction(0.5))
                .compute();
        assertEquals(4, r.rows().size());
        Map<String, Double> cos = new TreeMap<>();
        r.rows().forEach(t -> cos.put(t.name(), t.cosine()));
        assertEquals(0.0, cos.get(Q0), 1e-12);
        assertEquals(1.0, cos.get(Q1), 1e-12);
        assertEquals(0.96, cos.get(UP0), 1e-7);
        assertEquals(-1.0, cos.get(UP1), 1e-12);

        GroupSummary q = r.byModule().get(ModuleType.Q);
        assertEquals(2, q.tensors());
        assertEquals(0.5, q.meanCosine(), 1e-12); // (0 + 1) / 2
        assertEquals(0.5, q.medianAbsCosine(), 1e-12); // median{0, 1}
        GroupSummary up = r.byModule().get(ModuleType.UP);
        assertEquals(-0.02, up.meanCosine(), 1e-7); // (0.96 − 1) / 2
        assertEquals(0.98, up.medianAbsCosine(), 1e-7); // median{0.96, 1}
        assertEquals(1.0, up.controlMeanCosine(), 1e-12); // control = A itself

        assertEquals(0.48, r.byLayer().get(0).meanCosine(), 1e-7); // (0 + 0.96) / 2
        assertEquals(0.0, r.byLayer().get(1).meanCosine(), 1e-12); // (1 − 1) / 2
        assertEquals(4, r.overall().tensors());
        assertEquals(8, r.overall().elements());

        // k = 1 of 2: q0 tops {0} vs {1} → 0; q1, up1 share → 1; up0 {1} vs {0} → 0
        assertEquals(0.5, r.overall().meanSupportOverlap(), 1e-12);
        assertEquals(0.5, r.overall().meanSupportChance(), 1e-12);

        double[][] grid = r.cosineByLayerAndModule();
        assertEquals(List.of(ModuleType.Q, ModuleType.UP), r.modules());
        assertEquals(0.96, grid[0][1], 1e-7);
        assertEquals(-1.0, grid[1][1], 1e-12);
        assertTrue(r.toString().startsWith("OrthogonalityReport[SFT vs RL, 4 tensors"), r.toString());
    }

    @Test
    void matricesGetPrincipalAnglesAndMissingTensorsAreSkipped() {
        WeightUpdate a =
                WeightUpdate.of(Map.of(Q0, ShapedArray.matrix(3, 2, 3, 0, 0, 1, 0, 0), UP0, ShapedArray.vector(1, 2)));
        WeightUpdate b = WeightUpdate.of(Map.of(Q0, ShapedArray.matrix(3, 2, 0, 1, 5, 0, 0, 0)));
        OrthogonalityReport r = Orthogonality.between("A", a, "B", b)
                .optOptions(OrthogonalityOptions.defaults().withRank(1))
                .compute();
        assertEquals(List.of(UP0), r.skipped());
        assertEquals(90.0, r.rows().get(0).angles().degrees()[0], 1e-9);
        assertTrue(Double.isNaN(r.rows().get(0).controlCosine()));
        assertTrue(r.controlLabel().isEmpty());
    }

    @Test
    void shapeMismatchNamesTheTensor() {
        WeightUpdate a = WeightUpdate.of(Map.of(Q0, ShapedArray.vector(1, 2)));
        WeightUpdate b = WeightUpdate.of(Map.of(Q0, ShapedArray.vector(1, 2, 3)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Orthogonality.between("A", a, "B", b).compute());
        assertTrue(e.getMessage().contains(Q0), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ShapedArray(new float[3], new int[] {2, 2}));
    }
}
