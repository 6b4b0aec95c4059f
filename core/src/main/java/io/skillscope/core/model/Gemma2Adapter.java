package io.skillscope.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.skillscope.core.config.Gemma2Options;
import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemma 2 (Gemma Team, 2024; transformers' {@code Gemma2ForCausalLM}):
 *
 * <pre>
 * h = E[ids] · √d                                   (√d rounded to float32; hook_embed sees the scaled value)
 * per block:  h = h + post_attention_layernorm(attn(input_layernorm(h)))
 *             h = h + post_feedforward_layernorm(mlp(pre_feedforward_layernorm(h)))
 * logits = cap_f · tanh((norm(h) · Eᵀ) / cap_f)     (head tied to E unless tie_word_embeddings false)
 * </pre>
 *
 * Every norm is RMSNorm with a (1 + w) gain; the MLP is GeGLU, down(gelu_tanh(gate x) ⊙ up x); attention
 * has grouped-query heads of {@code head_dim} (not necessarily d / heads), rotary positions, scores scaled
 * by query_pre_attn_scalar^−1/2 and soft-capped before the mask, and a sliding window on the layers
 * {@link Gemma2Options#layerTypes()} marks. No biases. Hooks: {@code ln1.hook_normalized} is
 * {@code input_layernorm}'s output, {@code ln2.hook_normalized} is {@code pre_feedforward_layernorm}'s,
 * {@code hook_attn_out} and {@code hook_mlp_out} are read after the post-norms (what enters the residual
 * stream, as in TransformerLens).
 */
final class Gemma2Adapter implements ArchitectureAdapter {
    private static final ParamNames NAMES = new ParamNames("model.layers.")
            .outside("model.embed_tokens.weight", ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS)
            .inBlock(
                    ModuleKind.NORM,
                    "input_layernorm.weight",
                    "post_attention_layernorm.weight",
                    "pre_feedforward_layernorm.weight",
                    "post_feedforward_layernorm.weight")
            .inBlock(ModuleKind.Q, "self_attn.q_proj.weight")
            .inBlock(ModuleKind.K, "self_attn.k_proj.weight")
            .inBlock(ModuleKind.V, "self_attn.v_proj.weight")
            .inBlock(ModuleKind.O, "self_attn.o_proj.weight")
            .inBlock(ModuleKind.GATE, "mlp.gate_proj.weight")
            .inBlock(ModuleKind.UP, "mlp.up_proj.weight")
            .inBlock(ModuleKind.DOWN, "mlp.down_proj.weight")
            .outside("model.norm.weight", ModuleKind.NORM, ParamSpec.Region.FINAL_NORM)
            .outside("lm_head.weight", ModuleKind.HEAD, ParamSpec.Region.HEAD);

    @Override
    public ParamNames names() {
        return NAMES;
    }

    @Override
    public List<ParamSpec> parameters(ModelConfig c) {
        long d = c.hiddenSize();
        long qd = (long) c.numHeads() * c.headDim();
        long kvd = (long) c.numKvHeads() * c.headDim();
        long f = c.intermediateSize();
        // Norm gains are stored as w in (1 + w): zeros are the identity, as Gemma2RMSNorm initialises them.
        List<ParamSpec> s = new ArrayList<>();
        s.add(NAMES.global("model.embed_tokens.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            s.add(NAMES.block(l, "input_layernorm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "self_attn.q_proj.weight", new long[] {qd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.k_proj.weight", new long[] {kvd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.v_proj.weight", new long[] {kvd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.o_proj.weight", new long[] {d, qd}, ParamSpec.Init.NORMAL_RESIDUAL));
            s.add(NAMES.block(l, "post_attention_layernorm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "pre_feedforward_layernorm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "mlp.gate_proj.weight", new long[] {f, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "mlp.up_proj.weight", new long[] {f, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "mlp.down_proj.weight", new long[] {d, f}, ParamSpec.Init.NORMAL_RESIDUAL));
            s.add(NAMES.block(l, "post_feedforward_layernorm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
        }
        s.add(NAMES.global("model.norm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
        if (!c.tieWordEmbeddings()) {
            s.add(NAMES.global("lm_head.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        }
        return s;
    }

    @Override
    public void writeHfConfig(ModelConfig c, JsonObject o) {
        Gemma2Options g = options(c);
        o.addProperty("hidden_size", c.hiddenSize());
        o.addProperty("intermediate_size", c.intermediateSize());
        o.addProperty("num_hidden_layers", c.numLayers());
        o.addProperty("num_attention_heads", c.numHeads());
        o.addProperty("num_key_value_heads", c.numKvHeads());
        o.addProperty("head_dim", c.headDim());
        String act = c.activation().hfName(c.architecture());
        o.addProperty("hidden_act", act);
        o.addProperty("hidden_activation", act);
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("rms_norm_eps", c.normEps());
        o.addProperty("rope_theta", c.ropeTheta());
        o.add("rope_scaling", JsonNull.INSTANCE);
        o.addProperty("attention_bias", false);
        o.addProperty("query_pre_attn_scalar", g.queryPreAttnScalar());
        o.add("attn_logit_softcapping", number(g.attnLogitSoftcap()));
        o.add("final_logit_softcapping", number(g.finalLogitSoftcap()));
        o.add("sliding_window", number(g.slidingWindow()));
        JsonArray types = new JsonArray();
        g.layerTypes().forEach(t -> types.add(t.hfName()));
        o.add("layer_types", types);
    }

    private static JsonElement number(Number n) {
        return n == null ? JsonNull.INSTANCE : new JsonPrimitive(n);
    }

    private static Gemma2Options options(ModelConfig c) {
        return (Gemma2Options) c.familyOptions();
    }

    @Override
    public Network build(ModelConfig c, ParameterStore p) {
        Gemma2Options g = options(c);
        double scale = 1.0 / Math.sqrt(g.queryPreAttnScalar());
        double attnCap = g.attnLogitSoftcap() == null ? 0 : g.attnLogitSoftcap();
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String h = NAMES.blockPrefix(l);
            Attention attn = new Attention(
                    l,
                    c.numHeads(),
                    c.numKvHeads(),
                    c.headDim(),
                    LlamaAdapter.separateQkv(p, h),
                    LlamaAdapter.linear(p, h + "self_attn.o_proj"),
                    true,
                    scale,
                    attnCap,
                    g.windowOf(l));
            Mlp mlp = LlamaAdapter.gatedMlp(l, p, h, c);
            blocks.add(new Block(
                    l,
                    GemmaAdapter.norm(p, h + "input_layernorm.weight", c),
                    attn,
                    GemmaAdapter.norm(p, h + "pre_feedforward_layernorm.weight", c),
                    mlp,
                    GemmaAdapter.norm(p, h + "post_attention_layernorm.weight", c),
                    GemmaAdapter.norm(p, h + "post_feedforward_layernorm.weight", c)));
        }
        String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        return new Network(
                p.get("model.embed_tokens.weight"),
                null,
                new Rotary(c.headDim(), c.ropeTheta()),
                blocks,
                GemmaAdapter.norm(p, "model.norm.weight", c),
                Linear.outIn(p.get(head), null),
                (float) Math.sqrt(c.hiddenSize()),
                g.finalLogitSoftcap() == null ? 0 : g.finalLogitSoftcap());
    }
}
