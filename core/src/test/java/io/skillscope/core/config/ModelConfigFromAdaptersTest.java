package io.skillscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parameter count and the Hugging Face config keys come from the architecture adapters; they equal
 * what the per-architecture switches they replaced computed.
 */
class ModelConfigFromAdaptersTest {
    private static final List<ModelConfig> CONFIGS = List.of(
            ModelConfig.gpt2(50257, 768, 12, 12, 1024),
            ModelConfig.gpt2(50, 16, 3, 2, 32).withTokenIds(0, 1),
            ModelConfig.llama(32000, 2048, 22, 32, 4, 5632, 2048),
            ModelConfig.llama(100, 64, 2, 4, 1, 128, 256)
                    .withTieWordEmbeddings(true)
                    .withTokenIds(0, 1),
            new ModelConfig(
                    Architecture.LLAMA,
                    50,
                    32,
                    2,
                    4,
                    2,
                    8,
                    64,
                    512,
                    1e-5,
                    1e4,
                    false,
                    true,
                    true,
                    true,
                    Activation.SILU,
                    null,
                    null,
                    null),
            new ModelConfig(
                    Architecture.MISTRAL,
                    50,
                    32,
                    1,
                    4,
                    2,
                    8,
                    64,
                    512,
                    1e-5,
                    1e6,
                    false,
                    false,
                    false,
                    false,
                    Activation.SILU,
                    null,
                    3,
                    256),
            new ModelConfig(
                    Architecture.MISTRAL,
                    50,
                    32,
                    1,
                    4,
                    2,
                    8,
                    64,
                    512,
                    1e-5,
                    1e6,
                    false,
                    false,
                    false,
                    false,
                    Activation.SILU,
                    null,
                    3,
                    null),
            new ModelConfig(
                    Architecture.QWEN2,
                    50,
                    32,
                    1,
                    4,
                    2,
                    8,
                    64,
                    512,
                    1e-6,
                    1e6,
                    true,
                    true,
                    false,
                    false,
                    Activation.SILU,
                    null,
                    null,
                    null),
            new ModelConfig(
                    Architecture.QWEN2,
                    50,
                    32,
                    3,
                    4,
                    2,
                    8,
                    64,
                    512,
                    1e-6,
                    1e6,
                    true,
                    true,
                    false,
                    false,
                    Activation.SILU,
                    null,
                    null,
                    128));

    @Test
    void parameterCountEqualsTheClosedForm() {
        for (ModelConfig c : CONFIGS) {
            assertEquals(oldParameterCount(c), c.parameterCount(), c.toString());
        }
    }

    @Test
    void hfJsonEqualsThePerArchitectureSwitch() {
        for (ModelConfig c : CONFIGS) {
            assertEquals(oldToHfJson(c).toString(), c.toHfJson().toString(), c.toString());
        }
    }

    static long oldParameterCount(ModelConfig c) {
        long d = c.hiddenSize();
        long v = c.vocabSize();
        long f = c.intermediateSize();
        if (c.architecture() == Architecture.GPT2) {
            long perLayer = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * f + f) + (f * d + d);
            return v * d + (long) c.maxPositions() * d + c.numLayers() * perLayer + 2 * d;
        }
        long q = c.qDim();
        long k = c.kvDim();
        long attention = d * q + 2 * d * k + q * d + (c.qkvBias() ? q + 2 * k : 0) + (c.outputBias() ? d : 0);
        long mlp = 3 * d * f + (c.mlpBias() ? 2 * f + d : 0);
        long perLayer = 2 * d + attention + mlp;
        return v * d + c.numLayers() * perLayer + d + (c.tieWordEmbeddings() ? 0 : v * d);
    }

    static JsonObject oldToHfJson(ModelConfig c) {
        JsonObject o = new JsonObject();
        JsonArray classes = new JsonArray();
        classes.add(c.architecture().hfClass());
        o.add("architectures", classes);
        o.addProperty("model_type", c.architecture().modelType());
        o.addProperty("vocab_size", c.vocabSize());
        if (c.architecture() == Architecture.GPT2) {
            o.addProperty("n_positions", c.maxPositions());
            o.addProperty("n_ctx", c.maxPositions());
            o.addProperty("n_embd", c.hiddenSize());
            o.addProperty("n_layer", c.numLayers());
            o.addProperty("n_head", c.numHeads());
            o.addProperty("n_inner", c.intermediateSize());
            o.addProperty("activation_function", c.activation().hfName(c.architecture()));
            o.addProperty("layer_norm_epsilon", c.normEps());
        } else {
            o.addProperty("hidden_size", c.hiddenSize());
            o.addProperty("intermediate_size", c.intermediateSize());
            o.addProperty("num_hidden_layers", c.numLayers());
            o.addProperty("num_attention_heads", c.numHeads());
            o.addProperty("num_key_value_heads", c.numKvHeads());
            o.addProperty("head_dim", c.headDim());
            o.addProperty("hidden_act", c.activation().hfName(c.architecture()));
            o.addProperty("max_position_embeddings", c.maxPositions());
            o.addProperty("rms_norm_eps", c.normEps());
            o.addProperty("rope_theta", c.ropeTheta());
            o.add("rope_scaling", JsonNull.INSTANCE);
            switch (c.architecture()) {
                case LLAMA -> {
                    o.addProperty("attention_bias", c.qkvBias());
                    o.addProperty("mlp_bias", c.mlpBias());
                }
                case MISTRAL -> o.add("sliding_window", number(c.slidingWindow()));
                case QWEN2 -> {
                    o.addProperty("use_sliding_window", c.slidingWindow() != null);
                    o.add("sliding_window", number(c.slidingWindow()));
                    o.addProperty("max_window_layers", c.slidingWindow() != null ? 0 : c.numLayers());
                }
                default -> throw new AssertionError(c.architecture());
            }
        }
        o.addProperty("tie_word_embeddings", c.tieWordEmbeddings());
        o.add("bos_token_id", number(c.bosTokenId()));
        o.add("eos_token_id", number(c.eosTokenId()));
        o.addProperty("torch_dtype", "float32");
        return o;
    }

    private static JsonElement number(Integer value) {
        return value == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(value);
    }
}
