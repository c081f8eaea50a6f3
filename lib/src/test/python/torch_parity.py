"""What the PyTorch parity drivers (iql_reference.py, bcq_update_reference.py, ppo_reference.py,
edac_reference.py, pex_reference.py) share: the learners of
environment/bench/torch_learners.py, the one PyTorch definition of rrl's updates (imported by path from this
checkout), and rrl's exported weight layout, which is nn.Linear's: per layer the weight (out x in, row-major),
then the bias.
"""
import os
import sys

BENCH = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../environment/bench"))
sys.path.insert(0, BENCH)
import torch  # noqa: E402
import torch_learners as learners  # noqa: E402


def linears(net):
    return [m for m in net.modules() if isinstance(m, torch.nn.Linear)]


def load(net, flat):
    """Copies rrl's flat weights into net's linear layers, in place (optimisers keep their parameters)."""
    k = 0
    with torch.no_grad():
        for lin in linears(net):
            for p in (lin.weight, lin.bias):
                p.copy_(torch.tensor(flat[k:k + p.numel()], dtype=torch.float32).view_as(p))
                k += p.numel()
    assert k == len(flat), (k, len(flat))


def dump(net, grad=False):
    """net's weights (or their gradients) in rrl's flat layout."""
    out = []
    for lin in linears(net):
        for p in (lin.weight, lin.bias):
            out += (p.grad if grad else p).detach().reshape(-1).tolist()
    return out


def load_member(ensemble, k, flat):
    """Critic k of an EnsembleCritic (layers N x in x out, biases N x 1 x out) from rrl's flat weights."""
    i = 0
    with torch.no_grad():
        for w, b in zip(ensemble.w, ensemble.b):
            fan_in, fan_out = w.shape[1:]
            w[k].copy_(torch.tensor(flat[i:i + fan_in * fan_out], dtype=torch.float32).view(fan_out, fan_in).t())
            i += fan_in * fan_out
            b[k].copy_(torch.tensor(flat[i:i + fan_out], dtype=torch.float32).view(1, fan_out))
            i += fan_out
    assert i == len(flat), (i, len(flat))


def dump_member(ensemble, k):
    """Critic k of an EnsembleCritic in rrl's flat layout."""
    out = []
    for w, b in zip(ensemble.w, ensemble.b):
        out += w[k].detach().t().reshape(-1).tolist() + b[k].detach().reshape(-1).tolist()
    return out


def rows(values, width):
    return torch.tensor(values, dtype=torch.float32).view(-1, width)


def batch(b, obs_dim, act_dim):
    """(s, a, s2, r, not_done) of one of rrl's TransitionBatch as JSON; rewards and flags as B x 1 columns."""
    return (rows(b["obs"], obs_dim), rows(b["actions"], act_dim), rows(b["nextObs"], obs_dim), rows(b["rewards"], 1),
            1.0 - rows(b["dones"], 1))
