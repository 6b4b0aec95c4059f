"""Reference for Llama 3.x with `rope_scaling` (fixtures `llama3-tiny` and `llama-linear-tiny`).

Written for skillscope from the conventions of transformers' `modeling_llama.py` (LlamaForCausalLM:
RMSNorm in float32, rotate-half rotary, grouped-query attention scaled by 1/sqrt(head_dim), SiLU-gated
MLP) and `modeling_rope_utils.py` (`_compute_llama3_parameters`, `_compute_linear_scaling_rope_parameters`).
Everything is computed in float64 and written as float32.

llama3-tiny: head_dim 16 (8 frequencies), theta 10000, original_max_position_embeddings 64,
low_freq_factor 1, high_freq_factor 4, factor 8. Wavelengths 2*pi*theta^(2i/16) are 6.3, 19.9, 62.8,
199, ...: pair 0 is below L/high = 16 (kept), pairs 1 and 2 lie in [16, 64] (smoothed), pairs 3..7 are
above L/low = 64 (divided by the factor), so every band of the llama3 rule is hit. Embeddings are tied,
as in Llama 3.2.
"""

import math

import numpy as np
import torch

import common

D = torch.float64


def inv_freq(head_dim, theta, scaling):
    """The rotary frequencies after rope_scaling (None, linear or llama3)."""
    w = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=D) / head_dim)
    if scaling is None:
        return w
    kind = scaling.get("rope_type", scaling.get("type"))
    s = scaling["factor"]
    if kind == "linear":
        return w / s
    assert kind == "llama3", kind
    ctx = scaling["original_max_position_embeddings"]
    lo, hi = scaling["low_freq_factor"], scaling["high_freq_factor"]
    out = []
    for wi in w.tolist():
        lam = 2 * math.pi / wi
        if lam < ctx / hi:
            out.append(wi)                       # high frequency: unchanged
        elif lam > ctx / lo:
            out.append(wi / s)                   # low frequency: scaled
        else:
            g = (ctx / lam - lo) / (hi - lo)     # smooth interpolation between the two
            out.append((1 - g) * wi / s + g * wi)
    return torch.tensor(out, dtype=D)


def rotate(x, cos, sin):
    """x [T, H, Dh]; rotate-half pairs dimension j with j + Dh/2."""
    h = x.shape[-1] // 2
    rot = torch.cat([-x[..., h:], x[..., :h]], dim=-1)
    return x * cos + rot * sin


