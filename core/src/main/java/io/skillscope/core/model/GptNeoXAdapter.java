package io.skillscope.core.model;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.config.NeoXOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GPT-NeoX and Pythia (Black et al., 2022; Biderman et al., 2023; Hugging Face
 * {@code GPTNeoXForCausalLM}): LayerNorm with biases, a fused {@code attention.query_key_value} laid out
 * per head ({@code [H, 3, D]}: {@link Attention#perHeadFused}), partial rotary positions on the first
 * {@code headDim · rotary_pct} dimensions of each head, a parallel residual
 * x + attn(ln1 x) + mlp(ln2 x) ({@link ParallelBlock}; {@link Block} when {@code use_parallel_residual}
 * is false), MLP {@code dense_4h_to_h(act(dense_h_to_4h x))} with biases, {@code nn.Linear} weights
 * stored {@code [out, in]}, an untied {@code embed_out}. Buffers of older checkpoints
 * ({@code attention.bias}, {@code attention.masked_bias}, {@code rotary_emb.inv_freq}) are skipped.
 */
final class GptNeoXAdapter implements ArchitectureAdapter {
    private static final String P = "gpt_neox.";
    private static final ParamNames NAMES = new ParamNames(P + "layers.")
            .outside(P + "embed_in.weight", ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS)
            .inBlock(
                    ModuleKind.NORM,
                    "input_layernorm.weight",
                    "input_layernorm.bias",
                    "post_attention_layernorm.weight",
                    "post_attention_layernorm.bias")
            .inBlock(ModuleKind.QKV, "attention.query_key_value.weight", "attention.query_key_value.bias")
            .inBlock(ModuleKind.O, "attention.dense.weight", "attention.dense.bias")
            .inBlock(ModuleKind.UP, "mlp.dense_h_to_4h.weight", "mlp.dense_h_to_4h.bias")
            .inBlock(ModuleKind.DOWN, "mlp.dense_4h_to_h.weight", "mlp.dense_4h_to_h.bias")
            .outside(P + "final_layer_norm.weight", ModuleKind.NORM, ParamSpec.Region.FINAL_NORM)
            .outside(P + "final_layer_norm.bias", ModuleKind.NORM, ParamSpec.Region.FINAL_NORM)
            .outside("embed_out.weight", ModuleKind.HEAD, ParamSpec.Region.HEAD);

    @Override
    public ParamNames names() {
        return NAMES;
    }

    @Override
    public List<ParamSpec> parameters(ModelConfig c) {
        long d = c.hiddenSize();
        long f = c.intermediateSize();
        List<ParamSpec> s = new ArrayList<>();
        s.add(NAMES.global(P + "embed_in.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        for (int l = 0; l < c.numLayers(); l++) {
            s.add(NAMES.block(l, "input_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            s.add(NAMES.block(l, "input_layernorm.bias", new long[] {d}, ParamSpec.Init.ZEROS));
            s.add(NAMES.block(l, "post_attention_layernorm.weight", new long[] {d}, ParamSpec.Init.ONES));
            s.add(NAMES.block(l, "post_attention_layernorm.bias", new long[] {d}, ParamSpec.Init.ZEROS));
            linear(s, l, "attention.query_key_value", 3 * d, d, c.qkvBias());
            linear(s, l, "attention.dense", d, d, c.outputBias());
            linear(s, l, "mlp.dense_h_to_4h", f, d, true);
            linear(s, l, "mlp.dense_4h_to_h", d, f, true);
        }
        s.add(NAMES.global(P + "final_layer_norm.weight", new long[] {d}, ParamSpec.Init.ONES));
        s.add(NAMES.global(P + "final_layer_norm.bias", new long[] {d}, ParamSpec.Init.ZEROS));
        if (!c.tieWordEmbeddings()) {
            s.add(NAMES.global("embed_out.weight", new long[] {c.vocabSize(), d}, ParamSpec.Init.NORMAL));
        }
        return s;
    }

    /** GPTNeoX initialises every matrix from N(0, 0.02²), biases to zero. */
    private static void linear(List<ParamSpec> s, int layer, String module, long out, long in, boolean bias) {
        s.add(NAMES.block(layer, module + ".weight", new long[] {out, in}, ParamSpec.Init.NORMAL));
        if (bias) {
            s.add(NAMES.block(layer, module + ".bias", new long[] {out}, ParamSpec.Init.ZEROS));
        }
    }

    @Override
    public Optional<String> canonicalName(String name) {
        if (name.endsWith(".attention.bias")
                || name.endsWith(".attention.masked_bias")
                || name.endsWith("rotary_emb.inv_freq")) {
            return Optional.empty(); // causal-mask and rotary buffers of older checkpoints
        }
        return Optional.of(name);
    }

    @Override
    public void writeHfConfig(ModelConfig c, JsonObject o) {
        NeoXOptions neox = (NeoXOptions) c.familyOptions();
        o.addProperty("hidden_size", c.hiddenSize());
        o.addProperty("intermediate_size", c.intermediateSize());
        o.addProperty("num_hidden_layers", c.numLayers());
        o.addProperty("num_attention_heads", c.numHeads());
        o.addProperty("hidden_act", c.activation().hfName(c.architecture()));
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("layer_norm_eps", c.normEps());
        o.addProperty("rotary_pct", neox.rotaryPct());
        o.addProperty("rotary_emb_base", c.ropeTheta());
        o.add("rope_scaling", JsonNull.INSTANCE);
        o.addProperty("use_parallel_residual", neox.parallelResidual());
        o.addProperty("attention_bias", c.qkvBias());
    }

    @Override
    public Network build(ModelConfig c, ParameterStore p) {
        NeoXOptions neox = (NeoXOptions) c.familyOptions();
        List<TransformerBlock> blocks = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String h = NAMES.blockPrefix(l);
            Attention attn = new Attention(
                    l,
                    c.numHeads(),
                    c.numHeads(),
                    c.headDim(),
                    Attention.perHeadFused(linear(p, h + "attention.query_key_value")),
                    linear(p, h + "attention.dense"),
                    true);
            Mlp mlp = Mlp.plain(
                    l, linear(p, h + "mlp.dense_h_to_4h"), linear(p, h + "mlp.dense_4h_to_h"), c.activation());
            Norm ln1 =
                    Norm.layerNorm(p.get(h + "input_layernorm.weight"), p.get(h + "input_layernorm.bias"), c.normEps());
            Norm ln2 = Norm.layerNorm(
                    p.get(h + "post_attention_layernorm.weight"),
                    p.get(h + "post_attention_layernorm.bias"),
                    c.normEps());
            blocks.add(
                    neox.parallelResidual()
                            ? new ParallelBlock(l, ln1, attn, ln2, mlp)
                            : new Block(l, ln1, attn, ln2, mlp));
        }
        String head = c.tieWordEmbeddings() ? P + "embed_in.weight" : "embed_out.weight";
        return new Network(
                p.get(P + "embed_in.weight"),
                null,
                new Rotary(neox.rotaryDims(c.headDim()), c.ropeTheta()),
                blocks,
                Norm.layerNorm(p.get(P + "final_layer_norm.weight"), p.get(P + "final_layer_norm.bias"), c.normEps()),
                Linear.outIn(p.get(head), null));
    }

    private static Linear linear(ParameterStore p, String name) {
        String bias = name + ".bias";
        return Linear.outIn(p.get(name + ".weight"), p.contains(bias) ? p.get(bias) : null);
    }
}
