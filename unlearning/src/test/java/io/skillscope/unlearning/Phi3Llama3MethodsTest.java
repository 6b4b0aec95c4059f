package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonParser;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.Diffs;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neuron Adjust and Selective Pruning on Phi-3 (fused gate_up_proj: the hooks split it) and on Llama 3
 * with llama3 rope scaling, through the hook names alone.
 */
class Phi3Llama3MethodsTest {
    static final String SIZES = "\"vocab_size\": 96, \"hidden_size\": 32, \"intermediate_size\": 48,"
            + " \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2,"
            + " \"bos_token_id\": 1";

    static List<ModelConfig> configs() {
        return List.of(
                ModelConfig.fromJson(
                        JsonParser.parseString("{\"model_type\": \"phi3\", " + SIZES + ", \"sliding_window\": 6}")
                                .getAsJsonObject(),
                        null),
                ModelConfig.fromJson(
                        JsonParser.parseString("{\"model_type\": \"llama\", " + SIZES + ", \"tie_word_embeddings\":"
                                        + " true, \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0,"
                                        + " \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0,"
                                        + " \"original_max_position_embeddings\": 16}}")
                                .getAsJsonObject(),
                        null));
    }

    static final int[] IDS = {1, 30, 31, 32, 70, 71};

    @Test
    void neuronAdjustSelectsAndChangesLogits() {
        for (ModelConfig c : configs()) {
            try (Transformer model = Transformer.random(c, 3, Device.cpu())) {
                NeuronAdjust na = NeuronAdjust.fit(
                        model,
                        TinyProbeData.bosRows("forget", 12, 20, 40, 1),
                        TinyProbeData.bosRows("retain", 12, 60, 90, 2),
                        new NeuronAdjust.Settings(10, 42, false, true, 8));
                assertTrue(na.selected() >= 9, c.architecture() + " " + na); // 10% of 96 neurons
                float[][] clean = model.logits(IDS);
                try (HookSession s = na.install(model)) {
                    assertTrue(
                            Diffs.maxAbsDiff(clean, model.logits(IDS)) > 1e-5,
                            c.architecture().toString());
                }
            }
        }
    }

    @Test
    void selectivePruningZeroesExactlyThePrunedNeurons() {
        for (ModelConfig c : configs()) {
            try (Transformer model = Transformer.random(c, 2, Device.cpu())) {
                SelectivePruning fitted = SelectivePruning.fit(
                        model,
                        TinyProbeData.bosRows("f", 8, 20, 40, 1),
                        TinyProbeData.bosRows("r", 8, 60, 90, 2),
                        SelectivePruning.Settings.of(5));
                assertTrue(fitted.selected() > 0, c.architecture().toString());
                ActivationCache before;
                ActivationCache after;
                float[][] clean = model.logits(IDS);
                float[][] pruned;
                try (HookSession raw = model.hooks()) {
                    before = raw.cache("blocks.0.mlp.hook_post");
                    try (HookSession s = fitted.install(model);
                            HookSession cache = model.hooks()) {
                        after = cache.cache("blocks.0.mlp.hook_post");
                        pruned = model.logits(IDS);
                    }
                }
                float[] x = before.get("blocks.0.mlp.hook_post").toFloats();
                float[] y = after.get("blocks.0.mlp.hook_post").toFloats();
                boolean[] zero = new boolean[48];
                for (int i : fitted.pruned().getOrDefault("blocks.0.mlp.hook_post", new int[0])) {
                    zero[i] = true;
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(zero[i % 48] ? 0f : x[i], y[i], 0);
                }
                assertTrue(
                        Diffs.maxAbsDiff(clean, pruned) > 1e-6, c.architecture().toString());
            }
        }
    }
}
