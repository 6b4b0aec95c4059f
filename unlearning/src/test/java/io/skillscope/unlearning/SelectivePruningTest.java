package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectivePruningTest {
    private static NeuronStats meanAbs(double... m) {
        return NeuronStats.of(10, m, new double[m.length], m.clone(), m.clone(), null, null);
    }

    @Test
    void prunesTheLargestImportanceRatiosAndZeroesExactlyThose() {
        Map<String, NeuronStats> f = new LinkedHashMap<>();
        Map<String, NeuronStats> r = new LinkedHashMap<>();
        // ratios layer 0: [1, 4, 0.5, 1]; layer 1: [1, 1, 10, 2] (the big forget mean 9 of neuron 3 is matched by
        // retain)
        f.put("blocks.0.mlp.hook_post", meanAbs(1, 4, 0.5, 9));
        r.put("blocks.0.mlp.hook_post", meanAbs(1, 1, 1, 9));
        f.put("blocks.1.mlp.hook_post", meanAbs(2, 2, 5, 2));
        r.put("blocks.1.mlp.hook_post", meanAbs(2, 2, 0.5, 1));
        // ascending ratios [0.5, 1, 1, 1, 1, 2, 4, 10]; 25%: index floor(8·0.75) = 6 → 4: ratios 4 and 10
        SelectivePruning sp = SelectivePruning.fromStats(f, r, SelectivePruning.Settings.of(25), Map.of());
        assertEquals(2, sp.selected());
        assertArrayEquals(new int[] {1}, sp.pruned().get("blocks.0.mlp.hook_post"));
        assertArrayEquals(new int[] {2}, sp.pruned().get("blocks.1.mlp.hook_post"));
        // 30%: index floor(8·0.7) = 5 → 2: ratios 2, 4 and 10
        SelectivePruning sp30 = SelectivePruning.fromStats(f, r, SelectivePruning.Settings.of(30), Map.of());
        assertArrayEquals(new int[] {2, 3}, sp30.pruned().get("blocks.1.mlp.hook_post"));

        try (Transformer model = TinyModels.charLlama(2)) {
            SelectivePruning fitted = SelectivePruning.fit(
                    model,
                    TinyProbeData.bosRows("f", 8, 20, 40, 1),
                    TinyProbeData.bosRows("r", 8, 60, 90, 2),
                    SelectivePruning.Settings.of(5));
            ActivationCache after;
            ActivationCache before;
            try (HookSession raw = model.hooks()) {
                before = raw.cache("blocks.0.mlp.hook_post");
                try (HookSession s = fitted.install(model);
                        HookSession c = model.hooks()) {
                    after = c.cache("blocks.0.mlp.hook_post");
                    model.logits(1, 30, 31, 32);
                }
            }
            float[] x = before.get("blocks.0.mlp.hook_post").toFloats();
            float[] y = after.get("blocks.0.mlp.hook_post").toFloats();
            boolean[] pruned = new boolean[48];
            for (int i : fitted.pruned().get("blocks.0.mlp.hook_post")) {
                pruned[i] = true;
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(pruned[i % 48] ? 0f : x[i], y[i], 0);
            }
            assertEquals(
                    fitted.selected(),
                    fitted.pruned().values().stream().mapToInt(a -> a.length).sum());
        }
    }
}
