package io.skillscope.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonParser;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.testing.TinyProbeData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Neuron Adjust, Key Space Detection and Selective Pruning on a GPT-NeoX (parallel-residual, partial
 * rotary) model: they read and replace {@code mlp.hook_pre}/{@code mlp.hook_post} by name, so the
 * family needs nothing of its own; KSD refuses {@code hook_resid_mid}, which parallel blocks lack.
 */
class GptNeoXMethodsTest {
    static Transformer neox(long seed) {
        ModelConfig c = ModelConfig.fromJson(
                JsonParser.parseString("{\"model_type\": \"gpt_neox\", \"vocab_size\": " + TinyModels.CHAR_VOCAB
                                + ", \"hidden_size\": 32, \"num_hidden_layers\": 2, \"num_attention_heads\": 2,"
                                + " \"intermediate_size\": 48, \"max_position_embeddings\": 64}")
                        .getAsJsonObject(),
                null);
        return Transformer.random(c, seed, Device.cpu());
    }

    @Test
    void neuronAdjustKeySpaceDetectionAndSelectivePruningRunOnNeoX() {
        try (Transformer model = neox(3)) {
            int[] ids = {1, 25, 30, 35, 22, 21};
            float[][] plain = model.logits(ids);
            NeuronAdjust na = NeuronAdjustTest.fitted(model, 30, false, 1);
            assertTrue(na.selected() > 0, na.toString());
            try (HookSession s = na.install(model)) {
                assertFalse(Arrays.deepEquals(plain, model.logits(ids)), "Neuron Adjust changes the logits");
            }
            ProbeDataset forget = TinyProbeData.bosRows("forget", 12, 20, 40, 1);
            SelectivePruning sp = SelectivePruning.fit(
                    model, forget, TinyProbeData.bosRows("retain", 12, 60, 90, 2), SelectivePruning.Settings.of(20));
            assertTrue(sp.selected() > 0);
            try (HookSession s = sp.install(model)) {
                assertFalse(Arrays.deepEquals(plain, model.logits(ids)), "pruning changes the logits");
            }
            KeySpaceDetector d = KeySpaceDetector.fit(
                    model, forget, KeySpaceDetector.Settings.defaults().withLayer(LayerChoice.LAST));
            assertEquals("blocks.1.mlp.hook_post", d.hook());
            assertEquals(1.0, Arrays.stream(d.promptScores(model, forget)).max().orElseThrow(), 0);
            SkillscopeException e = assertThrows(
                    SkillscopeException.class,
                    () -> KeySpaceDetector.fit(
                            model,
                            forget,
                            KeySpaceDetector.Settings.defaults()
                                    .withLayer(LayerChoice.LAST)
                                    .withSite(HookSite.RESID_MID)));
            assertTrue(e.getMessage().contains("hook_resid_mid"), e.getMessage());
            assertTrue(Arrays.deepEquals(plain, model.logits(ids)), "closing the sessions restores the model");
        }
    }
}
