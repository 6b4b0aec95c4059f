package io.skillscope.core.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;

/**
 * Turns a Hugging Face {@code config.json} object into a {@link ModelConfig}, applying each
 * architecture's own defaults as {@code transformers} does and refusing settings that would change the
 * computation in ways skillscope does not implement.
 */
final class HfConfigReader {

    private HfConfigReader() {}

    static ModelConfig read(JsonObject json, Path file) {
        JsonFields f = new JsonFields(json, file);
        Architecture arch = Architecture.fromModelType(f.requiredString("model_type"), file);
        try {
            if (arch == Architecture.GPT_NEOX) {
                return gptNeox(f);
            }
            return arch == Architecture.GPT2 ? gpt2(f) : llamaFamily(f, arch);
        } catch (ConfigException e) {
            if (e.getMessage().startsWith(f.source())) {
                throw e;
            }
            throw new ConfigException(f.source() + ": " + e.getMessage(), e);
        }
    }

    private static ModelConfig gpt2(JsonFields f) {
        int vocab = f.requiredInt("vocab_size");
        int hidden = f.requiredInt("n_embd");
        int layers = f.requiredInt("n_layer");
        int heads = f.requiredInt("n_head");
        int positions = f.has("n_positions") ? f.requiredInt("n_positions") : f.optInt("n_ctx", 1024);
        int inner = f.optInt("n_inner", 4 * hidden);
        if (heads <= 0 || hidden % heads != 0) {
            throw f.fail("n_embd " + hidden + " is not divisible by n_head " + heads);
        }
        if (!f.optBool("tie_word_embeddings", true)) {
            throw f.fail("tie_word_embeddings false is not supported for gpt2 (GPT-2 ties lm_head to wte)");
        }
        if (!f.optBool("scale_attn_weights", true)) {
            throw f.fail("scale_attn_weights false is not supported (attention is scaled by 1/sqrt(d))");
        }
        if (f.optBool("scale_attn_by_inverse_layer_idx", false)) {
            throw f.fail("scale_attn_by_inverse_layer_idx true is not supported yet");
        }
        Activation act =
                Activation.fromHfName(f.optString("activation_function", "gelu_new"), "activation_function", f.file());
        return new ModelConfig(
                Architecture.GPT2,
                vocab,
                hidden,
                layers,
                heads,
                heads,
                hidden / heads,
                inner,
                positions,
                f.optDouble("layer_norm_epsilon", 1e-5),
                0.0,
                true,
                true,
                true,
                true,
                act,
                f.optTokenId("bos_token_id"),
                f.optTokenId("eos_token_id"),
                null);
    }

