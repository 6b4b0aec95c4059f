package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.hooks.HookSite;

/**
 * A pre-norm transformer block, the same for every architecture:
 * mid = x + attn(ln1 x); out = mid + mlp(ln2 mid).
 *
 * <p>With post-norms (Gemma 2's "sandwich"): mid = x + lnAttnPost(attn(ln1 x)); out = mid +
 * lnMlpPost(mlp(ln2 mid)). {@code hook_attn_out} and {@code hook_mlp_out} are then read after the
 * post-norms, what the block adds to the residual stream (TransformerLens' Gemma 2 convention).
 */
final class Block implements TransformerBlock {
    private final int layer;
    private final Norm ln1;
    private final Attention attn;
    private final Norm ln2;
    private final Mlp mlp;
    private final Norm attnPostNorm; // nullable
    private final Norm mlpPostNorm; // nullable

    Block(int layer, Norm ln1, Attention attn, Norm ln2, Mlp mlp) {
        this(layer, ln1, attn, ln2, mlp, null, null);
    }

    /** A block with norms after attention and after the MLP too (either may be null). */
    Block(int layer, Norm ln1, Attention attn, Norm ln2, Mlp mlp, Norm attnPostNorm, Norm mlpPostNorm) {
        this.layer = layer;
        this.ln1 = ln1;
        this.attn = attn;
        this.ln2 = ln2;
        this.mlp = mlp;
        this.attnPostNorm = attnPostNorm;
        this.mlpPostNorm = mlpPostNorm;
    }

    @Override
    public NDArray forward(NDArray x, Pass pass) {
        NDArray resid = pass.hook(layer, HookSite.RESID_PRE, x); // [B, T, d]
        NDArray n1 = pass.hook(layer, HookSite.LN1_NORMALIZED, ln1.apply(resid)); // [B, T, d]
        NDArray a = pass.hook(layer, HookSite.ATTN_OUT, post(attnPostNorm, attn.forward(n1, pass))); // [B, T, d]
        NDArray mid = pass.hook(layer, HookSite.RESID_MID, resid.add(a)); // [B, T, d]
        NDArray n2 = pass.hook(layer, HookSite.LN2_NORMALIZED, ln2.apply(mid)); // [B, T, d]
        NDArray m = pass.hook(layer, HookSite.MLP_OUT, post(mlpPostNorm, mlp.forward(n2, pass))); // [B, T, d]
        return pass.hook(layer, HookSite.RESID_POST, mid.add(m)); // [B, T, d]
    }

    /** x {@code [B, T, d]} through an optional post-norm. */
    private static NDArray post(Norm norm, NDArray x) {
        return norm == null ? x : norm.apply(x);
    }
}
