package io.skillscope.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Llama 3.x {@code rope_scaling} and Phi-3 configs: read, refused by name, written back identically. */
class RopeScalingConfigTest {
    static final Path FILE = Path.of("models", "x", "config.json");

    /** meta-llama/Llama-3.2-1B's config.json (the keys skillscope reads). */
    static final String LLAMA_3_2_1B = "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\","
            + " \"vocab_size\": 128256, \"hidden_size\": 2048, \"intermediate_size\": 8192,"
            + " \"num_hidden_layers\": 16, \"num_attention_heads\": 32, \"num_key_value_heads\": 8,"
            + " \"head_dim\": 64, \"hidden_act\": \"silu\", \"max_position_embeddings\": 131072,"
            + " \"rms_norm_eps\": 1e-05, \"rope_theta\": 500000.0, \"rope_scaling\": {\"factor\": 32.0,"
            + " \"high_freq_factor\": 4.0, \"low_freq_factor\": 1.0, \"original_max_position_embeddings\": 8192,"
            + " \"rope_type\": \"llama3\"}, \"attention_bias\": false, \"mlp_bias\": false,"
            + " \"tie_word_embeddings\": true, \"bos_token_id\": 128000, \"eos_token_id\": 128001}";

    /** microsoft/Phi-3-mini-4k-instruct's config.json (the keys skillscope reads). */
    static final String PHI3_MINI_4K = "{\"architectures\": [\"Phi3ForCausalLM\"], \"model_type\": \"phi3\","
            + " \"vocab_size\": 32064, \"hidden_size\": 3072, \"intermediate_size\": 8192,"
            + " \"num_hidden_layers\": 32, \"num_attention_heads\": 32, \"num_key_value_heads\": 32,"
            + " \"hidden_act\": \"silu\", \"max_position_embeddings\": 4096,"
            + " \"original_max_position_embeddings\": 4096, \"rms_norm_eps\": 1e-05, \"rope_theta\": 10000.0,"
            + " \"rope_scaling\": null, \"sliding_window\": 2047, \"tie_word_embeddings\": false,"
            + " \"bos_token_id\": 1, \"eos_token_id\": 32000, \"pad_token_id\": 32000}";

    static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    static ModelConfig read(JsonObject o) {
        return ModelConfig.fromJson(o, FILE);
    }

    static JsonObject withRope(String base, String ropeScaling) {
        JsonObject o = json(base);
        o.add("rope_scaling", JsonParser.parseString(ropeScaling));
        return o;
    }

    @Test
    void llama32ConfigReadsItsLlama3Scaling() {
        ModelConfig c = read(json(LLAMA_3_2_1B));
        assertEquals(new RopeScaling(RopeScaling.Kind.LLAMA3, 32.0, 1.0, 4.0, 8192), c.ropeScaling());
        assertEquals(500000.0, c.ropeTheta());
        assertTrue(c.tieWordEmbeddings());
        // Hugging Face's count for Llama-3.2-1B (tied embeddings counted once)
        assertEquals(1_235_814_400L, c.parameterCount());
    }

    @Test
    void olderTypeKeyAndDefaultAreRead() {
        ModelConfig linear = read(withRope(LLAMA_3_2_1B, "{\"type\": \"linear\", \"factor\": 2.0}"));
        assertEquals(new RopeScaling(RopeScaling.Kind.LINEAR, 2.0, 1.0, 4.0, 0), linear.ropeScaling());
        assertNull(read(withRope(LLAMA_3_2_1B, "{\"rope_type\": \"default\"}")).ropeScaling());
        assertNull(read(withRope(LLAMA_3_2_1B, "null")).ropeScaling());
        // transformers v5's rope_parameters carries the same object
        JsonObject v5 = json(LLAMA_3_2_1B);
        v5.remove("rope_scaling");
        v5.add(
                "rope_parameters",
                JsonParser.parseString("{\"rope_type\": \"linear\", \"factor\": 3.0, \"rope_theta\": 10000.0}"));
        ModelConfig c = read(v5);
        assertEquals(RopeScaling.Kind.LINEAR, c.ropeScaling().kind());
        assertEquals(3.0, c.ropeScaling().factor());
    }

    @Test
    void otherKindsAreRefusedByNameWithFileFieldAndValue() {
        for (String kind : new String[] {"dynamic", "longrope", "su", "yarn", "ntk"}) {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> read(withRope(LLAMA_3_2_1B, "{\"rope_type\": \"" + kind + "\", \"factor\": 2.0}")));
            assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("rope_scaling"), e.getMessage());
            assertTrue(e.getMessage().contains("\"" + kind + "\""), e.getMessage());
        }
        ConfigException missing = assertThrows(
                ConfigException.class,
                () -> read(withRope(LLAMA_3_2_1B, "{\"rope_type\": \"llama3\", \"factor\": 8.0}")));
        assertTrue(missing.getMessage().contains("rope_scaling.low_freq_factor"), missing.getMessage());
        ConfigException longrope = assertThrows(
                ConfigException.class,
                () -> read(withRope(
                        PHI3_MINI_4K, "{\"type\": \"longrope\", \"short_factor\": [1.0], \"long_factor\": [2.0]}")));
        assertTrue(longrope.getMessage().contains("\"longrope\""), longrope.getMessage());
    }

    @Test
    void scalingIsWrittenBackAndReadsIdentically() {
        for (String rope : new String[] {
            "{\"rope_type\": \"llama3\", \"factor\": 32.0, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0,"
                    + " \"original_max_position_embeddings\": 8192}",
            "{\"type\": \"linear\", \"factor\": 4.0}",
            "null"
        }) {
            ModelConfig c = read(withRope(LLAMA_3_2_1B, rope));
            assertEquals(c, read(c.toHfJson()), rope);
        }
        ModelConfig phi = read(json(PHI3_MINI_4K));
        assertEquals(phi, read(phi.toHfJson()));
        assertEquals("phi3", phi.toHfJson().get("model_type").getAsString());
    }

    @Test
    void phi3MiniReadsWithItsDefaultsAndHuggingFaceParameterCount() {
        ModelConfig c = read(json(PHI3_MINI_4K));
        assertEquals(Architecture.PHI3, c.architecture());
        assertEquals(96, c.headDim());
        assertEquals(2047, c.slidingWindow());
        assertEquals(1e-5, c.normEps());
        assertNull(c.ropeScaling());
        assertTrue(c.gated());
        // Hugging Face's count for Phi-3-mini-4k-instruct
        assertEquals(3_821_079_552L, c.parameterCount());
        JsonObject noEps = json(PHI3_MINI_4K);
        noEps.remove("rms_norm_eps");
        assertEquals(1e-5, read(noEps).normEps(), "Phi3Config's default");
    }

    @Test
    void phi3PartialRotaryIsRefusedByName() {
        JsonObject o = json(PHI3_MINI_4K);
        o.addProperty("partial_rotary_factor", 0.75);
        ConfigException e = assertThrows(ConfigException.class, () -> read(o));
        assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("partial_rotary_factor 0.75"), e.getMessage());
    }
}
