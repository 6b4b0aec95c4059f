"""Gemma 2 reference (Gemma2ForCausalLM, transformers' modeling_gemma2.py conventions), written for
skillscope's parity fixture `gemma2-tiny`; also writes `gemma-tiny` for Gemma 1 (GemmaForCausalLM),
which is the same pass without post-norms, soft-caps, query_pre_attn_scalar and sliding windows.

What the forward pass below does, per Hugging Face's Gemma 2:
  h = embed_tokens[ids] * normalizer, normalizer = sqrt(hidden_size) rounded to the activation dtype
  per block l:
      a = post_attention_layernorm(attn_l(input_layernorm(h)));      h = h + a
      m = post_feedforward_layernorm(mlp(pre_feedforward_layernorm(h))); h = h + m
  RMSNorm: x * rsqrt(mean(x^2) + eps) * (1 + w)
  attention: scores = (q k^T) * query_pre_attn_scalar^-0.5, then cap * tanh(scores / cap)
             (attn_logit_softcapping), then the causal mask; layer l is a sliding-window layer when
             l % 2 == 0 (layer_types' default), where key j is visible to query i only if i - j < window
  mlp: down(gelu_tanh(gate x) * up x)
  logits = final_cap * tanh((norm(h) @ embed_tokens^T) / final_cap) (tied head)
Computed in float64 from float32 weights, cast to float32 at the end.
"""

import math

import numpy as np
import torch

import common

NAME = "gemma2-tiny"
SEED = 20240627

CONFIG = {
    "architectures": ["Gemma2ForCausalLM"],
    "model_type": "gemma2",
    "vocab_size": 128,
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 3,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 16,
    "hidden_act": "gelu_pytorch_tanh",
    "hidden_activation": "gelu_pytorch_tanh",
    "max_position_embeddings": 256,
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
    "attention_bias": False,
    "attention_dropout": 0.0,
    "query_pre_attn_scalar": 24,
    "sliding_window": 8,
    "attn_logit_softcapping": 4.0,
    "final_logit_softcapping": 3.0,
    "cache_implementation": "hybrid",
    "tie_word_embeddings": True,
    "bos_token_id": 2,
    "eos_token_id": 1,
    "pad_token_id": 0,
    "torch_dtype": "float32",
}


def make_weights(cfg, g):
    d, f = cfg["hidden_size"], cfg["intermediate_size"]
    hd, h, kv = cfg["head_dim"], cfg["num_attention_heads"], cfg["num_key_value_heads"]

    def normal(shape, std):
        return (torch.randn(*shape, generator=g) * std).float()

    w = {"model.embed_tokens.weight": normal((cfg["vocab_size"], d), 0.5),
         "model.norm.weight": normal((d,), 0.3)}
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        w[p + "self_attn.q_proj.weight"] = normal((h * hd, d), 0.3)
        w[p + "self_attn.k_proj.weight"] = normal((kv * hd, d), 0.3)
        w[p + "self_attn.v_proj.weight"] = normal((kv * hd, d), 0.3)
        w[p + "self_attn.o_proj.weight"] = normal((d, h * hd), 0.2)
        w[p + "mlp.gate_proj.weight"] = normal((f, d), 0.3)
        w[p + "mlp.up_proj.weight"] = normal((f, d), 0.3)
        w[p + "mlp.down_proj.weight"] = normal((d, f), 0.2)
        norms = ["input_layernorm", "post_attention_layernorm"]
        if cfg["model_type"] == "gemma2":
            norms += ["pre_feedforward_layernorm", "post_feedforward_layernorm"]
        for n in norms:
            w[p + n + ".weight"] = normal((d,), 0.3)
    return w


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w)


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def rotate(x, pos, theta):
    """Rotate-half rotary embedding; x [H, T, D]."""
    dim = x.shape[-1]
    inv = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    ang = pos[:, None].double() * inv[None, :]  # [T, D/2]
    cos = torch.cat([ang.cos(), ang.cos()], -1)
    sin = torch.cat([ang.sin(), ang.sin()], -1)
    half = dim // 2
    rot = torch.cat([-x[..., half:], x[..., :half]], -1)
    return x * cos + rot * sin


