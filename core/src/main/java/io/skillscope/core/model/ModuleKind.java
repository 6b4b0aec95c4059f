package io.skillscope.core.model;

/**
 * The module a parameter belongs to, the same for every architecture: what per-module tables group by.
 * GPT-2's fused {@code attn.c_attn} is {@link #QKV}, its {@code mlp.c_fc} is {@link #UP} and its
 * {@code mlp.c_proj} is {@link #DOWN}; token and learned position embeddings are both {@link #EMBED}
 * (their {@link ParamSpec.Region} tells them apart).
 */
public enum ModuleKind {
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
    /** Fused gate and up projections of a gated MLP, {@code [gate; up]} rows (Phi-3 {@code mlp.gate_up_proj}). */
    GATE_UP,
    /** A norm gain or bias, in a block or after the last one. */
    NORM,
    /** Token or learned position embeddings ({@code embed_tokens}, {@code wte}, {@code wpe}). */
    EMBED,
    /** The unembedding ({@code lm_head}). */
    HEAD
}
