"""Regenerates every family's parity fixture (core/src/test/resources/fixtures/families/).

    python3 scripts/reference/make_fixtures.py [family ...]

Needs Debian's python3-torch and python3-numpy. One PyTorch thread, float32 (or float64 where a family
module says so), CPU; the outputs are deterministic for a given torch version.
"""

import importlib
import os
import sys

import torch

FAMILIES = ["llama3", "gemma2", "gpt_neox", "phi3"]

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    torch.set_num_threads(1)
    wanted = sys.argv[1:] or FAMILIES
    for family in wanted:
        if family not in FAMILIES:
            sys.exit(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
        path = os.path.join(os.path.dirname(__file__), family + ".py")
        if not os.path.exists(path):
            print(f"{family}: no reference module yet, skipped", file=sys.stderr)
            continue
        out = importlib.import_module(family).main()
        print(f"{family}: wrote {out}")
