package io.skillscope.core.model;

import com.google.gson.JsonObject;
import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * GPT-2 (Radford et al., 2019): learned positions, LayerNorm, fused q/k/v {@code c_attn}, GELU MLP,
 * Conv1D weights stored {@code [in, out]}, unembedding tied to {@code wte}. Canonical names carry the
 * {@code transformer.} prefix; files without it (and their {@code attn.bias} mask buffers) load too.
 */
final class Gpt2Adapter implements ArchitectureAdapter {
    private static final String P = "transformer.";
    private static final ParamNames NAMES = new ParamNames(P + "h.")
            .outside(P + "wte.weight", ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS)
            .outside(P + "wpe.weight", ModuleKind.EMBED, ParamSpec.Region.POSITIONS)
            .inBlock(ModuleKind.NORM, "ln_1.weight", "ln_1.bias", "ln_2.weight", "ln_2.bias")
            .inBlock(ModuleKind.QKV, "attn.c_attn.weight", "attn.c_attn.bias")
            .inBlock(ModuleKind.O, "attn.c_proj.weight", "attn.c_proj.bias")
            .inBlock(ModuleKind.UP, "mlp.c_fc.weight", "mlp.c_fc.bias")
            .inBlock(ModuleKind.DOWN, "mlp.c_proj.weight", "mlp.c_proj.bias")
            .outside(P + "ln_f.weight", ModuleKind.NORM, ParamSpec.Region.FINAL_NORM)
            .outside(P + "ln_f.bias", ModuleKind.NORM, ParamSpec.Region.FINAL_NORM);

    @Override
    public ParamNames names() {
        return NAMES;
    }

    @Override
    public List<ParamSpec> parameters(ModelConfig c) {
        long d = c.hiddenSize();
        long f = c.intermediateSize();
        List<ParamSpec> s = new ArrayList<>();
        s.add(NAMES.global(P + "wte.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        s.add(NAMES.global(P + "wpe.weight", new long[] {c.maxPositions(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            s.add(NAMES.block(l, "ln_1.weight", new long[] {d}, ParamSpec.Init.ONES));
            s.add(NAMES.block(l, "ln_1.bias", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "attn.c_attn.weight", new long[] {d, 3 * d}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "attn.c_attn.bias", new long[] {3 * d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "attn.c_proj.weight", new long[] {d, d}, ParamSpec.Init.NORMAL_RESIDUAL));
            s.add(NAMES.block(l, "attn.c_proj.bias", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "ln_2.weight", new long[] {d}, ParamSpec.Init.ONES));
            s.add(NAMES.block(l, "ln_2.bias", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "mlp.c_fc.weight", new long[] {d, f}, ParamSpec.Init.NORMAL));
            s.add(NAMES.block(l, "mlp.c_fc.bias", new long[] {f}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "mlp.c_proj.weight", new long[] {f, d}, ParamSpec.Init.NORMAL_RESIDUAL));
            s.add(NAMES.block(l, "mlp.c_proj.bias", new long[] {d}, ParamSpec.Init.ZEROS));
        }
        s.add(NAMES.global(P + "ln_f.weight", new long[] {d}, ParamSpec.Init.ONES));
        s.add(NAMES.global(P + "ln_f.bias", new long[] {d}, ParamSpec.Init.ZEROS));
        return s;
    }

    @Override
    public OptionalInt layer(String name) {
        return NAMES.layer(name.startsWith(P) ? name : P + name);
    }

    @Override
    public void writeHfConfig(ModelConfig c, JsonObject o) {
        o.addProperty("n_positions", c.maxPositions());
        o.addProperty("n_ctx", c.maxPositions());
        o.addProperty("n_embd", c.hiddenSize());
        o.addProperty("n_layer", c.numLayers());
        o.addProperty("n_head", c.numHeads());
        o.addProperty("n_inner", c.intermediateSize());
        o.addProperty("activation_function", c.activation().hfName(c.architecture()));
        o.addProperty("layer_norm_epsilon", c.normEps());
    }

    @Override
    public Optional<String> canonicalName(String name) {
        if (name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias") || name.equals("lm_head.weight")) {
            return Optional.empty(); // causal-mask buffers; the head is tied to wte
        }
        return Optional.of(name.startsWith(P) ? name : P + name);
    }

    @Override
    public Network build(ModelConfig c, ParameterStore p) {
        List<Block> blocks = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String h = NAMES.blockPrefix(l);
            Attention attn = new Attention(
                    l,
                    c.numHeads(),
                    c.numHeads(),
                    c.headDim(),
                    Attention.fused(Linear.inOut(p.get(h + "attn.c_attn.weight"), p.get(h + "attn.c_attn.bias"))),
                    Linear.inOut(p.get(h + "attn.c_proj.weight"), p.get(h + "attn.c_proj.bias")),
                    false);
            Mlp mlp = Mlp.plain(
                    l,
                    Linear.inOut(p.get(h + "mlp.c_fc.weight"), p.get(h + "mlp.c_fc.bias")),
                    Linear.inOut(p.get(h + "mlp.c_proj.weight"), p.get(h + "mlp.c_proj.bias")),
                    c.activation());
            blocks.add(new Block(
                    l,
                    Norm.layerNorm(p.get(h + "ln_1.weight"), p.get(h + "ln_1.bias"), c.normEps()),
                    attn,
                    Norm.layerNorm(p.get(h + "ln_2.weight"), p.get(h + "ln_2.bias"), c.normEps()),
                    mlp));
        }
        return new Network(
                p.get(P + "wte.weight"),
                p.get(P + "wpe.weight"),
                null,
                blocks,
                Norm.layerNorm(p.get(P + "ln_f.weight"), p.get(P + "ln_f.bias"), c.normEps()),
                Linear.outIn(p.get(P + "wte.weight"), null));
    }
}
