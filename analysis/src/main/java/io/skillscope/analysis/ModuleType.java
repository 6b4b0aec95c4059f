package io.skillscope.analysis;

import java.util.Locale;

/**
 * The kind of module a checkpoint tensor belongs to, shared by both naming styles (Llama family and
 * GPT-2).
 *
 * <p>{@link #QKV} is GPT-2's fused {@code attn.c_attn} projection; GPT-2's {@code mlp.c_fc} is
 * {@link #UP} and its {@code mlp.c_proj} is {@link #DOWN}. Callers label tensors with a
 * {@link TensorLabel}; results are grouped by this enum (docs/methods.md §3: q, k, v, o, gate, up, down).
 */
public enum ModuleType {
    /** Attention query projection ({@code self_attn.q_proj}). */
    Q,
    /** Attention key projection ({@code self_attn.k_proj}). */
    K,
    /** Attention value projection ({@code self_attn.v_proj}). */
    V,
    /** Attention output projection ({@code self_attn.o_proj}, GPT-2 {@code attn.c_proj}). */
    O,
    /** Fused query-key-value projection (GPT-2 {@code attn.c_attn}, GPT-NeoX {@code attention.query_key_value},
     * Phi-3 {@code self_attn.qkv_proj}). */
    QKV,
    /** Gate projection of a gated MLP ({@code mlp.gate_proj}). */
    GATE,
    /** MLP input projection ({@code mlp.up_proj}, GPT-2 {@code mlp.c_fc}). */
    UP,
    /** MLP output projection ({@code mlp.down_proj}, GPT-2 {@code mlp.c_proj}). */
    DOWN,
    /** Fused gate and up projections of a gated MLP (Phi-3 {@code mlp.gate_up_proj}). */
    GATE_UP,
    /** Any normalization ({@code input_layernorm}, {@code post_attention_layernorm}, {@code ln_1}, ...). */
    NORM,
    /** Token or position embeddings ({@code embed_tokens}, {@code wte}, {@code wpe}). */
    EMBED,
    /** The language-model head ({@code lm_head}). */
    HEAD,
    /** Anything else (buffers, unknown modules). */
    OTHER;

    /** Lower-case label for tables and charts, e.g. {@code "q"}, {@code "gate"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the module belongs to attention ({@link #Q}, {@link #K}, {@link #V}, {@link #O}, {@link #QKV}). */
    public boolean isAttention() {
        return this == Q || this == K || this == V || this == O || this == QKV;
    }

    /** Whether the module belongs to the MLP ({@link #GATE}, {@link #UP}, {@link #GATE_UP}, {@link #DOWN}). */
    public boolean isMlp() {
        return this == GATE || this == UP || this == GATE_UP || this == DOWN;
    }
}
