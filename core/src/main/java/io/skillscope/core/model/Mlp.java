package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
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
            NDArray post = pass.hook(layer, HookSite.MLP_POST, a.mul(u)); // [B, T, F]
            a.close();
            return down.apply(post); // [B, T, d]
        };
    }

    /** The activation function, elementwise. GELU_TANH is GPT-2's {@code gelu_new}. */
    static NDArray activate(NDArray x, io.skillscope.core.config.Activation act) {
        switch (act) {
            case SILU: {
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
                // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
                NDArray x3 = x.pow(3);
                NDArray inner = x3.mul(0.044715);
                NDArray sum = inner.add(x);
                NDArray scaled = sum.mul(Math.sqrt(2.0 / Math.PI));
                NDArray th = scaled.tanh();
                NDArray onePlus = th.add(1.0);
                NDArray half = x.mul(0.5);
                NDArray y = half.mul(onePlus);
                for (NDArray t : new NDArray[] {x3, inner, sum, scaled, th, onePlus, half}) {
                    t.close();
                }
                return y;
            }
            default:
                throw new IllegalStateException("unknown activation " + act);
        }
    }
}