def forward(cfg, w64, ids, stats):
    """Gemma 2, or Gemma 1 when cfg's model_type is "gemma": no post-norms (its post_attention_layernorm
    is the norm before the MLP), no soft-caps, scores scaled by head_dim^-0.5, no sliding window."""
    d = cfg["hidden_size"]
    hd, h, kv = cfg["head_dim"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    v2 = cfg["model_type"] == "gemma2"
    eps = cfg["rms_norm_eps"]
    window = cfg["sliding_window"] if v2 else None
    acap = cfg["attn_logit_softcapping"] if v2 else None
    fcap = cfg["final_logit_softcapping"] if v2 else None
    scalar = cfg["query_pre_attn_scalar"] if v2 else hd
    t = len(ids)
    out = {}
    # HF multiplies by torch.tensor(hidden_size ** 0.5, dtype=activation dtype): float32 here
    normalizer = float(torch.tensor(d ** 0.5, dtype=torch.float32))
    x = w64["model.embed_tokens.weight"][torch.tensor(ids)] * normalizer  # [T, d]
    pos = torch.arange(t)
    i = torch.arange(t)[:, None]
    j = torch.arange(t)[None, :]
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        n1 = rms_norm(x, w64[p + "input_layernorm.weight"], eps)
        q = (n1 @ w64[p + "self_attn.q_proj.weight"].T).view(t, h, hd).transpose(0, 1)  # [H, T, D]
        k = (n1 @ w64[p + "self_attn.k_proj.weight"].T).view(t, kv, hd).transpose(0, 1)  # [K, T, D]
        v = (n1 @ w64[p + "self_attn.v_proj.weight"].T).view(t, kv, hd).transpose(0, 1)
        q, k = rotate(q, pos, cfg["rope_theta"]), rotate(k, pos, cfg["rope_theta"])
        k = k.repeat_interleave(h // kv, dim=0)  # query head n reads kv head n // (H/K)
        v = v.repeat_interleave(h // kv, dim=0)
        scores = (q @ k.transpose(1, 2)) * scalar ** -0.5  # [H, T, T]
        allowed = j <= i
        sliding = v2 and l % 2 == 0
        if sliding:
            allowed = allowed & (i - j < window)
        if acap is not None:
            stats.append(("attn", l, float((scores[:, allowed].abs() / acap > 1).double().mean())))
            scores = acap * torch.tanh(scores / acap)
        scores = scores.masked_fill(~allowed, float("-inf"))
        z = torch.softmax(scores, -1) @ v  # [H, T, D]
        a = z.transpose(0, 1).reshape(t, h * hd) @ w64[p + "self_attn.o_proj.weight"].T
        if v2:
            x = x + rms_norm(a, w64[p + "post_attention_layernorm.weight"], eps)
            n2 = rms_norm(x, w64[p + "pre_feedforward_layernorm.weight"], eps)
        else:
            x = x + a
            n2 = rms_norm(x, w64[p + "post_attention_layernorm.weight"], eps)
        gate = n2 @ w64[p + "mlp.gate_proj.weight"].T
        up = n2 @ w64[p + "mlp.up_proj.weight"].T
        post = gelu_tanh(gate) * up
        m = post @ w64[p + "mlp.down_proj.weight"].T
        x = x + (rms_norm(m, w64[p + "post_feedforward_layernorm.weight"], eps) if v2 else m)
        out[f"blocks.{l}.mlp.hook_pre"] = gate
        out[f"blocks.{l}.mlp.hook_pre_linear"] = up
        out[f"blocks.{l}.mlp.hook_post"] = post
        out[f"blocks.{l}.hook_resid_post"] = x
    raw = rms_norm(x, w64["model.norm.weight"], eps) @ w64["model.embed_tokens.weight"].T
    if fcap is None:
        out["logits"] = raw
    else:
        stats.append(("logits", -1, float((raw.abs() / fcap > 1).double().mean())))
        out["logits"] = fcap * torch.tanh(raw / fcap)
    return {k: v.float().numpy() for k, v in out.items()}


# Gemma 1 (GemmaForCausalLM, model_type "gemma"): the same tiny sizes, without Gemma 2's additions.
GEMMA_NAME = "gemma-tiny"
GEMMA_CONFIG = {k: v for k, v in CONFIG.items()
                if k not in ("query_pre_attn_scalar", "sliding_window", "attn_logit_softcapping",
                             "final_logit_softcapping", "cache_implementation")}
GEMMA_CONFIG.update({"architectures": ["GemmaForCausalLM"], "model_type": "gemma", "num_key_value_heads": 1})


def build(name, cfg, seed, long_n):
    g = torch.Generator().manual_seed(seed)
    weights = make_weights(cfg, g)
    w64 = {k: v.double() for k, v in weights.items()}
    cases = {}
    family = cfg["model_type"]
    for case, n, s in [("short", 12, seed + 1), ("long", long_n, seed + 2)]:
        ids = common.random_ids(s, n, cfg["vocab_size"])
        stats = []
        outputs = forward(cfg, w64, ids, stats)
        for kind, layer, share in stats:
            where = "logits" if kind == "logits" else f"layer {layer} attention scores"
            print(f"{family} {case}: share of |x/cap| > 1 before capping, {where}: {share:.3f}")
        if case == "long" and family == "gemma2":
            assert len(stats) == cfg["num_hidden_layers"] + 1
            assert all(st > 0 for _, _, st in stats), "soft-caps must bite in the long case"
            assert n > 4 * cfg["sliding_window"], "long case must be much longer than the window"
        cases[case] = (ids, outputs)
    cls = cfg["architectures"][0]
    return common.write_fixture(
        name, family, seed, cfg, weights, cases,
        f"scripts/reference/gemma2.py: independent float64 PyTorch forward pass written from transformers'"
        f" {cls} (eager attention), cast to float32",
        dtype_note="float32 weights, float64 reference")


def main():
    build(GEMMA_NAME, GEMMA_CONFIG, SEED + 100, 24)
    return build(NAME, CONFIG, SEED, 40)


if __name__ == "__main__":
    main()
