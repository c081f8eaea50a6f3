"""PpoParityTest's PyTorch side: one PPO update phase of environment/bench/torch_learners.py (CleanRL
ppo_continuous_action.py's minibatch step, the one `rrl bench train` times) from rrl's initial weights, settings,
rollout and permutations.

Reads a JSON file written by the test (actor and critic weights in PyTorch's nn.Linear layout, the log std, the
settings, the rollout's rows flat and row-major, one permutation of the rows per epoch, the learning rate); loads
the weights, runs the phase (each epoch's consecutive slices of `minibatch` indices, one minibatch step each) and
writes the weights after it and every step's metrics to a second JSON file.

usage: ppo_reference.py IN.json OUT.json
"""
import json
import sys

import torch_parity as tp
from torch_parity import learners, torch


def main(inp, outp):
    torch.set_num_threads(1)
    j = json.load(open(inp))
    s, w = j["settings"], j["weights"]
    obs, act = j["obsDim"], j["actDim"]
    hp = learners.PpoSettings(lr=j["lr"], clip=s["clip"], clip_value_loss=s["clipValueLoss"], ent_coef=s["entCoef"], vf_coef=s["vfCoef"],
                              max_grad_norm=s["maxGradNorm"], adam_eps=s["adamEps"], minibatch=s["minibatch"],
                              epochs=len(j["order"]))
    agent = learners.PPO(obs, act, tuple(j["hidden"]), s["minibatch"], hp)
    tp.load(agent.actor, w["actor"])
    tp.load(agent.critic, w["critic"])
    with torch.no_grad():
        agent.log_std.copy_(torch.tensor(w["log_std"], dtype=torch.float32))

    r = j["rollout"]
    vec = lambda k: torch.tensor(r[k], dtype=torch.float32)  # noqa: E731
    rollout = learners.Rollout(tp.rows(r["obs"], obs), tp.rows(r["actions"], act), vec("logProb"), vec("values"),
                               vec("advantages"), vec("returns"))
    order = [torch.tensor(p, dtype=torch.long) for p in j["order"]]
    metrics = agent.update(rollout, order, j["lr"])

    out = {
        "actor": tp.dump(agent.actor),
        "log_std": agent.log_std.detach().tolist(),
        "critic": tp.dump(agent.critic),
        "metrics": [{k: v.item() for k, v in m.items()} for m in metrics],
    }
    json.dump(out, open(outp, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
