package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ParamSpec;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.Diffs;
import io.skillscope.core.testing.TinyCheckpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regions and grafting on Phi-3 (fused qkv_proj, gate_up_proj) and on Llama 3 with rope_scaling. */
class Phi3GraftTest {
    @TempDir
    Path tmp;

    static ModelConfig phi3() {
        return ModelConfig.fromJson(
                JsonParser.parseString("{\"model_type\": \"phi3\", \"vocab_size\": 40, \"hidden_size\": 16,"
                                + " \"intermediate_size\": 24, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                                + " \"num_key_value_heads\": 2, \"sliding_window\": 6}")
                        .getAsJsonObject(),
                null);
    }

    static ModelConfig llama3() {
        return ModelConfig.fromJson(
                JsonParser.parseString("{\"model_type\": \"llama\", \"vocab_size\": 40, \"hidden_size\": 16,"
                                + " \"intermediate_size\": 24, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                                + " \"num_key_value_heads\": 2, \"tie_word_embeddings\": true, \"rope_scaling\":"
                                + " {\"rope_type\": \"llama3\", \"factor\": 8.0, \"low_freq_factor\": 1.0,"
                                + " \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 16}}")
                        .getAsJsonObject(),
                null);
    }

    @Test
    void everyDeclaredParameterIsInItsRegionAndLayer() {
        for (ModelConfig c : List.of(phi3(), llama3())) {
            for (ParamSpec s : Architectures.parameters(c)) {
                assertEquals(ParamRegion.of(s.region()), ParamRegion.of(s.name()), s.name());
                assertEquals(s.layer(), ParamRegion.layerOf(s.name()), s.name());
            }
        }
        assertEquals(ParamRegion.BLOCKS, ParamRegion.of("model.layers.1.self_attn.qkv_proj.weight"));
        assertEquals(ParamRegion.BLOCKS, ParamRegion.of("model.layers.1.mlp.gate_up_proj.weight"));
    }

    @Test
    void graftingEveryBlockTensorGivesTheFinetunedModel() {
        for (ModelConfig c : List.of(phi3(), llama3())) {
            Path pre = tmp.resolve(c.architecture() + "-pre");
            Path ft = tmp.resolve(c.architecture() + "-ft");
            int[] ids = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
            float[][] ftLogits;
            float[][] preLogits;
            try (Transformer m = Transformer.random(c, 5, Device.cpu())) {
                preLogits = m.logits(ids);
                m.save(pre, Map.of());
                SplittableRandom rng = new SplittableRandom(9);
                for (String n : m.parameters().names()) {
                    if (ParamRegion.of(n) == ParamRegion.BLOCKS) {
                        float[] w = m.parameters().get(n).toFloatArray();
                        m.parameters().write(n, TinyCheckpoints.plus(w, TinyCheckpoints.random(rng, w.length, 0.2)));
                    }
                }
                ftLogits = m.logits(ids);
                m.save(ft, Map.of());
            }
            try (TensorSource p = TensorSource.open(pre);
                    TensorSource f = TensorSource.open(ft)) {
                List<String> blocks = p.names().stream()
                        .filter(n -> ParamRegion.of(n) == ParamRegion.BLOCKS)
                        .toList();
                Path out = Graft.apply(p, f, Mask.constant(p, blocks, true), tmp.resolve(c.architecture() + "-g"));
                try (Transformer g = Transformer.load(out, Device.cpu())) {
                    assertEquals(c, g.config());
                    assertEquals(
                            0.0,
                            Diffs.maxAbsDiff(ftLogits, g.logits(ids)),
                            c.architecture().toString());
                    assertTrue(Diffs.maxAbsDiff(preLogits, g.logits(ids)) > 1e-4);
                }
            }
        }
    }
}
