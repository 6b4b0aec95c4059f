package io.skillscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.TensorSource;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

    @TempDir
    Path dir;

    static Path fixture(String model) {
        try {
            return Path.of(ModelConfigTest.class
                    .getResource("/fixtures/reference/" + model)
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return file;
    }

    private static String messageOf(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected \"" + p + "\" in: " + message);
        }
    }

    @Test
    void gpt2FixtureParsesToTheDocumentedValues() {
        ModelConfig c = ModelConfig.load(fixture("gpt2-tiny").resolve("config.json"));
        assertEquals(Architecture.GPT2, c.architecture());
        assertEquals(97, c.vocabSize());
        assertEquals(64, c.hiddenSize());
        assertEquals(2, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(4, c.numKvHeads());
        assertEquals(16, c.headDim());
        assertEquals(256, c.intermediateSize());
        assertEquals(64, c.maxPositions());
        assertEquals(1e-5, c.normEps());
        assertEquals(0.0, c.ropeTheta());
        assertTrue(c.tieWordEmbeddings());
        assertTrue(c.qkvBias() && c.outputBias() && c.mlpBias());
        assertEquals(Activation.GELU_TANH, c.activation());
        assertEquals(96, c.bosTokenId());
        assertEquals(96, c.eosTokenId());
        assertNull(c.slidingWindow());
        assertFalse(c.gated());
        assertEquals(c, ModelConfig.load(fixture("gpt2-tiny-hubnames")), "a folder works too");
    }

    @Test
    void llamaFixtureParsesToTheDocumentedValues() {
        ModelConfig c = ModelConfig.load(fixture("llama-tiny").resolve("config.json"));
        assertEquals(Architecture.LLAMA, c.architecture());
        assertEquals(97, c.vocabSize());
        assertEquals(64, c.hiddenSize());
        assertEquals(2, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(2, c.numKvHeads());
        assertEquals(16, c.headDim());
        assertEquals(176, c.intermediateSize());
        assertEquals(128, c.maxPositions());
        assertEquals(1e-5, c.normEps());
        assertEquals(10000.0, c.ropeTheta());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.qkvBias() || c.outputBias() || c.mlpBias());
        assertEquals(Activation.SILU, c.activation());
        assertEquals(1, c.bosTokenId());
        assertEquals(2, c.eosTokenId());
        assertTrue(c.gated());
        assertEquals(64, c.qDim());
        assertEquals(32, c.kvDim());
    }

    @Test
    void parameterCountEqualsTheFixtureTensorSizes() {
        for (String model : new String[] {"gpt2-tiny", "gpt2-tiny-hubnames", "llama-tiny"}) {
            ModelConfig c = ModelConfig.load(fixture(model));
            long total = 0;
            try (TensorSource src = TensorSource.open(fixture(model))) {
                for (String name : src.names()) {
                    if (!name.endsWith(".attn.bias")) { // GPT-2 causal-mask buffers, not parameters
                        total += src.info(name).numel();
                    }
                }
            }
            assertEquals(total, c.parameterCount(), model);
        }
    }

    @Test
    void toHfJsonRoundTrips() {
        ModelConfig[] configs = {
            ModelConfig.load(fixture("gpt2-tiny")),
            ModelConfig.load(fixture("llama-tiny")),
            ModelConfig.llama(100, 64, 2, 4, 1, 128, 256)
                    .withTieWordEmbeddings(true)
                    .withTokenIds(0, 1),
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
                    128),
        };
        for (ModelConfig c : configs) {
            JsonObject json = c.toHfJson();
            assertEquals(c.architecture().modelType(), json.get("model_type").getAsString());
            assertEquals(
                    c.architecture().hfClass(),
                    json.getAsJsonArray("architectures").get(0).getAsString());
            assertEquals("float32", json.get("torch_dtype").getAsString());
            // Through text, as a file would go.
            JsonObject reparsed = JsonParser.parseString(json.toString()).getAsJsonObject();
            assertEquals(
                    c, ModelConfig.fromJson(reparsed, null), c.architecture().toString());
        }
        JsonObject gpt2 = configs[0].toHfJson();
        assertEquals("gelu_new", gpt2.get("activation_function").getAsString());
        assertEquals(64, gpt2.get("n_embd").getAsInt());
        assertEquals(256, gpt2.get("n_inner").getAsInt());
    }

    @Test
    void qwen2StyleConfigHasQkvBiasesOnly() throws IOException {
        Path file = write("qwen2", """
        {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 151936,
         "hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24,
         "num_attention_heads": 14, "num_key_value_heads": 2, "hidden_act": "silu",
         "max_position_embeddings": 32768, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
         "sliding_window": 32768, "use_sliding_window": false, "max_window_layers": 21,
         "tie_word_embeddings": true, "bos_token_id": 151643, "eos_token_id": 151643,
         "torch_dtype": "bfloat16"}
        """);
        ModelConfig c = ModelConfig.load(file);
        assertEquals(Architecture.QWEN2, c.architecture());
        assertTrue(c.qkvBias());
        assertFalse(c.outputBias());
        assertFalse(c.mlpBias());
        assertEquals(64, c.headDim());
        assertEquals(2, c.numKvHeads());
        assertEquals(1e6, c.ropeTheta());
        assertEquals(1e-6, c.normEps());
        assertTrue(c.tieWordEmbeddings());
        assertNull(c.slidingWindow(), "use_sliding_window false");
        assertEquals(151643, c.eosTokenId());
        // Qwen2-0.5B has 494,032,768 parameters with tied embeddings.
        assertEquals(494_032_768L, c.parameterCount());
    }

    @Test
    void qwen2SlidingWindowOnSomeLayersOnlyIsRefused() throws IOException {
        Path file = write("qwen2sw", """
        {"model_type": "qwen2", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 4, "num_attention_heads": 4, "use_sliding_window": true,
         "sliding_window": 16, "max_window_layers": 2}
        """);
        assertMentions(messageOf(file), "max_window_layers 2", "not supported yet");
    }

    @Test
    void mistralStyleConfigUsesDefaultsAndSlidingWindow() throws IOException {
        Path file = write("mistral", """
        {"architectures": ["MistralForCausalLM"], "model_type": "mistral", "vocab_size": 32000,
         "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
         "num_attention_heads": 32, "num_key_value_heads": 8, "hidden_act": "silu",
         "max_position_embeddings": 32768, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
         "sliding_window": 4096, "tie_word_embeddings": false, "bos_token_id": 1, "eos_token_id": 2}
        """);
        ModelConfig c = ModelConfig.load(file);
        assertEquals(Architecture.MISTRAL, c.architecture());
        assertEquals(4096, c.slidingWindow());
        assertEquals(128, c.headDim());
        assertFalse(c.qkvBias() || c.outputBias() || c.mlpBias());
        assertEquals(Activation.SILU, c.activation());
        // Mistral-7B-v0.1: 7,241,732,096 parameters.
        assertEquals(7_241_732_096L, c.parameterCount());

        Path minimal = write("mistral-min", """
        {"model_type": "mistral", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4, "sliding_window": null}
        """);
        ModelConfig m = ModelConfig.load(minimal);
        assertNull(m.slidingWindow());
        assertEquals(4, m.numKvHeads(), "num_key_value_heads defaults to the heads");
        assertEquals(1e-6, m.normEps());
        assertEquals(10000.0, m.ropeTheta());
        assertEquals(131072, m.maxPositions());
    }

    @Test
    void llamaAttentionBiasAndMlpBias() throws IOException {
        Path file = write("llama-bias", """
        {"model_type": "llama", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4, "attention_bias": true,
         "mlp_bias": true, "hidden_act": "gelu_pytorch_tanh", "eos_token_id": [5, 7],
         "rope_scaling": {"rope_type": "default"}}
        """);
        ModelConfig c = ModelConfig.load(file);
        assertTrue(c.qkvBias() && c.outputBias() && c.mlpBias());
        assertEquals(Activation.GELU_TANH, c.activation());
        assertEquals(5, c.eosTokenId(), "first of a list of eos ids");
        assertEquals(2048, c.maxPositions());
    }

    @Test
    void missingRequiredField() throws IOException {
        Path file = write("missing", """
        {"model_type": "llama", "vocab_size": 100, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4}
        """);
        assertMentions(messageOf(file), "missing required field \"hidden_size\"");
        Path noType = write("notype", "{\"vocab_size\": 3}");
        assertMentions(messageOf(noType), "missing required field \"model_type\"");
    }

    @Test
    void unknownModelType() throws IOException {
        Path file = write("bert", "{\"model_type\": \"bert\", \"vocab_size\": 3}");
        assertMentions(messageOf(file), "model_type \"bert\"", "not supported", "gpt2, llama, mistral, qwen2");
    }

    @Test
    void unsupportedRopeScaling() throws IOException {
        Path file = write("yarn", """
        {"model_type": "llama", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4,
         "rope_scaling": {"rope_type": "yarn", "factor": 8.0}}
        """);
        assertMentions(messageOf(file), "rope_scaling", "\"yarn\"", "not supported");
        Path incomplete = write("llama3", """
        {"model_type": "llama", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4,
         "rope_scaling": {"rope_type": "llama3", "factor": 8.0}}
        """);
        assertMentions(messageOf(incomplete), "rope_scaling.low_freq_factor", "llama3");
        Path linear = write("linear", """
        {"model_type": "llama", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4, "rope_scaling": {"type": "linear", "factor": 2}}
        """);
        assertEquals(
                RopeScaling.Kind.LINEAR, ModelConfig.load(linear).ropeScaling().kind());
    }

    @Test
    void wrongTypesNameFieldAndValue() throws IOException {
        Path file = write("types", """
        {"model_type": "gpt2", "vocab_size": 97, "n_embd": "64", "n_layer": 2, "n_head": 4}
        """);
        assertMentions(messageOf(file), "field \"n_embd\" must be an integer", "\"64\"");
        Path frac = write("frac", """
        {"model_type": "gpt2", "vocab_size": 97.5, "n_embd": 64, "n_layer": 2, "n_head": 4}
        """);
        assertMentions(messageOf(frac), "\"vocab_size\"", "97.5");
        Path bool = write("bool", """
        {"model_type": "llama", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4, "tie_word_embeddings": "yes"}
        """);
        assertMentions(messageOf(bool), "tie_word_embeddings", "true or false", "\"yes\"");
        Path act = write("act", """
        {"model_type": "gpt2", "vocab_size": 97, "n_embd": 64, "n_layer": 2, "n_head": 4,
         "activation_function": "mish"}
        """);
        String actMessage = messageOf(act);
        assertMentions(actMessage, "activation_function \"mish\"", "not supported");
        assertEquals(actMessage.indexOf(act.toString()), actMessage.lastIndexOf(act.toString()));
    }

    @Test
    void badJsonAndMissingFile() throws IOException {
        assertMentions(messageOf(write("bad", "{\"model_type\": ")), "not valid JSON");
        assertMentions(messageOf(dir.resolve("absent.json")), "no such file");
    }

    @Test
    void invalidValuesAreCaughtByTheRecord() throws IOException {
        Path kv = write("kv", """
        {"model_type": "llama", "vocab_size": 100, "hidden_size": 32, "intermediate_size": 64,
         "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 3}
        """);
        assertMentions(messageOf(kv), "field num_key_value_heads 3 must divide num_attention_heads 4");
        Path eos = write("eos", """
        {"model_type": "gpt2", "vocab_size": 97, "n_embd": 64, "n_layer": 2, "n_head": 4,
         "eos_token_id": 97}
        """);
        assertMentions(messageOf(eos), "field eos_token_id 97 is outside the vocabulary [0, 97)");
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.llama(100, 32, 0, 4, 4, 64, 16));
        assertMentions(e.getMessage(), "numLayers must be positive, got 0");
        assertThrows(ConfigException.class, () -> ModelConfig.gpt2(100, 30, 1, 4, 16));
    }

    @Test
    void convenienceBuildersUseHfDefaults() {
        ModelConfig g = ModelConfig.gpt2(50257, 768, 12, 12, 1024);
        assertEquals(3072, g.intermediateSize());
        assertEquals(1e-5, g.normEps());
        assertEquals(Activation.GELU_TANH, g.activation());
        assertEquals(124_439_808L, g.parameterCount(), "GPT-2 small");
        ModelConfig l = ModelConfig.llama(32000, 2048, 22, 32, 4, 5632, 2048);
        assertEquals(64, l.headDim());
        assertEquals(1e-6, l.normEps());
        assertEquals(10000.0, l.ropeTheta());
        assertFalse(l.tieWordEmbeddings());
        assertEquals(1_100_048_384L, l.parameterCount(), "TinyLlama-1.1B");
        JsonElement a = l.toHfJson().get("architectures");
        assertEquals("LlamaForCausalLM", a.getAsJsonArray().get(0).getAsString());
    }
}
