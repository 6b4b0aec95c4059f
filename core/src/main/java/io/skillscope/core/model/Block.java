package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.hooks.HookSite;

/**
 * A pre-norm transformer block, the same for every architecture:
 * mid = x + attn(ln1 x); out = mid + mlp(ln2 mid).
 */
final class Block implements TransformerBlock {
    private final int layer;
    private final Norm ln1;
    private final Attention attn;
    private final Norm ln2;
    private final Mlp mlp;

    Block(int layer, Norm ln1, Attention attn, Norm ln2, Mlp mlp) {
        this.layer = layer;
        this.ln1 = ln1;
        this.attn = attn;
        this.ln2 = ln2;
        this.mlp = mlp;
    }

    @Override
    public NDArray forward(NDArray x, Pass pass) {
        NDArray resid = pass.hook(layer, HookSite.RESID_PRE, x); // [B, T, d]
        NDArray n1 = pass.hook(layer, HookSite.LN1_NORMALIZED, ln1.apply(resid)); // [B, T, d]
        NDArray a = pass.hook(layer, HookSite.ATTN_OUT, attn.forward(n1, pass)); // [B, T, d]
        NDArray mid = pass.hook(layer, HookSite.RESID_MID, resid.add(a)); // [B, T, d]
        NDArray n2 = pass.hook(layer, HookSite.LN2_NORMALIZED, ln2.apply(mid)); // [B, T, d]
        NDArray m = pass.hook(layer, HookSite.MLP_OUT, mlp.forward(n2, pass)); // [B, T, d]
        return pass.hook(layer, HookSite.RESID_POST, mid.add(m)); // [B, T, d]
    }
}
