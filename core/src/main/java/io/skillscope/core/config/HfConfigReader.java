package io.skillscope.core.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
            return switch (arch) {
                case GPT2 -> gpt2(f);
                case GEMMA2 -> gemma2(f);
                case GEMMA -> gemma(f);
                case GPT_NEOX -> gptNeox(f);
                default -> llamaFamily(f, arch);
            };
        } catch (ConfigException e) {
            if (e.getMessage().startsWith(f.source())) {
                throw e;
            }
            throw new ConfigException(f.source() + ": " + hfNames(e.getMessage(), arch), e);
        }
    }

    /**
     * A {@link ModelConfig} validation message with the record's component named by its {@code config.json}
     * key ({@code ModelConfig: numKvHeads 3 must divide numHeads 4} → {@code field num_key_value_heads 3 must
     * divide num_attention_heads 4}).
     */
    static String hfNames(String message, Architecture arch) {
        if (!message.startsWith("ModelConfig: ")) {
            return message;
        }
        String rest = message.substring("ModelConfig: ".length());
        boolean gpt2 = arch == Architecture.GPT2;
        String[][] names = {
            {"vocabSize", "vocab_size"},
            {"hiddenSize", gpt2 ? "n_embd" : "hidden_size"},
            {"numLayers", gpt2 ? "n_layer" : "num_hidden_layers"},
            {"numKvHeads", "num_key_value_heads"},
            {"numHeads", gpt2 ? "n_head" : "num_attention_heads"},
            {"headDim", "head_dim"},
            {"intermediateSize", gpt2 ? "n_inner" : "intermediate_size"},
            {"maxPositions", gpt2 ? "n_positions" : "max_position_embeddings"},
            {"normEps", gpt2 ? "layer_norm_epsilon" : "rms_norm_eps"},
            {"ropeTheta", "rope_theta"},
            {"slidingWindow", "sliding_window"},
            {"bosTokenId", "bos_token_id"},
            {"eosTokenId", "eos_token_id"}
        };
        boolean named = false;
        for (String[] n : names) {
            named |= rest.startsWith(n[0] + " ");
            rest = rest.replaceAll("\\b" + n[0] + "\\b", n[1]);
        }
        return named ? "field " + rest : rest;
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
     * Gemma 2 with transformers' {@code Gemma2Config} defaults for absent keys (head_dim 256, 4 key/value
     * heads, caps 50 and 30, query_pre_attn_scalar 256, window 4096 on even layers, tied embeddings). The
     * MLP reads {@code hidden_activation}, as {@code Gemma2MLP} does ({@code hidden_act} is ignored).
     * Refused by name: {@code attention_bias} true, {@code use_bidirectional_attention} true, a
     * {@code layer_types} entry other than {@code sliding_attention} / {@code full_attention}, rope scaling.
     */
    private static ModelConfig gemma2(JsonFields f) {
        int layers = f.requiredInt("num_hidden_layers");
        if (f.optBool("attention_bias", false)) {
            throw f.fail("attention_bias true is not supported for gemma2 (released Gemma 2 models have no biases)");
        }
        if (f.optBool("use_bidirectional_attention", false)) {
            throw f.fail("use_bidirectional_attention true is not supported (attention is causal)");
        }
        double ropeTheta = checkRope(f);
        Activation act = Activation.fromHfName(
                f.optString("hidden_activation", "gelu_pytorch_tanh"), "hidden_activation", f.file());
        Gemma2Options options = new Gemma2Options(
                softcap(f, "attn_logit_softcapping", 50.0),
                softcap(f, "final_logit_softcapping", 30.0),
                f.optDouble("query_pre_attn_scalar", 256),
                f.present("sliding_window") ? f.optInteger("sliding_window") : Integer.valueOf(4096),
                gemma2LayerTypes(f, layers));
        return new ModelConfig(
                Architecture.GEMMA2,
                f.requiredInt("vocab_size"),
                f.requiredInt("hidden_size"),
                layers,
                f.requiredInt("num_attention_heads"),
                f.optInt("num_key_value_heads", 4),
                f.optInt("head_dim", 256),
                f.requiredInt("intermediate_size"),
                f.optInt("max_position_embeddings", 8192),
                f.optDouble("rms_norm_eps", 1e-6),
                ropeTheta,
                f.optBool("tie_word_embeddings", true),
                false,
                false,
                false,
                act,
                f.optTokenId("bos_token_id"),
                f.optTokenId("eos_token_id"),
                null,
                null,
                options);
    }

    /**
     * Gemma 1 with transformers' {@code GemmaConfig} defaults for absent keys (head_dim 256, tied
     * embeddings). The MLP's activation is {@code hidden_activation}, or the tanh GELU when that is absent,
     * as {@code GemmaMLP} chose in transformers 4.38.2 to 4.47 and as Google's implementation computes: the
     * Gemma 1.0 configs carry {@code hidden_act "gelu"}, which later transformers versions read literally
     * (exact GELU). Refused by name: {@code attention_bias} true, rope scaling.
     */
    private static ModelConfig gemma(JsonFields f) {
        if (f.optBool("attention_bias", false)) {
            throw f.fail("attention_bias true is not supported for gemma (released Gemma models have no biases)");
        }
        int heads = f.requiredInt("num_attention_heads");
        return new ModelConfig(
                Architecture.GEMMA,
                f.requiredInt("vocab_size"),
                f.requiredInt("hidden_size"),
                f.requiredInt("num_hidden_layers"),
                heads,
                f.optInt("num_key_value_heads", heads),
                f.optInt("head_dim", 256),
                f.requiredInt("intermediate_size"),
                f.optInt("max_position_embeddings", 8192),
                f.optDouble("rms_norm_eps", 1e-6),
                checkRope(f),
                f.optBool("tie_word_embeddings", true),
                false,
                false,
                false,
                Activation.fromHfName(
                        f.optString("hidden_activation", "gelu_pytorch_tanh"), "hidden_activation", f.file()),
                f.optTokenId("bos_token_id"),
                f.optTokenId("eos_token_id"),
                null);
    }

    /** A soft-cap: the default when the key is absent, none when it is null. */
    private static Double softcap(JsonFields f, String field, double fallback) {
        if (!f.present(field)) {
            return fallback;
        }
        return f.has(field) ? f.optDouble(field, fallback) : null;
    }

    /**
     * Which layers slide: {@code layer_types} when given; else {@code sliding_window_pattern} p (Gemma 3's
     * form: layer l slides unless (l + 1) is a multiple of p); else every even layer.
     */
    private static List<Gemma2Options.LayerType> gemma2LayerTypes(JsonFields f, int layers) {
        JsonElement e = f.get("layer_types");
        if (e != null) {
            if (!e.isJsonArray() || e.getAsJsonArray().size() != layers) {
                throw f.fail("layer_types must be a list of " + layers + " strings (num_hidden_layers), got " + e);
            }
            List<Gemma2Options.LayerType> types = new ArrayList<>();
            for (JsonElement t : e.getAsJsonArray()) {
                Gemma2Options.LayerType type =
                        t.isJsonPrimitive() && t.getAsJsonPrimitive().isString()
                                ? Gemma2Options.LayerType.fromHfName(t.getAsString())
                                : null;
                if (type == null) {
                    throw f.fail("layer_types entry " + t
                            + " is not supported (supported: \"sliding_attention\", \"full_attention\")");
                }
                types.add(type);
            }
            return types;
        }
        if (f.has("sliding_window_pattern")) {
            int p = f.requiredInt("sliding_window_pattern");
            if (p <= 0) {
                throw f.fail("sliding_window_pattern must be positive, got " + p);
            }
            List<Gemma2Options.LayerType> types = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                types.add((l + 1) % p != 0 ? Gemma2Options.LayerType.SLIDING : Gemma2Options.LayerType.FULL);
            }
            return types;
        }
        return Gemma2Options.alternating(layers);
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

    /**
     * rope_theta of a family that has no rotary rescaling (Gemma): a {@code rope_scaling} other than
     * none is refused by name.
     */
    private static double checkRope(JsonFields f) {
        RopeScaling scaling = ropeScaling(f);
        if (scaling != null) {
            throw f.fail("rope_scaling rope_type \"" + scaling.kind().hfName() + "\" is not supported for this"
                    + " model_type (its released checkpoints have none)");
        }
        return ropeTheta(f);
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
