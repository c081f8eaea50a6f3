"""One or more IQL / RIQL updates in PyTorch, the reference of rrl's IqlParityTest.

Reads a JSON file written by the test (initial weights in PyTorch's nn.Linear layout, settings, batches), runs
the updates the way CORL's algorithms/offline/iql.py and YangRui2015/RIQL's RIQL.py order them (V(s') and the
advantage from V before its step; V, critics, target update, actor with a cosine-annealed rate), and writes the
weights after the updates and each update's losses to a second JSON file.

The critics' loss is the sum over critics of each critic's batch mean (as ikostrikov/implicit_q_learning
writes it, and as rrl's CriticEnsemble does); CORL averages over the two critics and RIQL over N with its
smooth-L1 scaled by 1/delta: constant factors Adam does not see (up to its eps), left out so the two programs
take the same arithmetic path.

usage: iql_reference.py IN.json OUT.json
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp(sizes, weights, out_act=None):
    layers = []
    k = 0
    for i in range(len(sizes) - 1):
        lin = nn.Linear(sizes[i], sizes[i + 1])
        n_w = sizes[i] * sizes[i + 1]
        w = torch.tensor(weights[k:k + n_w], dtype=torch.float32).view(sizes[i + 1], sizes[i])
        k += n_w
        b = torch.tensor(weights[k:k + sizes[i + 1]], dtype=torch.float32)
        k += sizes[i + 1]
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    assert k == len(weights), (k, len(weights))
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


def flat(net):
    out = []
    for m in net:
        if isinstance(m, nn.Linear):
            out += m.weight.detach().reshape(-1).tolist() + m.bias.detach().reshape(-1).tolist()
    return out


def main(inp, outp):
    torch.set_num_threads(1)
    j = json.load(open(inp))
    s = j["settings"]
    obs_dim, act_dim, hidden = j["obsDim"], j["actDim"], j["hidden"]
    w = j["weights"]
    actor = mlp([obs_dim, *hidden, act_dim], w["actor"], nn.Tanh())
    gaussian = not s["deterministic"]
    log_std = nn.Parameter(torch.tensor(w["log_std"], dtype=torch.float32)) if gaussian else None
    q = [mlp([obs_dim + act_dim, *hidden, 1], wi) for wi in w["q"]]
    q_target = [mlp([obs_dim + act_dim, *hidden, 1], wi) for wi in w["q"]]
    vf = mlp([obs_dim, *hidden, 1], w["value"])

    actor_params = list(actor.parameters()) + ([log_std] if gaussian else [])
    actor_opt = torch.optim.Adam(actor_params, lr=s["actorLr"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(actor_opt, s["cosineSteps"])
    q_opt = torch.optim.Adam([p for m in q for p in m.parameters()], lr=s["criticLr"])
    v_opt = torch.optim.Adam(vf.parameters(), lr=s["valueLr"])

    metrics = []
    for b in j["batches"]:
        obs = torch.tensor(b["obs"], dtype=torch.float32).view(-1, obs_dim)
        act = torch.tensor(b["actions"], dtype=torch.float32).view(-1, act_dim)
        rew = torch.tensor(b["rewards"], dtype=torch.float32)
        nobs = torch.tensor(b["nextObs"], dtype=torch.float32).view(-1, obs_dim)
        done = torch.tensor(b["dones"], dtype=torch.float32)
        sa = torch.cat([obs, act], dim=1)
        with torch.no_grad():
            next_v = vf(nobs).squeeze(-1)
            all_q = torch.stack([m(sa).squeeze(-1) for m in q_target])
            if s.get("quantile") is None:
                target_q = all_q.min(dim=0).values
            else:
                target_q = torch.quantile(all_q, s["quantile"], dim=0)
        # V: expectile regression
        v = vf(obs).squeeze(-1)
        adv = target_q - v
        v_loss = torch.mean(torch.abs(s["expectile"] - (adv < 0).float()) * adv ** 2)
        v_opt.zero_grad()
        v_loss.backward()
        v_opt.step()
        # critics
        y = rew + (1.0 - done) * s["gamma"] * next_v
        if s.get("targetMin") is not None:
            y = torch.clamp(y, s["targetMin"], s["targetMax"])
        qs = [m(sa).squeeze(-1) for m in q]
        if s.get("delta") is None:
            q_loss = sum(((qi - y) ** 2).mean() for qi in qs)
        else:
            q_loss = sum(F.huber_loss(qi, y, reduction="none", delta=s["delta"]).mean() for qi in qs)
        q_opt.zero_grad()
        q_loss.backward()
        q_opt.step()
        with torch.no_grad():
            for t, m in zip(q_target, q):
                for tp, p in zip(t.parameters(), m.parameters()):
                    tp.copy_((1 - s["tau"]) * tp + s["tau"] * p)
        # actor: advantage-weighted regression
        weights = torch.exp(s["beta"] * adv.detach()).clamp(max=s["maxWeight"])
        mean = actor(obs)
        if gaussian:
            std = torch.exp(log_std.clamp(s["logStdMin"], s["logStdMax"]))
            bc = -torch.distributions.Normal(mean, std).log_prob(act).sum(-1)
        else:
            bc = torch.sum((mean - act) ** 2, dim=1)
        a_loss = torch.mean(weights * bc)
        actor_opt.zero_grad()
        a_loss.backward()
        actor_opt.step()
        sched.step()
        metrics.append({"critic_loss": q_loss.item(), "value_loss": v_loss.item(), "actor_loss": a_loss.item()})

    out = {
        "actor": flat(actor),
        "log_std": log_std.detach().tolist() if gaussian else [],
        "q": [flat(m) for m in q],
        "q_target": [flat(m) for m in q_target],
        "value": flat(vf),
        "metrics": metrics,
    }
    json.dump(out, open(outp, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
