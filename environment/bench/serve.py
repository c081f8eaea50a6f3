"""The line protocol of the `rrl bench train` references (torch_reference.py, jax_reference.py).

A reference is started once per thread count and kept alive, so the Java harness can interleave its rounds
with rrl's. It prints one JSON "hello" line (versions, BLAS, threads), then answers one JSON command per
stdin line with one JSON line:

  {"learner": "td3bc"|"sac"|"iql"|"riql"|"bcq"|"ppo", "batch": B, "width": W, "seconds": S}
      -> {"calls": updates, "seconds": elapsed, "per_second": updates/s, "actor_params": n, "critic_params": n,
          "critics": n, ...the learner's other network sizes (below)}
  {"actor": "td3", "batch": B, "width": W, "seconds": S}
      -> {"calls": forward passes, "seconds": elapsed, "per_second": calls/s, "actor_params": n}
  {"cmd": "quit"} (or end of input) -> exits

A failed command answers {"error": "..."} and the server keeps serving. The model of the last shape is kept
(so successive rounds of a cell continue training the same networks) and dropped when another shape comes,
so memory stays that of one shape.

Network sizes are logical counts (weights and biases; obs O, act A, width W, every MLP in -> W -> W -> out)
and let the harness check that both sides built the same networks. Each *_params field but vae_params is
ONE network, so it equals one rrl Mlp's parameterCount(); "critics" says how many Q networks there are:
  actor_params    the actor MLP: td3bc O -> A; sac O -> 2A (means, log stds); iql O -> A (the Gaussian's
                  mean, before its tanh); riql O -> A (deterministic, tanh); bcq (O + A) -> A (the
                  perturbation xi(s, a)); ppo O -> A (the Gaussian's mean; tanh hidden layers)
  critic_params   one Q network (O + A) -> 1; for riql one member of the vectorised ensemble (its stacked
                  tensors hold critics x this); for ppo the state value V, O -> 1 (tanh hidden layers)
  critics         the number of Q networks: 2, except riql 5 (targets not counted anywhere); ppo has none
                  and leaves it out
  value_params    iql, riql: the state value V, O -> 1
  log_std_params  iql, ppo: the state-independent log-std vector, A (not part of actor_params)
  vae_params      bcq: the conditional VAE, encoder plus decoder: encoder (O + A) -> 4A (the mean and the
                  log std of the 2A-dimensional latent, d3rlpy's two heads counted as one layer of 4A
                  outputs: same weights), decoder (O + 2A) -> A;
                  = param_count([O+A, W, W, 4A]) + param_count([O+2A, W, W, A])

--print-losses makes a reference print the last update's losses on stderr after each update command (not
part of the protocol). check_references.py runs both references on every learner at a small shape and fails
if a reply is an error, the network sizes differ or a loss is not finite; check_parity.py runs IQL, RIQL,
BCQ and PPO's torch and JAX updates on identical weights, batch and noise and fails unless they agree to rounding.
"""
import argparse
import json
import os
import sys
import time

DATASET_ROWS = 100_000  # rrl's bench samples each batch from a 100k-row in-memory dataset too


def arguments(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--threads", type=int, default=1, help="threads for the math library")
    p.add_argument("--obs-dim", type=int, default=17, help="HalfCheetah's")
    p.add_argument("--act-dim", type=int, default=6, help="HalfCheetah's")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--print-losses", action="store_true",
                   help="after each update command, print the last update's losses to stderr (a check, not protocol)")
    return p.parse_args()


def limit_threads(n):
    """Sizes the OpenMP / MKL / OpenBLAS pools; must run before the library is imported (they read it once)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(n)


def protocol_stream():
    """The replies' stream: a duplicate of stdout. Then fd 1 itself points at stderr, so whatever a library
    prints (from Python or C) lands on stderr and cannot corrupt a reply line."""
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return out


def timed(body, seconds):
    """Calls body() until `seconds` have passed; (calls, elapsed). At least one call; elapsed runs to the end
    of the last call, so calls / elapsed is a rate of finished calls."""
    calls, t0 = 0, time.perf_counter()
    while True:
        body()
        calls += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return calls, elapsed


def serve(out, hello, update, actor):
    """update(learner, batch, width, seconds) and actor(batch, width, seconds) return reply dicts."""
    out.write(json.dumps(hello) + "\n")
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            cmd = json.loads(line)
            if cmd.get("cmd") == "quit":
                break
            if "learner" in cmd:
                reply = update(cmd["learner"], int(cmd["batch"]), int(cmd["width"]), float(cmd["seconds"]))
            elif "actor" in cmd:
                reply = actor(int(cmd["batch"]), int(cmd["width"]), float(cmd["seconds"]))
            else:
                raise ValueError("unknown command " + line)
        except Exception as e:  # noqa: BLE001 -- one failed command must not end the server
            reply = {"error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(reply) + "\n")


def print_losses(learner, calls, losses):
    """The --print-losses line on stderr: {"learner": ..., "calls": n, "losses": {name: value}}."""
    print(json.dumps({"learner": learner, "calls": calls, "losses": losses}), file=sys.stderr, flush=True)


def rate_reply(calls, elapsed, **extra):
    return {"calls": calls, "seconds": elapsed, "per_second": calls / elapsed, **extra}


def param_count(sizes):
    """Weights and biases of an MLP with these layer sizes."""
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))
