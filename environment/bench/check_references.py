#!/usr/bin/env python3
"""Checks the two `rrl bench train` references against each other (a correctness check, not a benchmark).

Starts torch_reference.py and jax_reference.py (1 thread, --print-losses), sends each learner one short
update command at a small shape (batch 64, width 64, 1 second by default), and fails (exit 1) if a reply is
an error, if the two references report different network sizes (every field but the timing ones), or if
the last update's losses (on stderr) are not finite. Prints one line per learner and reference.

  ~/.cache/rrl/bench-venv/bin/python environment/bench/check_references.py [--seconds 1] [--learners iql,bcq]
"""
import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEARNERS = ["td3bc", "sac", "iql", "riql", "bcq", "ppo"]
TIMING = {"calls", "seconds", "per_second"}


def run(script, commands):
    """Runs one reference on these commands; (hello, replies, loss lines)."""
    text = "".join(json.dumps(c) + "\n" for c in commands) + '{"cmd": "quit"}\n'
    p = subprocess.run([sys.executable, os.path.join(HERE, script), "--threads", "1", "--print-losses"],
                       input=text, capture_output=True, text=True, timeout=600)
    lines = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
    if p.returncode != 0 or not lines:
        raise SystemExit(f"{script} failed (exit {p.returncode}):\n{p.stderr[-2000:]}")
    losses = []
    for x in p.stderr.splitlines():
        if x.startswith('{"learner"'):
            losses.append(json.loads(x))
    return lines[0], lines[1:], losses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--learners", default=",".join(LEARNERS))
    args = ap.parse_args()
    learners = args.learners.split(",")
    commands = [{"learner": n, "batch": args.batch, "width": args.width, "seconds": args.seconds} for n in learners]
    results = {}
    for script in ("torch_reference.py", "jax_reference.py"):
        hello, replies, losses = run(script, commands)
        results[hello["implementation"]] = (replies, {x["learner"]: x for x in losses})
    failures = []
    for i, name in enumerate(learners):
        sizes = {}
        for impl, (replies, losses) in results.items():
            reply = replies[i] if i < len(replies) else {"error": "no reply"}
            if "error" in reply:
                failures.append(f"{name} {impl}: {reply['error']}")
                continue
            sizes[impl] = {k: v for k, v in reply.items() if k not in TIMING}
            loss = losses.get(name, {}).get("losses", {})
            bad = [k for k, v in loss.items() if not math.isfinite(v)]
            if not loss or bad:
                failures.append(f"{name} {impl}: losses not finite: {loss}")
            print(f"{name:6s} {impl:5s} {reply['per_second']:9.1f} updates/s  {reply['calls']:6d} updates  "
                  f"{json.dumps(sizes[impl])}  losses {json.dumps({k: round(v, 4) for k, v in loss.items()})}")
        if len(sizes) == 2 and sizes["torch"] != sizes["jax"]:
            failures.append(f"{name}: the references built different networks: torch {sizes['torch']}, "
                            f"jax {sizes['jax']}")
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
