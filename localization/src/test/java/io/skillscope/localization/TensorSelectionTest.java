package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import io.skillscope.grafting.ParamRegion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TensorSelectionTest {

    private static List<String> admitted(TensorSelection sel) {
        try (Transformer m = Transformer.random(Toy.config(), 1, Device.cpu())) {
            ParameterStore p = m.parameters();
            return p.names().stream()
                    .filter(n -> sel.admits(p.spec(n), ParamRegion.defaults()))
                    .toList();
        }
    }

    @Test
    void allAdmitsEveryBlockTensorAndNothingOutside() {
        List<String> names = admitted(TensorSelection.all());
        assertTrue(names.contains("model.layers.0.mlp.up_proj.weight"), names.toString());
        assertTrue(names.contains("model.layers.1.self_attn.q_proj.weight"), names.toString());
        assertFalse(names.contains("model.embed_tokens.weight"), names.toString());
        assertTrue(TensorSelection.all().isAll());
    }

    @Test
    void mlpsOfChosenLayers() {
        List<String> names = admitted(new TensorSelection(Set.of(1), true, null, 0));
        assertEquals(
                List.of(
                        "model.layers.1.mlp.gate_proj.weight",
                        "model.layers.1.mlp.up_proj.weight",
                        "model.layers.1.mlp.down_proj.weight"),
                names.stream().sorted((a, b) -> order(a) - order(b)).toList());
    }

    private static int order(String n) {
        return n.contains("gate") ? 0 : n.contains("up") ? 1 : 2;
    }

    @Test
    void aRegexOverNames() {
        List<String> names = admitted(new TensorSelection(Set.of(), false, Pattern.compile("layers\\.0\\..*_proj"), 0));
        assertEquals(7, names.size(), names.toString()); // q, k, v, o, gate, up, down of block 0
        assertTrue(names.stream().allMatch(n -> n.startsWith("model.layers.0.")), names.toString());
    }

    @Test
    void aBudgetKeepsTheMostChangedTensorsThatFit() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("a", 100L);
        sizes.put("b", 60L);
        sizes.put("c", 50L);
        Map<String, Double> delta = Map.of("a", 0.1, "b", 0.5, "c", 0.3);
        TensorSelection sel = new TensorSelection(Set.of(), false, null, 120);
        assertEquals(List.of("b", "c"), sel.rank(sizes, delta), "b (most changed) then c fit in 120; a does not");
        assertEquals(List.of("a", "b", "c"), TensorSelection.all().rank(sizes, delta));
        LocalizationException x = assertThrows(
                LocalizationException.class, () -> new TensorSelection(Set.of(), false, null, 10).rank(sizes, delta));
        assertTrue(x.getMessage().contains("budget of 10"), x.getMessage());
        assertTrue(x.getMessage().contains("smallest has 50"), x.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(LocalizationException.class, () -> new TensorSelection(Set.of(-1), false, null, 0));
        assertThrows(LocalizationException.class, () -> new TensorSelection(Set.of(), false, null, -5));
        assertEquals("layers [1, 2], MLPs, budget 7", new TensorSelection(Set.of(2, 1), true, null, 7).toString());
    }
}
