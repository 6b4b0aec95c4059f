package io.skillscope.core.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Microsoft Phi-3 (Abdin et al., 2024; transformers' {@code Phi3ForCausalLM}): the Llama block
 * (RMSNorm, rotate-half rotary, grouped-query attention, SiLU-gated MLP, no biases, untied head by
 * default) with two fused weights, split by rows: {@code self_attn.qkv_proj} = {@code [q; k; v]}
 * ({@code H·D + 2·K·D} rows) and {@code mlp.gate_up_proj} = {@code [gate; up]} ({@code 2F} rows). The
 * optional {@code sliding_window} is the shared attention window. Hooks are Llama's: {@code mlp.hook_pre}
 * = the gate half, {@code mlp.hook_pre_linear} = the up half, {@code mlp.hook_post} = the down input.
 */
final class Phi3Adapter implements ArchitectureAdapter {
    private static final ParamNames NAMES = new ParamNames("model.layers.")
            .outside("model.embed_tokens.weight", ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS)
            .inBlock(ModuleKind.NORM, "input_layernorm.weight", "post_attention_layernorm.weight")
            .inBlock(ModuleKind.QKV, "self_attn.qkv_proj.weight")
            .inBlock(ModuleKind.O, "self_attn.o_proj.weight")
            .inBlock(ModuleKind.GATE_UP, "mlp.gate_up_proj.weight")
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
        List<ParamSpec> s = new ArrayList<>();
        s.add(NAMES.global("model.embed_tokens.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            s.add(NAMES.block(l, "input_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            s.add(NAMES.block(l, "self_attn.qkv_proj.weight", new long[] {qd + 2 * kvd, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "self_attn.o_proj.weight", new long[] {d, qd}, ParamSpec.Init.NORMAL_RESIDUAL));
            s.add(NAMES.block(l, "post_attention_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            s.add(NAMES.block(l, "mlp.gate_up_proj.weight", new long[] {2 * f, d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "mlp.down_proj.weight", new long[] {d, f}, ParamSpec.Init.NORMAL_RESIDUAL));
        }
        s.add(NAMES.global("model.norm.weight", new long[] {d}, ParamSpec.Init.ONES));
        if (!c.tieWordEmbeddings()) {
            s.add(NAMES.global("lm_head.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        }
        return s;
    }

    @Override
    public void writeHfConfig(ModelConfig c, JsonObject o) {
        LlamaAdapter.writeLlamaStyleConfig(c, o);
        Integer window = c.slidingWindow();
        JsonElement windowJson = window == null ? JsonNull.INSTANCE : new JsonPrimitive(window);
        o.add("sliding_window", windowJson);
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
                    Attention.fused(LlamaAdapter.linear(p, h + "self_attn.qkv_proj")),
                    LlamaAdapter.linear(p, h + "self_attn.o_proj"),
                    true);
            Mlp mlp = Mlp.gatedFused(
                    l,
                    LlamaAdapter.linear(p, h + "mlp.gate_up_proj"),
                    LlamaAdapter.linear(p, h + "mlp.down_proj"),
                    c.activation());
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
}
