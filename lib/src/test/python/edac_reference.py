"""EdacParityTest's PyTorch side: EDAC updates of environment/bench/torch_learners.py (CORL edac.py's update, the
diversity penalty by autograd's double backward) from rrl's initial weights, settings, batches and noise.

Reads a JSON file written by the test (actor and critic weights in nn.Linear's layout, settings, batches, each with
the standard-normal noise of its three policy samples), takes the updates and writes the weights after them, the
temperature and each update's losses to a second JSON file.

usage: edac_reference.py IN.json OUT.json
"""
import json
import sys

import torch_parity as tp
from torch_parity import learners, torch


def main(inp, outp):
    torch.set_num_threads(1)
    j = json.load(open(inp))
    s, w = j["settings"], j["weights"]
    hp = learners.EdacSettings(actor_lr=s["actorLr"], critic_lr=s["criticLr"], alpha_lr=s["alphaLr"], gamma=s["gamma"],
                               tau=s["tau"], critics=len(w["q"]), eta=s["eta"], log_std_min=s["logStdMin"],
                               log_std_max=s["logStdMax"])
    agent = learners.EDAC(j["obsDim"], j["actDim"], tuple(j["hidden"]), len(j["batches"][0]["rewards"]), hp)
    tp.load(agent.actor, w["actor"])
    for k, flat in enumerate(w["q"]):
        tp.load_member(agent.q, k, flat)
        tp.load_member(agent.q_target, k, flat)
    metrics = []
    for b in j["batches"]:
        noise = [tp.rows(b[k], j["actDim"]) for k in ("epsAlpha", "epsActor", "epsTarget")]
        losses = agent.update(*tp.batch(b, j["obsDim"], j["actDim"]), *noise)
        metrics.append({k: v.item() for k, v in losses.items()})
    n = len(w["q"])
    out = {
        "actor": tp.dump(agent.actor),
        "q": [tp.dump_member(agent.q, k) for k in range(n)],
        "q_target": [tp.dump_member(agent.q_target, k) for k in range(n)],
        "alpha": agent.log_alpha.exp().item(),
        "metrics": metrics,
    }
    json.dump(out, open(outp, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
