package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.skillscope.core.hooks.HookSite;

/**
 * Multi-head causal self-attention with grouped-query support (Vaswani et al., 2017; Ainslie et al.,
 * 2023): pattern = softmax(q·kᵀ/√D + mask), z = pattern·v, out = W_O·concat(z). Query head j reads
 * key/value head j / (H/K). Keys and values go through the pass's KV cache when there is one. Optional
 * capabilities (Gemma 2): another score scale, soft-capped scores, a per-layer sliding window.
 */
final class Attention {
    /** Computes q {@code [B, T, H, D]}, k and v {@code [B, T, K, D]} from the block input. */
    interface Projection {
        NDArray[] qkv(NDArray x, int heads, int kvHeads, int headDim);
    }

    private final int layer;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final Projection projection;
    private final Linear out;
    private final boolean rotary;
    private final double scale;
    private final double softcap; // 0: none
    private final Integer window; // null: the pass's mask as is

    Attention(int layer, int heads, int kvHeads, int headDim, Projection projection, Linear out, boolean rotary) {
        this(layer, heads, kvHeads, headDim, projection, out, rotary, 1.0 / Math.sqrt(headDim), 0, null);
    }

    /**
     * Attention with Gemma 2's capabilities: scores scaled by {@code scale} instead of 1/√D (Gemma 2:
     * query_pre_attn_scalar^−1/2), soft-capped to cap·tanh(s / cap) before the mask when {@code softcap} >
     * 0, and, when {@code window} is not null, a sliding window: query i sees key j only when i − j <
     * window (on top of the causal and padding mask).
     */
    Attention(
            int layer,
            int heads,
            int kvHeads,
            int headDim,
            Projection projection,
            Linear out,
            boolean rotary,
            double scale,
            double softcap,
            Integer window) {
        this.layer = layer;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.projection = projection;
        this.out = out;
        this.rotary = rotary;
        this.scale = scale;
        this.softcap = softcap;
        this.window = window;
    }

    /** GPT-2's fused {@code c_attn}: one projection to {@code [B, T, 3d]}, split into q, k, v. */
    static Projection fused(Linear cAttn) {
        return (x, h, kv, d) -> {
            NDArray qkv = cAttn.apply(x); // [B, T, 3·H·D]
            long b = x.getShape().get(0);
            long t = x.getShape().get(1);
            NDList parts = qkv.split(new long[] {(long) h * d, (long) (h + kv) * d}, 2);
            NDArray q = parts.get(0).reshape(b, t, h, d); // [B, T, H, D]
            NDArray k = parts.get(1).reshape(b, t, kv, d); // [B, T, K, D]
            NDArray v = parts.get(2).reshape(b, t, kv, d); // [B, T, K, D]
            parts.close();
            qkv.close();
            return new NDArray[] {q, k, v};
        };
    }

    /**
     * GPT-NeoX's fused {@code query_key_value}: one projection to {@code [B, T, 3·H·D]} laid out per head,
     * viewed as {@code [B, T, H, 3D]} and split within each head into q, k, v (not GPT-2's [q; k; v]
     * blocks). No grouped-query attention: K == H.
     */
    static Projection perHeadFused(Linear queryKeyValue) {
        return (x, h, kv, d) -> {
            if (kv != h) {
                throw new IllegalStateException("per-head fused q/k/v needs as many key/value heads as query heads");
            }
            NDArray qkv = queryKeyValue.apply(x); // [B, T, H·3D]
            long b = x.getShape().get(0);
            long t = x.getShape().get(1);
            NDArray perHead = qkv.reshape(b, t, h, 3L * d); // [B, T, H, 3D]
            NDList parts = perHead.split(new long[] {d, 2L * d}, 3);
            NDArray q = parts.get(0); // [B, T, H, D]
            NDArray k = parts.get(1); // [B, T, H, D]
            NDArray v = parts.get(2); // [B, T, H, D]
            qkv.close();
            return new NDArray[] {q, k, v};
        };
    }

