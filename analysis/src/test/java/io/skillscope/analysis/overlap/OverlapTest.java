package io.skillscope.analysis.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OverlapTest {
    private static final String UP0 = "model.layers.0.mlp.up_proj.weight";
    private static final String Q1 = "model.layers.1.self_attn.q_proj.weight";

    /** What the model's architecture says about these names. */
    private static final Map<String, TensorLabel> LABELS = Map.of(
            UP0,
            TensorLabel.block(0, ModuleType.UP),
            Q1,
            TensorLabel.block(1, ModuleType.Q),
            "model.embed_tokens.weight",
            new TensorLabel(OptionalInt.empty(), ModuleType.EMBED));

    // A: up0 {0,1,2,3}, q1 {0}       |A| = 5
    // B: up0 {2,3,4},   q1 {0,5}     |B| = 5
    // A∩B: up0 {2,3}, q1 {0}         |A∩B| = 3, |A∪B| = 7, universe 20
    private static final ParameterMask A = ParameterMask.builder()
            .putIndices(UP0, 10, 0, 1, 2, 3)
            .putIndices(Q1, 10, 0)
            .build();
    private static final ParameterMask B = ParameterMask.builder()
            .putIndices(UP0, 10, 2, 3, 4)
            .putIndices(Q1, 10, 0, 5)
            .build();

    @Test
    void totalOverlapAsymmetricAndJaccard() {
        OverlapResult r = Overlap.of(A, B);
        assertEquals(3, r.intersection());
        assertEquals(7, r.union());
        assertEquals(3.0 / 5, r.asymmetric(), 1e-12);
        assertEquals(3.0 / 7, r.jaccard(), 1e-12);
        assertEquals(5.0 / 20, r.chance(), 1e-12);
    }

    @Test
    void asymmetricFormDividesByB() {
        ParameterMask small = ParameterMask.builder().putIndices(UP0, 10, 2).build();
        // |small ∩ A| / |A| = 1/4 ; |A ∩ small| / |small| = 1/1
        assertEquals(
                0.25,
                Overlap.of(
                                small,
                                ParameterMask.builder()
                                        .putIndices(UP0, 10, 0, 1, 2, 3)
                                        .build())
                        .asymmetric(),
                1e-12);
        assertEquals(
                1.0,
                Overlap.of(
                                ParameterMask.builder()
                                        .putIndices(UP0, 10, 0, 1, 2, 3)
                                        .build(),
                                small)
                        .asymmetric(),
                1e-12);
    }

    @Test
    void perLayerAndPerModule() {
        OverlapBreakdown b = Overlap.breakdown(A, B, LABELS);
        // layer 0: up0 only: |A∩B| = 2, |A| = 4, |B| = 3 → 2/3, Jaccard 2/5
        assertEquals(2, b.byLayer().get(0).intersection());
        assertEquals(2.0 / 3, b.byLayer().get(0).asymmetric(), 1e-12);
        assertEquals(2.0 / 5, b.byLayer().get(0).jaccard(), 1e-12);
        // layer 1: q1: |A∩B| = 1, |A| = 1, |B| = 2 → 1/2, Jaccard 1/2
        assertEquals(0.5, b.byLayer().get(1).asymmetric(), 1e-12);
        assertEquals(0.5, b.byLayer().get(1).jaccard(), 1e-12);
        assertEquals(b.byLayer().get(0), b.byModule().get(ModuleType.UP));
        assertEquals(b.byLayer().get(1), b.byModule().get(ModuleType.Q));
        assertEquals(2, b.byModule().size());
    }

    @Test
    void tensorInOnlyOneMaskCountsInSizeNotIntersection() {
        ParameterMask withEmbed = A.union(ParameterMask.builder()
                .putIndices("model.embed_tokens.weight", 5, 1)
                .build());
        OverlapResult r = Overlap.of(withEmbed, B);
        assertEquals(3, r.intersection());
        assertEquals(6, r.sizeA());
        assertEquals(25, r.universe());
        assertEquals(2, Overlap.breakdown(withEmbed, B, LABELS).byLayer().size());
    }

    @Test
    void mismatchedSizesNameTheTensor() {
        ParameterMask other = ParameterMask.builder().putIndices(UP0, 12, 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Overlap.of(A, other));
        assertTrue(e.getMessage().contains(UP0) && e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void maskCountsAndToString() {
        assertEquals(5, A.count());
        assertEquals(20, A.totalElements());
        assertEquals(0.25, A.sparsity(), 1e-12);
        assertEquals("ParameterMask[2 tensors, 5 of 20 selected (25.0000%)]", A.toString());
        assertThrows(
                IllegalArgumentException.class, () -> ParameterMask.builder().putIndices(UP0, 4, 4));
    }

    @Test
    void neuronSetsOverlapPerLayer() {
        NeuronSet a = NeuronSet.of(List.of(new Neuron(0, 1), new Neuron(0, 2), new Neuron(2, 7)), 16);
        NeuronSet b = NeuronSet.of(List.of(new Neuron(0, 2), new Neuron(1, 3), new Neuron(2, 7), new Neuron(2, 8)), 16);
        OverlapBreakdown r = Overlap.breakdown(a, b);
        // shared: L0/N2, L2/N7 → 2; |A| = 3, |B| = 4 → 2/4; union 5 → Jaccard 2/5
        assertEquals(0.5, r.total().asymmetric(), 1e-12);
        assertEquals(0.4, r.total().jaccard(), 1e-12);
        assertEquals(List.of(0, 1, 2), List.copyOf(r.byLayer().keySet()));
        assertEquals(0.0, r.byLayer().get(1).asymmetric(), 0);
        assertEquals(0.5, r.byLayer().get(2).asymmetric(), 1e-12);
        // universe: 3 layers touched × 16 neurons
        assertEquals(48, r.total().universe());
        assertEquals("NeuronSet[3 neurons in 2 layers: L0=2, L2=1]", a.toString());
    }

    @Test
    void overlapMatrixOfThreeSkills() {
        ParameterMask c = ParameterMask.builder()
                .putIndices(UP0, 10, 9)
                .putIndices(Q1, 10, 9)
                .build();
        Map<String, ParameterMask> masks = new LinkedHashMap<>();
        masks.put("a", A);
        masks.put("b", B);
        masks.put("c", c);
        OverlapMatrix m = OverlapMatrix.ofMasks(masks);
        double[][] asym = m.asymmetric();
        assertEquals(1.0, asym[0][0], 0);
        assertEquals(3.0 / 5, asym[0][1], 1e-12);
        assertEquals(3.0 / 5, asym[1][0], 1e-12); // |A| = |B| = 5
        assertEquals(0.0, asym[2][0], 0);
        assertEquals(3.0 / 7, m.jaccard()[1][0], 1e-12);
        assertEquals(3, m.intersections()[0][1]);
        // off-diagonal: 0.6, 0, 0.6, 0, 0, 0 → mean 0.2
        assertEquals(0.2, m.meanOffDiagonal(), 1e-12);
        assertTrue(m.toString().startsWith("OverlapMatrix[3 skills: a (5), b (5), c (2)"), m.toString());
    }
}
