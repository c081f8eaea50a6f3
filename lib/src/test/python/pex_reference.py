"""PexParityTest's PyTorch side: PEX / RPEX (environment/bench/torch_learners.py PolicyExpansion on the IQL / RIQL
learner iql_reference.py builds from the same settings) from rrl's weights, settings, states, batches and draws.

Reads a JSON file written by the test, a list of cases (PEX's and RPEX's, one process for both: importing torch
takes longer than the updates), each with the settings (IQL's or RIQL's, and the selection's inverse temperature and
kappa), the weights in nn.Linear's layout (the frozen offline actor and its log std, empty for a deterministic one;
the online actor and its log std; the critics, the target critics and V), the states of a selection with its draws
(a2's standard-normal noise, one uniform per row) and the batches of the updates with theirs. Writes the selection
(the online candidate's probabilities, the choices, the actions), the weights after the updates and each update's
losses of every case to a second JSON file.

usage: pex_reference.py IN.json OUT.json
"""
import json
import sys

import torch_parity as tp
from iql_reference import learner
from torch_parity import learners, torch


def run(j):
    """One case: the selection, then the updates; what main() writes for it."""
    s, w = j["settings"], j["weights"]
    obs, act = j["obsDim"], j["actDim"]
    core = learner(j)
    riql = isinstance(core, learners.RIQL)
    pex = learners.PolicyExpansion(core, obs, act, tuple(j["hidden"]),
                                   learners.PexSettings(inv_temperature=s["invTemperature"], kappa=s["kappa"]),
                                   offline_gaussian=len(w["offline_log_std"]) > 0)
    tp.load(core.v, w["value"])
    for k, (flat, target) in enumerate(zip(w["q"], w["q_target"])):
        if riql:
            tp.load_member(core.q, k, flat)
            tp.load_member(core.q_target, k, target)
        else:
            tp.load((core.q1, core.q2)[k], flat)
            tp.load((core.q1_target, core.q2_target)[k], target)
    tp.load(pex.offline, w["offline_actor"])
    tp.load(pex.actor, w["actor"])
    with torch.no_grad():
        if pex.offline_log_std is not None:
            pex.offline_log_std.copy_(torch.tensor(w["offline_log_std"], dtype=torch.float32))
        pex.log_std.copy_(torch.tensor(w["log_std"], dtype=torch.float32))

    sel = j["selection"]
    action, p, chose, clipped = pex.select(tp.rows(sel["obs"], obs), tp.rows(sel["eps"], act),
                                           torch.tensor(sel["u"], dtype=torch.float32))
    selection = {"p": p.tolist(), "online": chose.tolist(), "actions": action.reshape(-1).tolist(), "clipped": clipped}

    metrics = []
    for b in j["batches"]:
        losses = pex.update(*tp.batch(b, obs, act), tp.rows(b["eps"], act), torch.tensor(b["u"], dtype=torch.float32))
        metrics.append({k: v.item() for k, v in losses.items()})

    n = len(w["q"])
    return {
        "selection": selection,
        "actor": tp.dump(pex.actor),
        "log_std": pex.log_std.detach().tolist(),
        "offline_actor": tp.dump(pex.offline),
        "q": [tp.dump_member(core.q, k) for k in range(n)] if riql else [tp.dump(core.q1), tp.dump(core.q2)],
        "q_target": ([tp.dump_member(core.q_target, k) for k in range(n)] if riql
                     else [tp.dump(core.q1_target), tp.dump(core.q2_target)]),
        "value": tp.dump(core.v),
        "metrics": metrics,
    }


def main(inp, outp):
    torch.set_num_threads(1)
    json.dump({"cases": [run(j) for j in json.load(open(inp))["cases"]]}, open(outp, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
