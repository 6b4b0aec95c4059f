"""Shared helpers of the reference scripts: tiny random checkpoints in Hugging Face layout, and the
expected outputs an independent PyTorch forward pass computes for them.

Each family module (llama3.py, gemma2.py, gpt_neox.py, phi3.py) builds its own random weights and its
own forward pass, written from the Hugging Face modeling code's conventions, and calls
`write_fixture`. Run every family with `python3 scripts/reference/make_fixtures.py` (Debian's
python3-torch and python3-numpy); the output goes to core/src/test/resources/fixtures/families/.

Layout of one fixture folder:
    config.json, model.safetensors (float32, or the dtype the family module asks for)
    expected/<case>/<output>.f32   raw little-endian float32, row-major, batch dimension dropped
    manifest.json                  {family, seed, reference, tensors, cases: {case: {input_ids,
                                    outputs: {name: {file, shape, sha256, max_abs}}}}}
Output names are skillscope's hook names (`blocks.0.mlp.hook_pre`, `blocks.1.hook_resid_post`, ...)
plus `logits`, so the Java test needs no mapping table.
"""

import hashlib
import json
import os
import struct

import numpy as np
import torch

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test",
                                     "resources", "fixtures", "families"))

_DTYPES = {np.float32: "F32", np.float16: "F16"}


def save_safetensors(path, tensors, metadata=None):
    """Writes a safetensors file: an 8-byte little-endian header length, a JSON header with each
    tensor's dtype, shape and byte range, then the tensors' bytes in name order. Accepts float32 and
    float16 numpy arrays, and torch tensors (bfloat16 ones are written as BF16)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        if isinstance(t, torch.Tensor):
            if t.dtype == torch.bfloat16:
                raw = t.contiguous().view(torch.int16).numpy().tobytes()
                dtype, shape = "BF16", list(t.shape)
            else:
                t = t.detach().contiguous().numpy()
        if not isinstance(t, torch.Tensor):
            arr = np.ascontiguousarray(t)
            dtype, shape, raw = _DTYPES[arr.dtype.type], list(arr.shape), arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def random_ids(seed, n, vocab):
    """Token ids, reproducible from the seed, spread over the whole vocabulary."""
    g = np.random.default_rng(seed)
    return [int(x) for x in g.integers(0, vocab, size=n)]


def write_fixture(name, family, seed, config, weights, cases, reference, dtype_note="float32"):
    """Writes one fixture folder.

    name: folder name, e.g. "gemma2-tiny"
    family: the model_type
    config: the config.json dict
    weights: {hf tensor name: numpy array or torch tensor}
    cases: {case name: (input_ids, {output name: numpy array [T, ...]})}
    reference: one line saying what computed the outputs
    """
    out = os.path.join(ROOT, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    st = os.path.join(out, "model.safetensors")
    save_safetensors(st, weights, {"format": "pt"})
    manifest = {
        "family": family,
        "seed": seed,
        "reference": reference,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "dtype": dtype_note,
        "safetensors_sha256": sha256(st),
        "tensors": {k: list(v.shape) for k, v in sorted(weights.items())},
        "cases": {},
    }
    for case, (ids, outputs) in cases.items():
        entry = {"input_ids": list(ids), "outputs": {}}
        os.makedirs(os.path.join(out, "expected", case), exist_ok=True)
        for oname, arr in outputs.items():
            arr = np.ascontiguousarray(np.asarray(arr, dtype=np.float32))
            rel = os.path.join("expected", case, oname + ".f32")
            arr.astype("<f4").tofile(os.path.join(out, rel))
            entry["outputs"][oname] = {"file": rel, "shape": list(arr.shape),
                                       "sha256": sha256(os.path.join(out, rel)),
                                       "max_abs": float(np.abs(arr).max())}
        manifest["cases"][case] = entry
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return out