def rms(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w


def attention(q, k, v, window=None):
    """q [T, H, Dh], k/v [T, K, Dh]: causal (optionally windowed) grouped-query attention -> [T, H*Dh]."""
    t, heads, dh = q.shape
    rep = heads // k.shape[1]
    k = k.repeat_interleave(rep, dim=1)
    v = v.repeat_interleave(rep, dim=1)
    scores = torch.einsum("qhd,khd->hqk", q, k) / math.sqrt(dh)
    i = torch.arange(t)[:, None]
    j = torch.arange(t)[None, :]
    allowed = j <= i
    if window is not None:
        allowed = allowed & (i - j < window)
    scores = scores.masked_fill(~allowed, float("-inf"))
    p = scores.softmax(-1)
    return torch.einsum("hqk,khd->qhd", p, v).reshape(t, heads * dh)


def forward(cfg, w, ids):
    """Returns {hook name: [T, ...]} plus logits, for one sequence."""
    d, heads, kv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dh = cfg.get("head_dim", d // heads)
    eps = cfg["rms_norm_eps"]
    t = len(ids)
    freq = inv_freq(dh, cfg["rope_theta"], cfg.get("rope_scaling"))
    ang = torch.arange(t, dtype=D)[:, None] * freq[None, :]            # [T, Dh/2]
    cos = torch.cat([ang.cos(), ang.cos()], -1)[:, None, :]             # [T, 1, Dh]
    sin = torch.cat([ang.sin(), ang.sin()], -1)[:, None, :]
    x = w["model.embed_tokens.weight"][ids]                             # [T, d]
    out = {}
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        h = rms(x, w[p + "input_layernorm.weight"], eps)
        q = (h @ w[p + "self_attn.q_proj.weight"].T).reshape(t, heads, dh)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).reshape(t, kv, dh)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).reshape(t, kv, dh)
        z = attention(rotate(q, cos, sin), rotate(k, cos, sin), v)
        x = x + z @ w[p + "self_attn.o_proj.weight"].T
        h = rms(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        post = torch.nn.functional.silu(gate) * up
        x = x + post @ w[p + "mlp.down_proj.weight"].T
        out[f"blocks.{l}.mlp.hook_pre"] = gate
        out[f"blocks.{l}.mlp.hook_pre_linear"] = up
        out[f"blocks.{l}.mlp.hook_post"] = post
        out[f"blocks.{l}.hook_resid_post"] = x
    head = w["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else w["lm_head.weight"]
    out["logits"] = rms(x, w["model.norm.weight"], eps) @ head.T
    return {k: v.numpy() for k, v in out.items()}


def weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    d, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    heads, kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dh = cfg.get("head_dim", d // heads)

    def n(*shape, std):
        return torch.randn(*shape, generator=g, dtype=D) * std

    w = {"model.embed_tokens.weight": n(v, d, std=1.0)}
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        w[p + "input_layernorm.weight"] = 1 + n(d, std=0.1)
        w[p + "self_attn.q_proj.weight"] = n(heads * dh, d, std=0.5 / math.sqrt(d) * 3)
        w[p + "self_attn.k_proj.weight"] = n(kv * dh, d, std=0.5 / math.sqrt(d) * 3)
        w[p + "self_attn.v_proj.weight"] = n(kv * dh, d, std=1 / math.sqrt(d))
        w[p + "self_attn.o_proj.weight"] = n(d, heads * dh, std=1 / math.sqrt(heads * dh))
        w[p + "post_attention_layernorm.weight"] = 1 + n(d, std=0.1)
        w[p + "mlp.gate_proj.weight"] = n(f, d, std=1 / math.sqrt(d))
        w[p + "mlp.up_proj.weight"] = n(f, d, std=1 / math.sqrt(d))
        w[p + "mlp.down_proj.weight"] = n(d, f, std=1 / math.sqrt(f))
    w["model.norm.weight"] = 1 + n(d, std=0.1)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = n(v, d, std=1 / math.sqrt(d))
    # Round to float32 first, so the reference runs on exactly the weights the checkpoint stores.
    return {k: t.float().double() for k, t in w.items()}


def config(rope_scaling, tie):
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": 96,
        "hidden_size": 32,
        "intermediate_size": 48,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "head_dim": 16,
        "hidden_act": "silu",
        "max_position_embeddings": 512,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "rope_scaling": rope_scaling,
        "attention_bias": False,
        "mlp_bias": False,
        "tie_word_embeddings": tie,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "torch_dtype": "float32",
    }


def make(name, cfg, seed):
    w = weights(cfg, seed)
    cases = {}
    for case, n in (("short", 12), ("long", 48)):
        ids = common.random_ids(seed + n, n, cfg["vocab_size"])
        cases[case] = (ids, forward(cfg, w, ids))
    return common.write_fixture(
        name, "llama", seed, cfg, {k: t.float().numpy() for k, t in w.items()}, cases,
        "scripts/reference/llama3.py: float64 torch forward written from transformers' modeling_llama.py"
        " and modeling_rope_utils.py (rope_scaling " + str(cfg["rope_scaling"]) + ")")


def main():
    llama3 = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
              "original_max_position_embeddings": 64}
    out = make("llama3-tiny", config(llama3, True), 1903)
    # The older `type` key, as Llama 2 era configs spell it.
    make("llama-linear-tiny", config({"type": "linear", "factor": 4.0}, False), 1904)
    return out


if __name__ == "__main__":
    main()
