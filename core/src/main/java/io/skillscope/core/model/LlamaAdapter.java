package io.skillscope.core.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The Llama family (Llama 2/3, Mistral, Qwen2, SmolLM, TinyLlama; Touvron et al., 2023): RMSNorm,
 * rotary positions, separate q/k/v/o projections (Qwen2: q/k/v biases) with grouped-query attention,
 * SwiGLU MLP, {@code nn.Linear} weights stored {@code [out, in]}, tied or untied unembedding; rotary
 * frequencies rescaled by {@code rope_scaling} {@code linear} or {@code llama3} (Llama 3.1/3.2).
 */
final class LlamaAdapter implements ArchitectureAdapter {
    private static final ParamNames NAMES = new ParamNames("model.layers.")
            .outside("model.embed_tokens.weight", ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS)
            .inBlock(ModuleKind.NORM, "input_layernorm.weight", "post_attention_layernorm.weight")
            .inBlock(ModuleKind.Q, "self_attn.q_proj.weight", "self_attn.q_proj.bias")
            .inBlock(ModuleKind.K, "self_attn.k_proj.weight", "self_attn.k_proj.bias")
            .inBlock(ModuleKind.V, "self_attn.v_proj.weight", "self_attn.v_proj.bias")
            .inBlock(ModuleKind.O, "self_attn.o_proj.weight", "self_attn.o_proj.bias")
            .inBlock(ModuleKind.GATE, "mlp.gate_proj.weight", "mlp.gate_proj.bias")
            .inBlock(ModuleKind.UP, "mlp.up_proj.weight", "mlp.up_proj.bias")
            .inBlock(ModuleKind.DOWN, "mlp.down_proj.weight", "mlp.down_proj.bias")
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
        List<ParamSpec> s = new ArrayList<>();
        s.add(NAMES.global("model.embed_tokens.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            s.add(NAMES.block(l, "input_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            linear(s, l, "self_attn.q_proj", qd, d, c.qkvBias(), ParamSpec.Init.NORMAL);
            linear(s, l, "self_attn.k_proj", kvd, d, c.qkvBias(), ParamSpec.Init.NORMAL);
            linear(s, l, "self_attn.v_proj", kvd, d, c.qkvBias(), ParamSpec.Init.NORMAL);
            linear(s, l, "self_attn.o_proj", d, qd, c.outputBias(), ParamSpec.Init.NORMAL_RESIDUAL);
            s.add(NAMES.block(l, "post_attention_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            linear(s, l, "mlp.gate_proj", f, d, c.mlpBias(), ParamSpec.Init.NORMAL);
            linear(s, l, "mlp.up_proj", f, d, c.mlpBias(), ParamSpec.Init.NORMAL);
            linear(s, l, "mlp.down_proj", d, f, c.mlpBias(), ParamSpec.Init.NORMAL_RESIDUAL);
        }
        s.add(NAMES.global("model.norm.weight", new long[] {d}, ParamSpec.Init.ONES));
        if (!c.tieWordEmbeddings()) {
            s.add(NAMES.global("lm_head.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        }
        return s;
    }

    private static void linear(
            List<ParamSpec> s, int layer, String module, long out, long in, boolean bias, ParamSpec.Init init) {
        s.add(NAMES.block(layer, module + ".weight", new long[] {out, in}, init));
        if (bias) {
            s.add(NAMES.block(layer, module + ".bias", new long[] {out}, ParamSpec.Init.ZEROS));
        }
    }

    @Override
    public void writeHfConfig(ModelConfig c, JsonObject o) {
        writeLlamaStyleConfig(c, o);
        Integer window = c.slidingWindow();
        JsonElement windowJson = window == null ? JsonNull.INSTANCE : new JsonPrimitive(window);
        switch (c.architecture()) {
            case LLAMA -> {
                o.addProperty("attention_bias", c.qkvBias());
                o.addProperty("mlp_bias", c.mlpBias());
            }
            case MISTRAL -> o.add("sliding_window", windowJson);
            case QWEN2 -> {
                o.addProperty("use_sliding_window", window != null);
                o.add("sliding_window", windowJson);
                o.addProperty("max_window_layers", window != null ? 0 : c.numLayers());
            }
            default -> throw new AssertionError(c.architecture());
        }
    }

    /**
     * The keys every Llama-style config shares (sizes, activation, norm epsilon, rotary base and
     * {@code rope_scaling}); Phi-3's adapter writes them too.
     */
    static void writeLlamaStyleConfig(ModelConfig c, JsonObject o) {
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
        o.add(
                "rope_scaling",
                c.ropeScaling() == null ? JsonNull.INSTANCE : c.ropeScaling().toHfJson());
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
                    Norm.rmsNorm(p.get(h + "input_layernorm.weight"), c.normEps()),
                    attn,
                    Norm.rmsNorm(p.get(h + "post_attention_layernorm.weight"), c.normEps()),
                    mlp));
        }
        String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        return new Network(
                p.get("model.embed_tokens.weight"),
                null,
                new Rotary(c.headDim(), c.ropeTheta(), c.ropeScaling()),
                blocks,
                Norm.rmsNorm(p.get("model.norm.weight"), c.normEps()),
                Linear.outIn(p.get(head), null));
    }

    /** The separate q, k and v projections of a Llama-style block whose names start with {@code h}. */
    static Attention.Projection separateQkv(ParameterStore p, String h) {
        return Attention.separate(
                linear(p, h + "self_attn.q_proj"),
                linear(p, h + "self_attn.k_proj"),
                linear(p, h + "self_attn.v_proj"));
    }

    /** The gated MLP down(act(gate x) ⊙ up x) of a Llama-style block whose names start with {@code h}. */
    static Mlp gatedMlp(int layer, ParameterStore p, String h, ModelConfig c) {
        return Mlp.gated(
                layer,
                linear(p, h + "mlp.gate_proj"),
                linear(p, h + "mlp.up_proj"),
                linear(p, h + "mlp.down_proj"),
                c.activation());
    }

    /** The {@code [out, in]} weight of {@code name}, with its bias when the checkpoint has one. */
    static Linear linear(ParameterStore p, String name) {
        String bias = name + ".bias";
        return Linear.outIn(p.get(name + ".weight"), p.contains(bias) ? p.get(bias) : null);
    }
}
