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
            case PHI3 -> 4096;
            default -> 2048;
        };
        double ropeTheta = ropeTheta(f);
        RopeScaling ropeScaling = ropeScaling(f);
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
            case PHI3 -> {
                qkvBias = false;
                outputBias = false;
                mlpBias = false;
                slidingWindow = phi3Options(f);
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
                f.optDouble("rms_norm_eps", arch == Architecture.PHI3 ? 1e-5 : 1e-6),
                ropeTheta,
                f.optBool("tie_word_embeddings", false),
                qkvBias,
                outputBias,
                mlpBias,
                act,
                f.optTokenId("bos_token_id"),
                f.optTokenId("eos_token_id"),
                slidingWindow,
                ropeScaling,
                FamilyOptions.NONE);
    }

    /**
     * Phi-3's own keys ({@code Phi3Config}): refuses a partial rotary width, returns the sliding window.
     * transformers (4.53+, {@code masking_utils}) applies {@code sliding_window} in the eager path too: a
     * query at i sees keys j with {@code i - window < j <= i}, skillscope's window. (4.40–4.52 masked
     * one key fewer, keeping {@code window + 1}; either way it only bites past 2047 tokens for the 4k
     * models.) {@code original_max_position_embeddings} only matters to {@code longrope}, which is
     * refused with {@code rope_scaling}.
     */
    private static Integer phi3Options(JsonFields f) {
        double partial = f.optDouble("partial_rotary_factor", 1.0);
        if (partial != 1.0) {
            throw f.fail(
                    "partial_rotary_factor " + partial + " is not supported yet (only 1.0: rotary on the whole head)");
        }
        return f.optInteger("sliding_window");
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

    /** rope_theta (default 10000; transformers v5 may carry it inside {@code rope_parameters}). */
    private static double ropeTheta(JsonFields f) {
        double theta = f.optDouble("rope_theta", 10000.0);
        JsonElement e = f.get("rope_parameters");
        if (!f.has("rope_theta")
                && e != null
                && e.isJsonObject()
                && e.getAsJsonObject().has("rope_theta")) {
            theta = e.getAsJsonObject().get("rope_theta").getAsDouble();
        }
        return theta;
    }

    /**
     * The rotary rescaling of {@code rope_scaling} (or transformers v5's {@code rope_parameters}), as
     * transformers' {@code modeling_rope_utils} reads it: the kind from {@code rope_type} or the older
     * {@code type}; {@code "default"} or null means none. {@code linear} and {@code llama3} are
     * implemented; {@code dynamic} is refused (its frequencies depend on the rotary module's call
     * history in transformers, see {@link RopeScaling.Kind#DYNAMIC}), and so is every other kind
     * ({@code longrope}, {@code su}, {@code yarn}, ...), by name.
     */
    private static RopeScaling ropeScaling(JsonFields f) {
        RopeScaling found = null;
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
            RopeScaling r = switch (t) {
                case "default" -> null;
                case "linear" ->
                    new RopeScaling(RopeScaling.Kind.LINEAR, ropeNumber(f, field, o, "factor"), 1.0, 4.0, 0);
                case "llama3" ->
                    new RopeScaling(
                            RopeScaling.Kind.LLAMA3,
                            ropeNumber(f, field, o, "factor"),
                            ropeNumber(f, field, o, "low_freq_factor"),
                            ropeNumber(f, field, o, "high_freq_factor"),
                            (int) ropeNumber(f, field, o, "original_max_position_embeddings"));
                case "dynamic" ->
                    throw f.fail(field + " rope_type \"dynamic\" (" + e + ") is not supported:"
                            + " transformers recomputes its base from the longest sequence the rotary module has"
                            + " seen so far, so its output depends on earlier calls and on the KV cache");
                default ->
                    throw f.fail(field + " rope_type \"" + t + "\" (" + e + ") is not supported"
                            + " (supported: null, \"default\", \"linear\", \"llama3\")");
            };
            if (r != null) {
                if (found != null && !found.equals(r)) {
                    throw f.fail("rope_scaling and rope_parameters disagree: " + found + " vs " + e);
                }
                found = r;
            }
        }
        return found;
    }

    private static double ropeNumber(JsonFields f, String field, JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v == null
                || v.isJsonNull()
                || !v.isJsonPrimitive()
                || !v.getAsJsonPrimitive().isNumber()) {
            throw f.fail(field + "." + key + " must be a number, got " + v);
        }
        return v.getAsDouble();
    }
}
