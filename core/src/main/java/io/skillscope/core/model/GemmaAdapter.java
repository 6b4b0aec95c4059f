package io.skillscope.core.model;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemma 1 (Gemma Team, 2024; transformers' {@code GemmaForCausalLM}): the Llama block
 *
 * <pre>
 * h = E[ids] · √d                  (√d rounded to float32; hook_embed sees the scaled value)
 * per block:  h = h + attn(input_layernorm(h));  h = h + mlp(post_attention_layernorm(h))
 * logits = norm(h) · Eᵀ            (tied unless tie_word_embeddings false)
 * </pre>
 *
 * with every norm an RMSNorm with a (1 + w) gain, a GeGLU MLP, down(gelu_tanh(gate x) ⊙ up x), rotary
 * positions, grouped- or multi-query attention of {@code head_dim} (256 in the released models, not
 * d / heads), scores scaled by head_dim^−1/2, no biases. Unlike Gemma 2, {@code post_attention_layernorm}
 * is the norm before the MLP, as in Llama.
 */
final class GemmaAdapter implements ArchitectureAdapter {
    private static final ParamNames NAMES = new ParamNames("model.layers.")
            .outside("model.embed_tokens.weight", ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS)
            .inBlock(ModuleKind.NORM, "input_layernorm.weight", "post_attention_layernorm.weight")
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
        // Norm gains are stored as w in (1 + w): zeros are the identity, as GemmaRMSNorm initialises them.
        List<ParamSpec> s = new ArrayList<>();
        s.add(NAMES.global("model.embed_tokens.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            s.add(NAMES.block(l, "input_layernorm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "self_attn.q_proj.weight", new long[] {qd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.k_proj.weight", new long[] {kvd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.v_proj.weight", new long[] {kvd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.o_proj.weight", new long[] {d, qd}, ParamSpec.Init.NORMAL_RESIDUAL));
            s.add(NAMES.block(l, "post_attention_layernorm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "mlp.gate_proj.weight", new long[] {f, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "mlp.up_proj.weight", new long[] {f, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "mlp.down_proj.weight", new long[] {d, f}, ParamSpec.Init.NORMAL_RESIDUAL));
        }
        s.add(NAMES.global("model.norm.weight", new long[] {d}, ParamSpec.Init.ZEROS));
        if (!c.tieWordEmbeddings()) {
            s.add(NAMES.global("lm_head.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        }
        return s;
    }

    @Override
    public void writeHfConfig(ModelConfig c, JsonObject o) {
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
    }

    @Override
    public Network build(ModelConfig c, ParameterStore p) {
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
                    true);
            Mlp mlp = LlamaAdapter.gatedMlp(l, p, h, c);
            blocks.add(new Block(
                    l,
                    norm(p, h + "input_layernorm.weight", c),
                    attn,
                    norm(p, h + "post_attention_layernorm.weight", c),
                    mlp));
        }
        String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        return new Network(
                p.get("model.embed_tokens.weight"),
                null,
                new Rotary(c.headDim(), c.ropeTheta()),
                blocks,
                norm(p, "model.norm.weight", c),
                Linear.outIn(p.get(head), null),
                (float) Math.sqrt(c.hiddenSize()),
                0);
    }

    /** Gemma's RMSNorm with a (1 + w) gain, computed in float32. */
    static Norm norm(ParameterStore p, String name, ModelConfig c) {
        return Norm.rmsNormOnePlus(p.get(name), c.normEps());
    }
}
