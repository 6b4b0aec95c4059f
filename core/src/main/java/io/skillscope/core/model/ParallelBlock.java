package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.hooks.HookSite;

/**
 * A pre-norm block whose attention and MLP read the same input (GPT-J, GPT-NeoX's
 * {@code use_parallel_residual}, Hugging Face {@code GPTNeoXLayer}): out = x + attn(ln1 x) + mlp(ln2 x).
 * There is no residual stream between the two, so, as in TransformerLens, the block has no
 * {@code hook_resid_mid}; {@code ln2.hook_normalized} is ln2 of the block input.
 */
final class ParallelBlock implements TransformerBlock {
    private final int layer;
    private final Norm ln1;
    private final Attention attn;
    private final Norm ln2;
    private final Mlp mlp;

    ParallelBlock(int layer, Norm ln1, Attention attn, Norm ln2, Mlp mlp) {
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
        NDArray n2 = pass.hook(layer, HookSite.LN2_NORMALIZED, ln2.apply(resid)); // [B, T, d]
        NDArray m = pass.hook(layer, HookSite.MLP_OUT, mlp.forward(n2, pass)); // [B, T, d]
        NDArray am = a.add(m); // [B, T, d]
        NDArray out = pass.hook(layer, HookSite.RESID_POST, resid.add(am)); // [B, T, d]
        am.close();
        return out;
    }
}
