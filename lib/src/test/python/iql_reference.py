"""IqlParityTest's PyTorch side: one or more IQL / RIQL updates of environment/bench/torch_learners.py (the
updates `rrl bench train` times) from rrl's initial weights, settings and batches.

Reads a JSON file written by the test (initial weights in PyTorch's nn.Linear layout, settings, batches): IQL
(Gaussian actor, min over two target critics, MSE) or RIQL (deterministic actor, quantile over N target critics,
Huber loss, clamped targets), by the settings; loads the weights into the learner (target critics as copies of
the critics), takes its update on each batch and writes the weights after the updates and each update's losses
to a second JSON file.

usage: iql_reference.py IN.json OUT.json
"""
import json
import sys

import torch_parity as tp
from torch_parity import learners, torch


def learner(j):
    """The learner the settings describe, its hyper-parameters taken from them."""
    s, w = j["settings"], j["weights"]
    common = dict(actor_lr=s["actorLr"], critic_lr=s["criticLr"], value_lr=s["valueLr"], gamma=s["gamma"],
                  tau=s["tau"], expectile=s["expectile"], beta=s["beta"], max_weight=s["maxWeight"],
                  log_std_min=s["logStdMin"], log_std_max=s["logStdMax"], cosine_steps=s["cosineSteps"])
    shape = (j["obsDim"], j["actDim"], tuple(j["hidden"]), len(j["batches"][0]["rewards"]))
    # Gson leaves IQL's null RIQL settings out
    riql = [s["deterministic"]] + [s.get(k) is not None for k in ("quantile", "delta", "targetMin", "targetMax")]
    if all(riql):
        hp = learners.RiqlSettings(**common, critics=len(w["q"]), quantile=s["quantile"], delta=s["delta"],
                                   target_min=s["targetMin"], target_max=s["targetMax"])
        return learners.RIQL(*shape, hp)
    if any(riql) or len(w["q"]) != 2:
        raise SystemExit(f"settings neither IQL's nor RIQL's (torch_learners has those two): {s}, "
                         f"{len(w['q'])} critics")
    return learners.IQL(*shape, learners.IqlSettings(**common))


def main(inp, outp):
    torch.set_num_threads(1)
    j = json.load(open(inp))
    w = j["weights"]
    agent = learner(j)
    tp.load(agent.actor, w["actor"])
    tp.load(agent.v, w["value"])
    riql = isinstance(agent, learners.RIQL)
    for k, flat in enumerate(w["q"]):
        if riql:
            tp.load_member(agent.q, k, flat)
            tp.load_member(agent.q_target, k, flat)
        else:
            tp.load((agent.q1, agent.q2)[k], flat)
            tp.load((agent.q1_target, agent.q2_target)[k], flat)
    if not riql:
        with torch.no_grad():
            agent.log_std.copy_(torch.tensor(w["log_std"], dtype=torch.float32))

    metrics = []
    for b in j["batches"]:
        losses = agent.update(*tp.batch(b, j["obsDim"], j["actDim"]))
        metrics.append({k + "_loss": v.item() for k, v in losses.items()})

    n = len(w["q"])
    out = {
        "actor": tp.dump(agent.actor),
        "log_std": [] if riql else agent.log_std.detach().tolist(),
        "q": [tp.dump_member(agent.q, k) for k in range(n)] if riql else [tp.dump(agent.q1), tp.dump(agent.q2)],
        "q_target": ([tp.dump_member(agent.q_target, k) for k in range(n)] if riql
                     else [tp.dump(agent.q1_target), tp.dump(agent.q2_target)]),
        "value": tp.dump(agent.v),
        "metrics": metrics,
    }
    json.dump(out, open(outp, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
