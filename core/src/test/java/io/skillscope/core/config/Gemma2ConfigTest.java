package io.skillscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, validating and writing back Gemma 2 configs. */
class Gemma2ConfigTest {
    /** google/gemma-2-2b's config.json (transformers 4.42). */
    static final String GEMMA2_2B = """
            {"architectures": ["Gemma2ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
             "attn_logit_softcapping": 50.0, "bos_token_id": 2, "cache_implementation": "hybrid",
             "eos_token_id": 1, "final_logit_softcapping": 30.0, "head_dim": 256,
             "hidden_act": "gelu_pytorch_tanh", "hidden_activation": "gelu_pytorch_tanh",
             "hidden_size": 2304, "initializer_range": 0.02, "intermediate_size": 9216,
             "max_position_embeddings": 8192, "model_type": "gemma2", "num_attention_heads": 8,
             "num_hidden_layers": 26, "num_key_value_heads": 4, "pad_token_id": 0,
             "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_theta": 10000.0,
             "sliding_window": 4096, "torch_dtype": "float32", "transformers_version": "4.42.4",
             "use_cache": true, "vocab_size": 256000}
            """;

    @TempDir
    Path dir;

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    static JsonObject gemma2b() {
        return json(GEMMA2_2B);
    }

    private Path write(JsonObject o) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, o.toString());
        return file;
    }

    private String refusal(JsonObject o, String... parts) throws IOException {
        Path file = write(o);
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
        }
        return e.getMessage();
    }

    @Test
    void gemma2bParsesAndCountsHuggingFacesParameters() {
        ModelConfig c = ModelConfig.fromJson(gemma2b(), null);
        assertEquals(Architecture.GEMMA2, c.architecture());
        assertEquals(256, c.headDim());
        assertEquals(2304, c.hiddenSize());
        assertEquals(4, c.numKvHeads());
        assertTrue(c.tieWordEmbeddings());
        assertTrue(c.gated());
        assertEquals(Activation.GELU_TANH, c.activation());
        assertNull(c.slidingWindow(), "the window lives in Gemma2Options");
        Gemma2Options g = (Gemma2Options) c.familyOptions();
        assertEquals(50.0, g.attnLogitSoftcap());
        assertEquals(30.0, g.finalLogitSoftcap());
        assertEquals(256.0, g.queryPreAttnScalar());
        assertEquals(4096, g.slidingWindow());
        assertEquals(Gemma2Options.alternating(26), g.layerTypes());
        assertEquals(4096, g.windowOf(0));
        assertNull(g.windowOf(1));
        assertEquals(4096, g.windowOf(24));
        assertNull(g.windowOf(25));
        // google/gemma-2-2b: 2,614,341,888 parameters (Gemma2ForCausalLM, lm_head tied to embed_tokens).
        assertEquals(2_614_341_888L, c.parameterCount());
    }

    @Test
    void gemma2_9bAnd27bCountHuggingFacesParameters() {
        JsonObject nine = gemma2b();
        nine.addProperty("hidden_size", 3584);
        nine.addProperty("intermediate_size", 14336);
        nine.addProperty("num_hidden_layers", 42);
        nine.addProperty("num_attention_heads", 16);
        nine.addProperty("num_key_value_heads", 8);
        // google/gemma-2-9b: 9,241,705,984 parameters.
        assertEquals(9_241_705_984L, ModelConfig.fromJson(nine, null).parameterCount());
        JsonObject big = gemma2b();
        big.addProperty("hidden_size", 4608);
        big.addProperty("intermediate_size", 36864);
        big.addProperty("num_hidden_layers", 46);
        big.addProperty("num_attention_heads", 32);
        big.addProperty("num_key_value_heads", 16);
        big.addProperty("head_dim", 128);
        big.addProperty("query_pre_attn_scalar", 144);
        // google/gemma-2-27b: 27,227,128,320 parameters.
        ModelConfig c = ModelConfig.fromJson(big, null);
        assertEquals(27_227_128_320L, c.parameterCount());
        assertEquals(144.0, ((Gemma2Options) c.familyOptions()).queryPreAttnScalar());
    }

    @Test
    void writtenConfigReadsBackEqual() {
        ModelConfig c = ModelConfig.fromJson(gemma2b(), null);
        JsonObject out = c.toHfJson();
        assertEquals("gemma2", out.get("model_type").getAsString());
        assertEquals(
                "Gemma2ForCausalLM", out.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals("gelu_pytorch_tanh", out.get("hidden_activation").getAsString());
        assertEquals(26, out.getAsJsonArray("layer_types").size());
        assertEquals(
                "sliding_attention", out.getAsJsonArray("layer_types").get(0).getAsString());
        assertEquals("full_attention", out.getAsJsonArray("layer_types").get(1).getAsString());
        assertEquals(c, ModelConfig.fromJson(out, null));

        JsonObject uncapped = gemma2b();
        uncapped.add("attn_logit_softcapping", com.google.gson.JsonNull.INSTANCE);
        uncapped.add("final_logit_softcapping", com.google.gson.JsonNull.INSTANCE);
        uncapped.add("sliding_window", com.google.gson.JsonNull.INSTANCE);
        ModelConfig u = ModelConfig.fromJson(uncapped, null);
        Gemma2Options g = (Gemma2Options) u.familyOptions();
        assertNull(g.attnLogitSoftcap());
        assertNull(g.finalLogitSoftcap());
        assertNull(g.windowOf(0));
        assertEquals(u, ModelConfig.fromJson(u.toHfJson(), null));
    }

    @Test
    void absentKeysTakeGemma2ConfigDefaults() {
        JsonObject o = json("""
                {"model_type": "gemma2", "vocab_size": 100, "hidden_size": 64, "intermediate_size": 128,
                 "num_hidden_layers": 3, "num_attention_heads": 4}
                """);
        ModelConfig c = ModelConfig.fromJson(o, null);
        assertEquals(256, c.headDim());
        assertEquals(4, c.numKvHeads());
        assertEquals(8192, c.maxPositions());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(Gemma2Options.defaults(3), c.familyOptions());
    }

    @Test
    void layerTypesAndSlidingWindowPatternAreBothAccepted() {
        JsonObject o = gemma2b();
        o.addProperty("num_hidden_layers", 3);
        o.add("layer_types", JsonParser.parseString("[\"full_attention\", \"sliding_attention\", \"full_attention\"]"));
        Gemma2Options g = (Gemma2Options) ModelConfig.fromJson(o, null).familyOptions();
        assertEquals(
                List.of(Gemma2Options.LayerType.FULL, Gemma2Options.LayerType.SLIDING, Gemma2Options.LayerType.FULL),
                g.layerTypes());
        ModelConfig c = ModelConfig.fromJson(o, null);
        assertEquals(c, ModelConfig.fromJson(c.toHfJson(), null), "a non-default pattern survives a save");

        JsonObject p = gemma2b();
        p.addProperty("num_hidden_layers", 6);
        p.addProperty("sliding_window_pattern", 3);
        Gemma2Options h = (Gemma2Options) ModelConfig.fromJson(p, null).familyOptions();
        assertEquals(
                List.of(
                        Gemma2Options.LayerType.SLIDING,
                        Gemma2Options.LayerType.SLIDING,
                        Gemma2Options.LayerType.FULL,
                        Gemma2Options.LayerType.SLIDING,
                        Gemma2Options.LayerType.SLIDING,
                        Gemma2Options.LayerType.FULL),
                h.layerTypes());
    }

    @Test
    void unsupportedSettingsAreRefusedByName() throws IOException {
        JsonObject bias = gemma2b();
        bias.addProperty("attention_bias", true);
        refusal(bias, "attention_bias", "true");

        JsonObject bidi = gemma2b();
        bidi.addProperty("use_bidirectional_attention", true);
        refusal(bidi, "use_bidirectional_attention");

        JsonObject chunked = gemma2b();
        chunked.addProperty("num_hidden_layers", 2);
        chunked.add("layer_types", JsonParser.parseString("[\"sliding_attention\", \"chunked_attention\"]"));
        refusal(chunked, "layer_types", "chunked_attention");

        JsonObject wrongLength = gemma2b();
        wrongLength.add("layer_types", JsonParser.parseString("[\"sliding_attention\"]"));
        refusal(wrongLength, "layer_types", "26");

        JsonObject act = gemma2b();
        act.addProperty("hidden_activation", "gelu_fancy");
        refusal(act, "hidden_activation", "gelu_fancy");

        JsonObject cap = gemma2b();
        cap.addProperty("final_logit_softcapping", -1.0);
        refusal(cap, "final_logit_softcapping", "-1.0");

        JsonObject rope = gemma2b();
        rope.add("rope_scaling", JsonParser.parseString("{\"rope_type\": \"yarn\", \"factor\": 2.0}"));
        refusal(rope, "rope_scaling", "yarn");
    }

    /** google/gemma-7b's config.json (the 1.0 release: hidden_act "gelu", no hidden_activation). */
    static final String GEMMA_7B = """
            {"architectures": ["GemmaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
             "bos_token_id": 2, "eos_token_id": 1, "head_dim": 256, "hidden_act": "gelu",
             "hidden_size": 3072, "initializer_range": 0.02, "intermediate_size": 24576,
             "max_position_embeddings": 8192, "model_type": "gemma", "num_attention_heads": 16,
             "num_hidden_layers": 28, "num_key_value_heads": 16, "pad_token_id": 0, "rms_norm_eps": 1e-06,
             "rope_scaling": null, "rope_theta": 10000.0, "torch_dtype": "bfloat16",
             "transformers_version": "4.38.0.dev0", "use_cache": true, "vocab_size": 256000}
            """;

    @Test
    void gemma1ParsesCountsAndRoundTrips() throws IOException {
        ModelConfig c = ModelConfig.fromJson(json(GEMMA_7B), null);
        assertEquals(Architecture.GEMMA, c.architecture());
        assertEquals(Activation.GELU_TANH, c.activation(), "hidden_act \"gelu\" is not what Gemma computes");
        assertEquals(FamilyOptions.NONE, c.familyOptions());
        // google/gemma-7b: 8,537,680,896 parameters.
        assertEquals(8_537_680_896L, c.parameterCount());
        assertEquals(c, ModelConfig.fromJson(c.toHfJson(), null));
        JsonObject two = json(GEMMA_7B);
        two.addProperty("hidden_size", 2048);
        two.addProperty("intermediate_size", 16384);
        two.addProperty("num_hidden_layers", 18);
        two.addProperty("num_attention_heads", 8);
        two.addProperty("num_key_value_heads", 1);
        two.addProperty("hidden_activation", "gelu_pytorch_tanh");
        // google/gemma-2b: 2,506,172,416 parameters.
        assertEquals(2_506_172_416L, ModelConfig.fromJson(two, null).parameterCount());
        JsonObject bias = json(GEMMA_7B);
        bias.addProperty("attention_bias", true);
        refusal(bias, "attention_bias");
    }

    @Test
    void modelConfigRefusesAGemma2WithoutItsOptions() {
        ModelConfig c = ModelConfig.fromJson(gemma2b(), null);
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> new ModelConfig(
                        Architecture.GEMMA2,
                        c.vocabSize(),
                        c.hiddenSize(),
                        c.numLayers(),
                        c.numHeads(),
                        c.numKvHeads(),
                        c.headDim(),
                        c.intermediateSize(),
                        c.maxPositions(),
                        c.normEps(),
                        c.ropeTheta(),
                        true,
                        false,
                        false,
                        false,
                        c.activation(),
                        null,
                        null,
                        null));
        assertTrue(e.getMessage().contains("Gemma2Options"), e.getMessage());
    }
}