    /** Separate q, k, v projections (Llama family). */
    static Projection separate(Linear qProj, Linear kProj, Linear vProj) {
        return (x, h, kv, d) -> {
            long b = x.getShape().get(0);
            long t = x.getShape().get(1);
            NDArray q0 = qProj.apply(x); // [B, T, H·D]
            NDArray k0 = kProj.apply(x); // [B, T, K·D]
            NDArray v0 = vProj.apply(x); // [B, T, K·D]
            NDArray q = q0.reshape(b, t, h, d); // [B, T, H, D]
            NDArray k = k0.reshape(b, t, kv, d); // [B, T, K, D]
            NDArray v = v0.reshape(b, t, kv, d); // [B, T, K, D]
            q0.close();
            k0.close();
            v0.close();
            return new NDArray[] {q, k, v};
        };
    }

    /** x {@code [B, T, d]} (normalised) → attention output {@code [B, T, d]}. */
    NDArray forward(NDArray x, Pass pass) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray[] qkv = projection.qkv(x, heads, kvHeads, headDim);
        NDArray q = pass.hook(layer, HookSite.ATTN_Q, qkv[0]); // [B, T, H, D]
        NDArray k = pass.hook(layer, HookSite.ATTN_K, qkv[1]); // [B, T, K, D]
        NDArray v = pass.hook(layer, HookSite.ATTN_V, qkv[2]); // [B, T, K, D]
        if (rotary) {
            q = Rotary.apply(q, pass.cos, pass.sin);
            k = Rotary.apply(k, pass.cos, pass.sin);
        }
        NDArray qh = q.transpose(0, 2, 1, 3); // [B, H, T, D]
        NDArray kh = k.transpose(0, 2, 1, 3); // [B, K, T, D]
        NDArray vh = v.transpose(0, 2, 1, 3); // [B, K, T, D]
        if (pass.cache != null) {
            NDArray[] kv = pass.cache.append(layer, kh, vh); // [B, K, Tk, D] each
            kh = kv[0];
            vh = kv[1];
        }
        long tk = kh.getShape().get(2);
        int rep = heads / kvHeads;
        // The scale goes on q (T·D values per head) rather than on the scores (T·Tk): same product, fewer
        // multiplications.
        NDArray qs = qh.mul(Scalars.of(qh, scale)); // [B, H, T, D]
        NDArray qg = qs.reshape(b, kvHeads, rep, t, headDim); // [B, K, rep, T, D]
        NDArray kT = kh.transpose(0, 1, 3, 2).expandDims(2); // [B, K, 1, D, Tk]
        NDArray raw = qg.matMul(kT); // [B, K, rep, T, Tk]
        NDArray scaled = raw.reshape(b, heads, t, tk); // [B, H, T, Tk]
        NDArray capped = softcap > 0 ? SoftCap.apply(scaled, softcap) : scaled; // [B, H, T, Tk]
        NDArray masked = capped.add(window == null ? pass.attnMask : pass.windowMask(window)); // [B, H, T, Tk]
        NDArray pattern = pass.hook(layer, HookSite.ATTN_PATTERN, masked.softmax(-1)); // [B, H, T, Tk]
        NDArray pg = pattern.reshape(b, kvHeads, rep, t, tk); // [B, K, rep, T, Tk]
        NDArray zg = pg.matMul(vh.expandDims(2)); // [B, K, rep, T, D]
        NDArray z = pass.hook(
                layer, HookSite.ATTN_Z, zg.reshape(b, heads, t, headDim).transpose(0, 2, 1, 3)); // [B, T, H, D]
        NDArray flat = z.reshape(b, t, (long) heads * headDim); // [B, T, H·D]
        NDArray y = out.apply(flat); // [B, T, d]
        for (NDArray a : new NDArray[] {qs, qg, kT, raw, scaled, masked, pg, zg, flat}) {
            a.close();
        }
        if (capped != scaled) {
            capped.close();
        }
        return y;
    }
}
