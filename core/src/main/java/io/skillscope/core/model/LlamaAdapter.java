package io.skillscope.core.model;

import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Llama family (Llama 2/3, Mistral, Qwen2, SmolLM, TinyLlama; Touvron et al., 2023): RMSNorm,
 * rotary positions, separate q/k/v/o projections (Qwen2: q/k/v biases) with grouped-query attention,
 * SwiGLU MLP, {@code nn.Linear} weights stored {@code [out, in]}, tied or untied unembedding.
 */
final class LlamaAdapter implements ArchitectureAdapter {
    @Override
    public List<ParamSpec> parameters(ModelConfig c) {
        long d = c.hiddenSize();
        long qd = (long) c.numHeads() * c.headDim();
        long kvd = (long) c.numKvHeads() * c.headDim();
        long f = c.intermediateSize();
        List<ParamSpec> s = new ArrayList<>();
        s.add(new ParamSpec("model.embed_tokens.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            String h = "model.layers." + l + ".";
            s.add(new ParamSpec(h + "input_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            linear(s, h + "self_attn.q_proj", qd, d, c.qkvBias(), ParamSpec.Init.NORMAL);
            linear(s, h + "self_attn.k_proj", kvd, d, c.qkvBias(), ParamSpec.Init.NORMAL);
            linear(s, h + "self_attn.v_proj", kvd, d, c.qkvBias(), ParamSpec.Init.NORMAL);
            linear(s, h + "self_attn.o_proj", d, qd, c.outputBias(), ParamSpec.Init.NORMAL_RESIDUAL);
            s.add(new ParamSpec(h + "post_attention_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            linear(s, h + "mlp.gate_proj", f, d, c.mlpBias(), ParamSpec.Init.NORMAL);
            linear(s, h + "mlp.up_proj", f, d, c.mlpBias(), ParamSpec.Init.NORMAL);
            linear(s, h + "mlp.down_proj", d, f, c.mlpBias(), ParamSpec.Init.NORMAL_RESIDUAL);
        }
        s.add(new ParamSpec("model.norm.weight", new long[] {d}, ParamSpec.Init.ONES));
        if (!c.tieWordEmbeddings()) {
            s.add(new ParamSpec("lm_head.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        }
        return s;
    }

    private static void linear(List<ParamSpec> s, String name, long out, long in, boolean bias, ParamSpec.Init init) {
        s.add(new ParamSpec(name + ".weight", new long[] {out, in}, init));
        if (bias) {
            s.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.Init.ZEROS));
        }
    }

    @Override
    public Optional<String> canonicalName(String name) {
        if (name.endsWith("rotary_emb.inv_freq")) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    @Override
    public Network build(ModelConfig c, ParameterStore p) {
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String h = "model.layers." + l + ".";
            Attention attn = new Attention(l, c.numHeads(), c.numKvHeads(), c.headDim(),
                    Attention.separate(linear(p, h + "self_attn.q_proj"), linear(p, h + "self_attn.k_proj"),
                            linear(p, h + "self_attn.v_proj")),
                    linear(p, h + "self_attn.o_proj"), true);
            Mlp mlp = Mlp.gated(l, linear(p, h + "mlp.gate_proj"), linear(p, h + "mlp.up_proj"),
                    linear(p, h + "mlp.down_proj"), c.activation());
            blocks.add(new Block(l, Norm.rmsNorm(p.get(h + "input_layernorm.weight"), c.normEps()), attn,
                    Norm.rmsNorm(p.get(h + "post_attention_layernorm.weight"), c.normEps()), mlp));
        }
        String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        return new Network(p.get("model.embed_tokens.weight"), null, new Rotary(c.headDim(), c.ropeTheta()), blocks,
                Norm.rmsNorm(p.get("model.norm.weight"), c.normEps()), Linear.outIn(p.get(head), null));
    }

    private static Linear linear(ParameterStore p, String name) {
        String bias = name + ".bias";
        return Linear.outIn(p.get(name + ".weight"), p.contains(bias) ? p.get(bias) : null);
    }
}
