package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import io.skillscope.core.hooks.HookSite;

/** The feed-forward sub-layer of a block. */
interface Mlp {
    /** x {@code [B, T, d]} (normalised) → {@code [B, T, d]}. */
    NDArray forward(NDArray x, Pass pass);

    /** GPT-2: c_proj(act(c_fc x)); hook_pre = c_fc x, hook_post = act(c_fc x). */
    static Mlp plain(int layer, Linear fc, Linear proj, io.skillscope.core.config.Activation act) {
        return (x, pass) -> {
            NDArray pre = pass.hook(layer, HookSite.MLP_PRE, fc.apply(x)); // [B, T, F]
            NDArray post = pass.hook(layer, HookSite.MLP_POST, activate(pre, act)); // [B, T, F]
            return proj.apply(post); // [B, T, d]
        };
    }

    /**
     * Gated (SwiGLU, Shazeer 2020): down(act(gate x) ⊙ up x); hook_pre = gate x, hook_pre_linear = up x,
     * hook_post = act(gate x) ⊙ up x.
     */
    static Mlp gated(int layer, Linear gate, Linear up, Linear down, io.skillscope.core.config.Activation act) {
        return (x, pass) -> {
            NDArray g = pass.hook(layer, HookSite.MLP_PRE, gate.apply(x)); // [B, T, F]
            NDArray u = pass.hook(layer, HookSite.MLP_PRE_LINEAR, up.apply(x)); // [B, T, F]
            NDArray a = activate(g, act); // [B, T, F]
            NDArray post = pass.hook(layer, HookSite.MLP_POST, gate(a, u)); // [B, T, F]
            return down.apply(post); // [B, T, d]
        };
    }

    /**
     * Gated with the gate and up projections fused in one matrix of {@code [gate; up]} rows (Phi-3's
     * {@code gate_up_proj}, transformers' {@code Phi3MLP}: {@code gate, up = gate_up_proj(x).chunk(2)}):
     * down(act(gate x) ⊙ up x), with the hooks of {@link #gated}.
     */
    static Mlp gatedFused(int layer, Linear gateUp, Linear down, io.skillscope.core.config.Activation act) {
        return (x, pass) -> {
            NDArray gu = gateUp.apply(x); // [B, T, 2F]
            long f = gu.getShape().get(2) / 2;
            NDArray g0 = gu.get(new NDIndex("..., :{}", f)); // [B, T, F]
            NDArray u0 = gu.get(new NDIndex("..., {}:", f)); // [B, T, F]
            gu.close();
            NDArray g = pass.hook(layer, HookSite.MLP_PRE, g0); // [B, T, F]
            NDArray u = pass.hook(layer, HookSite.MLP_PRE_LINEAR, u0); // [B, T, F]
            NDArray a = activate(g, act); // [B, T, F]
            NDArray post = pass.hook(layer, HookSite.MLP_POST, gate(a, u)); // [B, T, F]
            return down.apply(post); // [B, T, d]
        };
    }

    /** act(g) ⊙ u {@code [B, T, F]}, in act(g)'s buffer when no autograd graph needs it (act(g) is consumed). */
    private static NDArray gate(NDArray a, NDArray u) {
        if (!JniUtils.isGradMode()) {
            return a.muli(u);
        }
        NDArray post = a.mul(u);
        a.close();
        return post;
    }

    /** The activation function, elementwise. GELU_TANH is GPT-2's {@code gelu_new}. */
    static NDArray activate(NDArray x, io.skillscope.core.config.Activation act) {
        switch (act) {
            case SILU: {
                if (!JniUtils.isGradMode()) {
                    return Activation.sigmoid(x).muli(x); // [..., F], σ(x)·x in one buffer
                }
                NDArray s = Activation.sigmoid(x);
                NDArray y = x.mul(s);
                s.close();
                return y;
            }
            case GELU:
                return Activation.gelu(x);
            case RELU:
                return Activation.relu(x);
            case GELU_TANH: {
                // 0.5·x·(1 + tanh(z)) = x·σ(2z), z = √(2/π)·(x + 0.044715·x³): six ops instead of eight
                double c = 2 * Math.sqrt(2.0 / Math.PI);
                if (!JniUtils.isGradMode()) {
                    // no autograd graph: the same six ops, in place in two buffers instead of six
                    NDArray z2 = x.square(); // [..., F]
                    NDArray k = Scalars.of(z2, 0.044715 * c);
                    NDArray c0 = Scalars.of(z2, c);
                    z2.muli(k).addi(c0).muli(x); // 2z = c·(1 + 0.044715·x²)·x
                    k.close();
                    c0.close();
                    NDArray y = Activation.sigmoid(z2); // σ(2z)
                    z2.close();
                    return y.muli(x); // x·σ(2z)
                }
                NDArray sq = x.square();
                NDArray cubic = sq.mul(Scalars.of(sq, 0.044715 * c));
                NDArray poly = cubic.add(c); // c·(1 + 0.044715·x²)
                NDArray z2 = poly.mul(x); // 2z
                NDArray gate = Activation.sigmoid(z2);
                NDArray y = x.mul(gate);
                for (NDArray t : new NDArray[] {sq, cubic, poly, z2, gate}) {
                    t.close();
                }
                return y;
            }
            default:
                throw new IllegalStateException("unknown activation " + act);
        }
    }
}
