"""GPT-NeoX / Pythia reference (Hugging Face GPTNeoXForCausalLM), written independently from the
conventions of transformers' modeling_gpt_neox.py and configuration_gpt_neox.py.

What the fixture exercises:
  - the fused attention.query_key_value in NeoX's per-head layout: its output [T, 3*H*D] is viewed as
    [T, H, 3*D] and each head's slice is split into q, k, v (not GPT-2's [q; k; v] blocks);
  - partial rotary: only the first R = int(D * rotary_pct) dims of each head rotate (rotate-half within
    those R, inverse frequencies base^(-2i/R)); the remaining D - R dims pass through;
  - the parallel residual: out = x + attn(ln1(x)) + mlp(ln2(x));
  - LayerNorm with (random, non-trivial) gains and biases, random biases on every linear, the exact
    erf GELU, an untied embed_out.
The forward runs in float64 and the outputs are cast to float32.
"""

import math

import numpy as np
import torch

import common

SEED = 1909
CONFIG = {
    "architectures": ["GPTNeoXForCausalLM"],
    "model_type": "gpt_neox",
    "vocab_size": 96,
    "hidden_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "intermediate_size": 128,
    "hidden_act": "gelu",
    "rotary_pct": 0.25,
    "rotary_emb_base": 10000,
    "max_position_embeddings": 256,
    "layer_norm_eps": 1e-5,
    "use_parallel_residual": True,
    "attention_bias": True,
    "tie_word_embeddings": False,
    "rope_scaling": None,
    "bos_token_id": 0,
    "eos_token_id": 0,
    "torch_dtype": "float32",
}


def make_weights(cfg, gen):
    d, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]

    def normal(*shape, std=0.02 * 5):
        return torch.randn(*shape, generator=gen, dtype=torch.float64) * std

    w = {"gpt_neox.embed_in.weight": normal(v, d, std=1.0),
         "embed_out.weight": normal(v, d, std=0.2)}
    for layer in range(cfg["num_hidden_layers"]):
        p = f"gpt_neox.layers.{layer}."
        for ln in ("input_layernorm", "post_attention_layernorm"):
            w[p + ln + ".weight"] = 1.0 + normal(d, std=0.2)
            w[p + ln + ".bias"] = normal(d, std=0.2)
        w[p + "attention.query_key_value.weight"] = normal(3 * d, d, std=0.15)
        w[p + "attention.query_key_value.bias"] = normal(3 * d, std=0.3)
        w[p + "attention.dense.weight"] = normal(d, d, std=0.15)
        w[p + "attention.dense.bias"] = normal(d, std=0.1)
        w[p + "mlp.dense_h_to_4h.weight"] = normal(f, d, std=0.15)
        w[p + "mlp.dense_h_to_4h.bias"] = normal(f, std=0.3)
        w[p + "mlp.dense_4h_to_h.weight"] = normal(d, f, std=0.1)
        w[p + "mlp.dense_4h_to_h.bias"] = normal(d, std=0.1)
    w["gpt_neox.final_layer_norm.weight"] = 1.0 + normal(d, std=0.2)
    w["gpt_neox.final_layer_norm.bias"] = normal(d, std=0.2)
    return w


def layer_norm(x, gain, bias, eps):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps) * gain + bias