    /**
     * GPT-NeoX / Pythia, with {@code GPTNeoXConfig}'s defaults: {@code hidden_act} gelu (exact erf),
     * {@code rotary_pct} 0.25, {@code rotary_emb_base} 10000, {@code layer_norm_eps} 1e-5, untied
     * {@code embed_out}, parallel residual, {@code attention_bias} true (q/k/v and dense; the MLP always
     * has biases). Newer {@code transformers} also write {@code partial_rotary_factor} and
     * {@code rope_theta}; where both spellings are present they must agree.
     */
    private static ModelConfig gptNeox(JsonFields f) {
        int vocab = f.requiredInt("vocab_size");
        int hidden = f.requiredInt("hidden_size");
        int layers = f.requiredInt("num_hidden_layers");
        int heads = f.requiredInt("num_attention_heads");
        int intermediate = f.requiredInt("intermediate_size");
        if (heads <= 0 || hidden % heads != 0) {
            throw f.fail("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
        }
        int headDim = hidden / heads;
        double pct = agreeing(f, "rotary_pct", "partial_rotary_factor", 0.25);
        double base = agreeing(f, "rotary_emb_base", "rope_theta", 10000.0);
        JsonElement params = f.get("rope_parameters"); // transformers 5 moves both in here
        if (params != null && params.isJsonObject()) {
            JsonObject o = params.getAsJsonObject();
            if (o.has("rope_theta") && !f.has("rotary_emb_base") && !f.has("rope_theta")) {
                base = o.get("rope_theta").getAsDouble();
            }
            if (o.has("partial_rotary_factor") && !f.has("rotary_pct") && !f.has("partial_rotary_factor")) {
                pct = o.get("partial_rotary_factor").getAsDouble();
            }
        }
        for (String field : new String[] {"rope_scaling", "rope_parameters"}) {
            JsonElement e = f.get(field);
            if (e == null) {
                continue;
            }
            JsonElement type = e.isJsonObject()
                    ? (e.getAsJsonObject().has("rope_type")
                            ? e.getAsJsonObject().get("rope_type")
                            : e.getAsJsonObject().get("type"))
                    : null;
            if (!e.isJsonObject()
                    || (type != null
                            && !type.isJsonNull()
                            && !type.getAsString().equals("default"))) {
                throw f.fail(field + " " + e + " is not supported for gpt_neox (only null or rope_type \"default\")");
            }
        }
        if (!(pct > 0) || pct > 1) {
            throw f.fail("rotary_pct " + pct + " is not supported (must be in (0, 1])");
        }
        NeoXOptions options = new NeoXOptions(pct, f.optBool("use_parallel_residual", true));
        int rotary = options.rotaryDims(headDim);
        if (rotary < 2 || rotary % 2 != 0) {
            throw f.fail("rotary_pct " + pct + " gives " + rotary + " rotary dimensions of head_dim " + headDim
                    + "; an even number >= 2 is needed");
        }
        boolean attnBias = f.optBool("attention_bias", true);
        Activation act = Activation.fromHfName(f.optString("hidden_act", "gelu"), "hidden_act", f.file());
        return new ModelConfig(
                Architecture.GPT_NEOX,
                vocab,
                hidden,
                layers,
                heads,
                heads,
                headDim,
                intermediate,
                f.optInt("max_position_embeddings", 2048),
                f.optDouble("layer_norm_eps", 1e-5),
                base,
                f.optBool("tie_word_embeddings", false),
                attnBias,
                attnBias,
                true,
                act,
                f.optTokenId("bos_token_id"),
                f.optTokenId("eos_token_id"),
                null,
                null,
                options);
    }

    /** A number with two spellings (old and new {@code transformers}); both present must agree. */
    private static double agreeing(JsonFields f, String field, String alias, double fallback) {
        double v = f.optDouble(field, fallback);
        if (f.has(alias)) {
            double a = f.optDouble(alias, fallback);
            if (f.has(field) && a != v) {
                throw f.fail(field + " " + v + " and " + alias + " " + a + " disagree");
            }
            v = a;
        }
        return v;
    }

    private static ModelConfig llamaFamily(JsonFields f, Architecture arch) {
        int vocab = f.requiredInt("vocab_size");
        int hidden = f.requiredInt("hidden_size");
        int layers = f.requiredInt("num_hidden_layers");
        int heads = f.requiredInt("num_attention_heads");
        int intermediate = f.requiredInt("intermediate_size");
        int kvHeads = f.optInt("num_key_value_heads", heads);
        Integer headDim = f.optInteger("head_dim");
        if (headDim == null) {
            if (heads <= 0 || hidden % heads != 0) {
                throw f.fail("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads
                        + " and head_dim is not given");
            }
            headDim = hidden / heads;
        }
        int defaultPositions = switch (arch) {
            case MISTRAL -> 4096 * 32;
            case QWEN2 -> 32768;
            default -> 2048;
        };
        double ropeTheta = checkRope(f);
        boolean qkvBias;
        boolean outputBias;
        boolean mlpBias;
        Integer slidingWindow = null;
        switch (arch) {
            case LLAMA -> {
                qkvBias = f.optBool("attention_bias", false);
                outputBias = qkvBias;
                mlpBias = f.optBool("mlp_bias", false);
            }
            case MISTRAL -> {
                qkvBias = false;
                outputBias = false;
                mlpBias = false;
                // transformers' MistralConfig defaults sliding_window to 4096 when the key is absent.
                slidingWindow = f.present("sliding_window") ? f.optInteger("sliding_window") : Integer.valueOf(4096);
            }
            case QWEN2 -> {
                qkvBias = true;
                outputBias = false;
                mlpBias = false;
                slidingWindow = qwen2SlidingWindow(f, layers);
            }
            default -> throw new AssertionError(arch);
        }
        Activation act = Activation.fromHfName(f.optString("hidden_act", "silu"), "hidden_act", f.file());
        return new ModelConfig(
                arch,
                vocab,
                hidden,
                layers,
                heads,
                kvHeads,
                headDim,
                intermediate,
                f.optInt("max_position_embeddings", defaultPositions),
                f.optDouble("rms_norm_eps", 1e-6),
                ropeTheta,
                f.optBool("tie_word_embeddings", false),
                qkvBias,
                outputBias,
                mlpBias,
                act,
                f.optTokenId("bos_token_id"),
                f.optTokenId("eos_token_id"),
                slidingWindow);
    }

    /**
     * Qwen2 applies the window only to layers at index {@code >= max_window_layers}, and only when
     * {@code use_sliding_window} is true. All-or-nothing is representable; a mix is refused.
     */
    private static Integer qwen2SlidingWindow(JsonFields f, int layers) {
        if (!f.optBool("use_sliding_window", false)) {
            return null;
        }
        Integer window = f.optInteger("sliding_window");
        if (window == null) {
            return null;
        }
        int maxWindowLayers = f.optInt("max_window_layers", 28);
        if (maxWindowLayers >= layers) {
            return null;
        }
        if (maxWindowLayers > 0) {
            throw f.fail("use_sliding_window true with max_window_layers "
                    + maxWindowLayers
                    + " < num_hidden_layers "
                    + layers
                    + " (a sliding window on some layers only) is not supported yet");
        }
        return window;
    }

    /** Only unscaled rotary embeddings are implemented; returns rope_theta (default 10000). */
    private static double checkRope(JsonFields f) {
        double theta = f.optDouble("rope_theta", 10000.0);
        for (String field : new String[] {"rope_scaling", "rope_parameters"}) {
            JsonElement e = f.get(field);
            if (e == null) {
                continue;
            }
            if (!e.isJsonObject()) {
                throw f.fail(field + " must be an object or null, got " + e);
            }
            JsonObject o = e.getAsJsonObject();
            JsonElement type = o.has("rope_type") ? o.get("rope_type") : o.get("type");
            String t = type == null || type.isJsonNull() ? "default" : type.getAsString();
            if (!t.equals("default")) {
                throw f.fail(field + " " + e + " is not supported yet (only null or rope_type \"default\")");
            }
            if (field.equals("rope_parameters") && o.has("rope_theta") && !f.has("rope_theta")) {
                theta = o.get("rope_theta").getAsDouble();
            }
        }
        return theta;
    }
}
