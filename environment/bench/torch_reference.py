#!/usr/bin/env python3
"""PyTorch CPU reference for `rrl bench train`: a server (protocol in serve.py), started once per thread count.

It times the learners of torch_learners.py (whose docstring gives each update in full: TD3+BC, SAC, IQL,
RIQL, BCQ and PPO as rrl does them, in eager mode as the authors' code runs), every MLP in -> W -> W -> out, each
batch drawn with torch.randint from a 100k-row random in-memory dataset.

Threads: OMP/MKL/OPENBLAS_NUM_THREADS and torch.set_num_threads(--threads). The PyPI wheels of torch 2.x
use oneMKL (BLAS_INFO=mkl) whose dispatch picks AVX2/AVX-512 kernels on AMD too, so the MKL_DEBUG_CPU_TYPE
switch the torch 1.13 wheel needed (MKL 2020.0 ran SSE code on AMD) is gone; the hello line names the BLAS
and the CPU capability torch uses (torch.__config__.show()).

  python environment/bench/torch_reference.py --threads 1 [--obs-dim 17 --act-dim 6]
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve  # noqa: E402

ARGS = serve.arguments(__doc__.split("\n")[0])
serve.limit_threads(ARGS.threads)
OUT = serve.protocol_stream()

import torch  # noqa: E402  (after the thread pools are sized)
from torch_learners import LEARNERS, Data  # noqa: E402


def blas():
    """What torch multiplies with, from its build configuration."""
    cfg = torch.__config__.show()
    info = re.search(r"BLAS_INFO=(\w+)", cfg)
    mkl = re.search(r"Math Kernel Library Version ([\d.]+)", cfg)
    isa = re.search(r"CPU capability usage: (\w+)", cfg)
    parts = [f"BLAS_INFO={info.group(1)}" if info else "BLAS unknown"]
    if mkl:
        parts.append(f"oneMKL {mkl.group(1)}")
    if isa:
        parts.append(f"CPU capability {isa.group(1)}")
    return ", ".join(parts)


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(ARGS.seed)
    obs, act = ARGS.obs_dim, ARGS.act_dim
    data = Data(obs, act)
    current = {}  # the last shape's learner only (serve.py)

    def learner(name, batch, width):
        key = (name, batch, width)
        if key not in current:
            current.clear()
            if name not in LEARNERS:
                raise ValueError(f"unknown learner {name!r}; known: {', '.join(LEARNERS)}")
            current[key] = LEARNERS[name](obs, act, (width, width), batch)
        return current[key]

    def update(name, batch, width, seconds):
        agent = learner(name, batch, width)
        last = {}

        def body():
            last["losses"] = agent.train(data)

        calls, elapsed = serve.timed(body, seconds)
        if ARGS.print_losses:
            serve.print_losses(name, calls, {k: v.item() for k, v in last["losses"].items()})
        return serve.rate_reply(calls, elapsed, **agent.counts())

    def actor(batch, width, seconds):
        net = learner("td3bc", 256, width).actor
        x = data.s[:batch].clone()

        def forward():
            with torch.no_grad():
                torch.tanh(net(x))

        calls, elapsed = serve.timed(forward, seconds)
        return serve.rate_reply(calls, elapsed, actor_params=sum(p.numel() for p in net.parameters()))

    hello = {"implementation": "torch", "version": torch.__version__, "blas": blas(),
             "threads": torch.get_num_threads(), "obs_dim": obs, "act_dim": act}
    serve.serve(OUT, hello, update, actor)


if __name__ == "__main__":
    main()
