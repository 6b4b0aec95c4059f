"""Reference for Phi-3 (fixture `phi3-tiny`).

Written for skillscope from the conventions of transformers' `modeling_phi3.py` (Phi3ForCausalLM):
RMSNorm, a fused `self_attn.qkv_proj` whose output rows are [q; k; v] (H*Dh, then K*Dh, then K*Dh),
rotate-half rotary on the whole head (partial_rotary_factor 1), grouped-query attention scaled by
1/sqrt(head_dim) with the causal mask narrowed to `sliding_window` keys (a query at i sees keys
i - window < j <= i, as transformers' masking_utils builds it), a fused `mlp.gate_up_proj` whose output
is chunked in two halves, gate then up, SiLU(gate) * up, `down_proj`; no biases; untied lm_head.
Computed in float64, written as float32. The window is 16: the 12-token case never reaches it, the
40-token case does.
"""

import math

import torch

import common

D = torch.float64


def rotate(x, cos, sin):
    h = x.shape[-1] // 2
    return x * cos + torch.cat([-x[..., h:], x[..., :h]], dim=-1) * sin


def rms(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w


def forward(cfg, w, ids):
    d, heads, kv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dh, eps, window = d // heads, cfg["rms_norm_eps"], cfg["sliding_window"]
    t = len(ids)
    freq = 1.0 / cfg["rope_theta"] ** (torch.arange(0, dh, 2, dtype=D) / dh)
    ang = torch.arange(t, dtype=D)[:, None] * freq[None, :]
    cos = torch.cat([ang.cos(), ang.cos()], -1)[:, None, :]
    sin = torch.cat([ang.sin(), ang.sin()], -1)[:, None, :]
    i = torch.arange(t)[:, None]
    j = torch.arange(t)[None, :]
    allowed = (j <= i) & (i - j < window)
    x = w["model.embed_tokens.weight"][ids]
    out = {}
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        h = rms(x, w[p + "input_layernorm.weight"], eps)
        qkv = h @ w[p + "self_attn.qkv_proj.weight"].T
        q = qkv[:, : heads * dh].reshape(t, heads, dh)
        k = qkv[:, heads * dh: (heads + kv) * dh].reshape(t, kv, dh)
        v = qkv[:, (heads + kv) * dh:].reshape(t, kv, dh)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        rep = heads // kv
        k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
        s = torch.einsum("qhd,khd->hqk", q, k) / math.sqrt(dh)
        pat = s.masked_fill(~allowed, float("-inf")).softmax(-1)
        z = torch.einsum("hqk,khd->qhd", pat, v).reshape(t, heads * dh)
        x = x + z @ w[p + "self_attn.o_proj.weight"].T
        h = rms(x, w[p + "post_attention_layernorm.weight"], eps)
        gu = h @ w[p + "mlp.gate_up_proj.weight"].T
        gate, up = gu.chunk(2, dim=-1)
        post = torch.nn.functional.silu(gate) * up
        x = x + post @ w[p + "mlp.down_proj.weight"].T
        out[f"blocks.{l}.mlp.hook_pre"] = gate
        out[f"blocks.{l}.mlp.hook_pre_linear"] = up
        out[f"blocks.{l}.mlp.hook_post"] = post
        out[f"blocks.{l}.hook_resid_post"] = x
    out["logits"] = rms(x, w["model.norm.weight"], eps) @ w["lm_head.weight"].T
    return {k: v.numpy() for k, v in out.items()}


def main():
    seed = 1933
    cfg = {
        "architectures": ["Phi3ForCausalLM"],
        "model_type": "phi3",
        "vocab_size": 96,
        "hidden_size": 48,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "hidden_act": "silu",
        "max_position_embeddings": 4096,
        "original_max_position_embeddings": 4096,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "rope_scaling": None,
        "sliding_window": 16,
        "tie_word_embeddings": False,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "pad_token_id": 0,
        "torch_dtype": "float32",
    }
    g = torch.Generator().manual_seed(seed)
    d, f, v, heads, kv = 48, 64, 96, 4, 2
    dh = d // heads

    def n(*shape, std):
        return torch.randn(*shape, generator=g, dtype=D) * std

    w = {"model.embed_tokens.weight": n(v, d, std=1.0)}
    for l in range(2):
        p = f"model.layers.{l}."
        w[p + "input_layernorm.weight"] = 1 + n(d, std=0.1)
        w[p + "self_attn.qkv_proj.weight"] = torch.cat([
            n(heads * dh, d, std=1.5 / math.sqrt(d)),
            n(kv * dh, d, std=1.5 / math.sqrt(d)),
            n(kv * dh, d, std=1 / math.sqrt(d))])
        w[p + "self_attn.o_proj.weight"] = n(d, heads * dh, std=1 / math.sqrt(heads * dh))
        w[p + "post_attention_layernorm.weight"] = 1 + n(d, std=0.1)
        w[p + "mlp.gate_up_proj.weight"] = n(2 * f, d, std=1 / math.sqrt(d))
        w[p + "mlp.down_proj.weight"] = n(d, f, std=1 / math.sqrt(f))
    w["model.norm.weight"] = 1 + n(d, std=0.1)
    w["lm_head.weight"] = n(v, d, std=1 / math.sqrt(d))
    w = {k: t.float().double() for k, t in w.items()}
    cases = {}
    for case, length in (("short", 12), ("long", 40)):
        ids = common.random_ids(seed + length, length, v)
        cases[case] = (ids, forward(cfg, w, ids))
    return common.write_fixture(
        "phi3-tiny", "phi3", seed, cfg, {k: t.float().numpy() for k, t in w.items()}, cases,
        "scripts/reference/phi3.py: float64 torch forward written from transformers' modeling_phi3.py"
        " (fused qkv_proj and gate_up_proj, sliding_window 16)")


if __name__ == "__main__":
    main()
