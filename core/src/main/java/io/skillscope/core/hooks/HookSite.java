package io.skillscope.core.hooks;

/**
 * The places in a transformer where an activation can be read or replaced, named as in TransformerLens.
 *
 * <p>A site is either global ({@code hook_embed}, {@code ln_final.hook_normalized}) or repeated in
 * every block ({@code blocks.{L}.mlp.hook_post}); a {@link HookName} pairs a site with a layer. Shapes
 * (B batch, T positions, d model width, H query heads, K key/value heads, D head width, F MLP width):
 * residual-stream sites are {@code [B, T, d]}; {@code attn.hook_q} and {@code attn.hook_z} are
 * {@code [B, T, H, D]}; {@code attn.hook_k} and {@code attn.hook_v} are {@code [B, T, K, D]} (before
 * rotary embedding, as in TransformerLens); {@code attn.hook_pattern} is {@code [B, H, Tq, Tk]};
 * MLP sites are {@code [B, T, F]}.
 */
public enum HookSite {
    /** Token embeddings, {@code [B, T, d]}. */
    EMBED("hook_embed", false, Applies.ALL),
    /** Learned positional embeddings (GPT-2 only), {@code [B, T, d]}. */
    POS_EMBED("hook_pos_embed", false, Applies.LEARNED_POSITIONS),
    /** Residual stream entering a block. */
    RESID_PRE("hook_resid_pre", true, Applies.ALL),
    /** Output of the block's first norm (the attention input). */
    LN1_NORMALIZED("ln1.hook_normalized", true, Applies.ALL),
    /** Queries per head, before rotary embedding. */
    ATTN_Q("attn.hook_q", true, Applies.ALL),
    /** Keys per key/value head, before rotary embedding. */
    ATTN_K("attn.hook_k", true, Applies.ALL),
    /** Values per key/value head. */
    ATTN_V("attn.hook_v", true, Applies.ALL),
    /** Attention probabilities after softmax. */
    ATTN_PATTERN("attn.hook_pattern", true, Applies.ALL),
    /** Attention-weighted values per head, before the output projection. */
    ATTN_Z("attn.hook_z", true, Applies.ALL),
    /** Attention output added to the residual stream. */
    ATTN_OUT("hook_attn_out", true, Applies.ALL),
    /** Residual stream between attention and MLP (sequential blocks only: parallel ones have none). */
    RESID_MID("hook_resid_mid", true, Applies.SEQUENTIAL),
    /** Output of the block's second norm (the MLP input). */
    LN2_NORMALIZED("ln2.hook_normalized", true, Applies.ALL),
    /** MLP pre-activation: GPT-2's c_fc output before GELU; gated MLPs' W_gate x before the activation. */
    MLP_PRE("mlp.hook_pre", true, Applies.ALL),
    /** Gated MLPs' linear branch W_up x. */
    MLP_PRE_LINEAR("mlp.hook_pre_linear", true, Applies.GATED),
    /** The input of the down projection: the feed-forward "keys" (act(W_gate x) ⊙ W_up x, or GELU(c_fc x)). */
    MLP_POST("mlp.hook_post", true, Applies.ALL),
    /** MLP output added to the residual stream. */
    MLP_OUT("hook_mlp_out", true, Applies.ALL),
    /** Residual stream leaving a block. */
    RESID_POST("hook_resid_post", true, Applies.ALL),
    /** Output of the final norm, the unembedding's input. */
    LN_FINAL("ln_final.hook_normalized", false, Applies.ALL);

    /** Which architectures have a site. */
    public enum Applies {
        ALL,
        GATED,
        LEARNED_POSITIONS,
        /**
         * Blocks whose MLP reads x + attn(ln1 x); parallel-residual blocks (GPT-NeoX, Pythia) have no such
         * stream and, as in TransformerLens, no site there.
         */
        SEQUENTIAL
    }

    private final String suffix;
    private final boolean perLayer;
    private final Applies applies;

    HookSite(String suffix, boolean perLayer, Applies applies) {
        this.suffix = suffix;
        this.perLayer = perLayer;
        this.applies = applies;
    }

    /**
     * The site whose {@link #suffix()} is {@code suffix}, among the per-block sites or among the global
     * ones; empty when there is none.
     */
    public static java.util.Optional<HookSite> bySuffix(String suffix, boolean perLayer) {
        for (HookSite s : values()) {
            if (s.perLayer == perLayer && s.suffix.equals(suffix)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /** The TransformerLens name without the {@code blocks.{L}.} prefix. */
    public String suffix() {
        return suffix;
    }

    /** Whether the site repeats in every block. */
    public boolean perLayer() {
        return perLayer;
    }

    /** Which architectures have the site. */
    public Applies applies() {
        return applies;
    }
}