def gelu_erf(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def partial_rotary(x, n_rot, base):
    """x [H, T, D]: rotate the first n_rot dims of each head (rotate-half), pass the rest."""
    t = x.shape[1]
    half = n_rot // 2
    inv = 1.0 / (base ** (torch.arange(0, n_rot, 2, dtype=torch.float64) / n_rot))  # [R/2]
    ang = torch.arange(t, dtype=torch.float64)[:, None] * inv[None, :]  # [T, R/2]
    cos = torch.cat([ang.cos(), ang.cos()], -1)  # [T, R]
    sin = torch.cat([ang.sin(), ang.sin()], -1)
    rot, keep = x[..., :n_rot], x[..., n_rot:]
    swapped = torch.cat([-rot[..., half:], rot[..., :half]], -1)
    return torch.cat([rot * cos + swapped * sin, keep], -1)


def forward(cfg, w, ids):
    d, h = cfg["hidden_size"], cfg["num_attention_heads"]
    hd = d // h
    n_rot = int(hd * cfg["rotary_pct"])
    eps = cfg["layer_norm_eps"]
    t = len(ids)
    out = {}
    x = w["gpt_neox.embed_in.weight"][torch.tensor(ids)]  # [T, d]
    causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"gpt_neox.layers.{layer}."
        n1 = layer_norm(x, w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"], eps)
        fused = n1 @ w[p + "attention.query_key_value.weight"].T + w[p + "attention.query_key_value.bias"]
        per_head = fused.view(t, h, 3 * hd).transpose(0, 1)  # [H, T, 3D]
        q, k, v = per_head[..., :hd], per_head[..., hd:2 * hd], per_head[..., 2 * hd:]
        q = partial_rotary(q, n_rot, cfg["rotary_emb_base"])
        k = partial_rotary(k, n_rot, cfg["rotary_emb_base"])
        scores = q @ k.transpose(-1, -2) / math.sqrt(hd)  # [H, T, T]
        scores = scores.masked_fill(causal, float("-inf"))
        z = torch.softmax(scores, -1) @ v  # [H, T, D]
        attn = z.transpose(0, 1).reshape(t, d) @ w[p + "attention.dense.weight"].T + w[p + "attention.dense.bias"]
        n2 = layer_norm(x, w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"], eps)
        pre = n2 @ w[p + "mlp.dense_h_to_4h.weight"].T + w[p + "mlp.dense_h_to_4h.bias"]
        post = gelu_erf(pre)
        mlp = post @ w[p + "mlp.dense_4h_to_h.weight"].T + w[p + "mlp.dense_4h_to_h.bias"]
        if cfg["use_parallel_residual"]:
            x = x + attn + mlp  # parallel: both read the block input
        else:
            x = x + attn  # sequential: the MLP reads x + attn
            n2 = layer_norm(x, w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"], eps)
            pre = n2 @ w[p + "mlp.dense_h_to_4h.weight"].T + w[p + "mlp.dense_h_to_4h.bias"]
            post = gelu_erf(pre)
            x = x + post @ w[p + "mlp.dense_4h_to_h.weight"].T + w[p + "mlp.dense_4h_to_h.bias"]
        out[f"blocks.{layer}.mlp.hook_pre"] = pre
        out[f"blocks.{layer}.mlp.hook_post"] = post
        out[f"blocks.{layer}.hook_resid_post"] = x
    xf = layer_norm(x, w["gpt_neox.final_layer_norm.weight"], w["gpt_neox.final_layer_norm.bias"], eps)
    out["logits"] = xf @ w["embed_out.weight"].T
    return {k: v.numpy().astype(np.float32) for k, v in out.items()}


# A second, smaller checkpoint with use_parallel_residual false (GPT-NeoX's sequential block), short only.
SEQUENTIAL = dict(CONFIG, hidden_size=32, num_attention_heads=2, intermediate_size=64,
                  use_parallel_residual=False)


def main():
    gen = torch.Generator().manual_seed(SEED + 100)
    weights32 = {k: v.numpy().astype(np.float32) for k, v in make_weights(SEQUENTIAL, gen).items()}
    w64 = {k: torch.from_numpy(v).double() for k, v in weights32.items()}
    ids = common.random_ids(SEED + 101, 12, SEQUENTIAL["vocab_size"])
    common.write_fixture(
        "gpt-neox-sequential-tiny", "gpt_neox", SEED + 100, SEQUENTIAL, weights32,
        {"short": (ids, forward(SEQUENTIAL, w64, ids))},
        "scripts/reference/gpt_neox.py: independent float64 PyTorch forward, use_parallel_residual false")
    gen = torch.Generator().manual_seed(SEED)
    # Weights are rounded to float32 (what the checkpoint stores), then the forward runs in float64.
    weights32 = {k: v.numpy().astype(np.float32) for k, v in make_weights(CONFIG, gen).items()}
    w64 = {k: torch.from_numpy(v).double() for k, v in weights32.items()}
    cases = {}
    for name, n, seed in (("short", 12, SEED + 1), ("long", 128, SEED + 2)):
        ids = common.random_ids(seed, n, CONFIG["vocab_size"])
        cases[name] = (ids, forward(CONFIG, w64, ids))
    return common.write_fixture(
        "gpt-neox-tiny", "gpt_neox", SEED, CONFIG, weights32, cases,
        "scripts/reference/gpt_neox.py: independent float64 PyTorch forward (per-head fused qkv, partial "
        "rotary 0.25, parallel residual, exact GELU), cast to float32")


if __name__ == "__main__":
    main()
