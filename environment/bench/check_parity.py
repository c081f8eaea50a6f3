#!/usr/bin/env python3
"""Checks that torch_learners.py (what torch_reference.py serves) and jax_reference.py do the same arithmetic for
IQL, RIQL, BCQ and PPO.

Both references' update functions run in this process on identical inputs: the torch learner's initial
weights copied into the JAX state, one fixed 16-row batch (each side's batch sampling replaced by it) and,
for BCQ, the same normal draws in the same order (torch.randn / jax.random.normal replaced by a queue); for
PPO the same rollout rows given to both minibatch steps.
After 3 updates (width 32) the losses and the updated parameters (networks, targets, VAE) must agree to
float32 rounding; exit 1 otherwise. JAX runs eagerly here (same functions the server jits).

  ~/.cache/rrl/bench-venv/bin/python environment/bench/check_parity.py
"""
import importlib.util
import os
import sys

import numpy as np

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
sys.argv = [sys.argv[0], "--threads", "1"]  # jax_reference parses its arguments on import
LOSS_TOL, PARAM_TOL = 1e-5, 1e-6  # relative loss, absolute parameter (float32 rounding is ~1e-7 here)
FAILURES = []


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(BENCH, name + ".py"))
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


jr = load("jax_reference")  # sizes the thread pools (and the CPU affinity) before torch is imported
import torch_learners as tr  # noqa: E402
torch, jax, jnp = tr.torch, jr.jax, jr.jnp

OBS, ACT, W, B, STEPS = 17, 6, 32, 16, 3


def out(*a):
    print(*a, file=sys.stderr, flush=True)  # the references point stdout at stderr on import


def j_mlp(seq):
    lin = [m for m in seq if isinstance(m, torch.nn.Linear)]
    return [(jnp.array(l.weight.detach().numpy().T), jnp.array(l.bias.detach().numpy())) for l in lin]


def t_params(seq):
    return [x for l in seq if isinstance(l, torch.nn.Linear)
            for x in (l.weight.detach().numpy().T, l.bias.detach().numpy())]


def j_flat(layers):
    return [np.asarray(x) for wb in layers for x in wb]


def maxdiff(a, b):
    return max(float(np.max(np.abs(np.asarray(x) - np.asarray(y)))) for x, y in zip(a, b))


torch.manual_seed(1)
data = tr.Data(OBS, ACT, n=B)
data.r = data.r * 3  # rewards of a few units, so the critics' losses are not all tiny
data.sample = lambda batch: (data.s, data.a, data.s2, data.r, data.not_done)
jdata = {"s": jnp.array(data.s.numpy()), "a": jnp.array(data.a.numpy()), "s2": jnp.array(data.s2.numpy()),
         "r": jnp.array(data.r.numpy()[:, 0]), "not_done": jnp.array(data.not_done.numpy()[:, 0])}
jr.sample_batch = lambda d, key, batch: d


class Noise:
    """The same normal draws, in the same order, for both sides."""

    def __init__(self):
        self.queue = []

    def fill(self, shapes):
        g = np.random.default_rng(7)
        self.queue = [g.standard_normal(s).astype(np.float32) for s in shapes]
        self.j = list(self.queue)

    def torch_randn(self, *shape, **kw):
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else tuple(shape)
        x = self.queue.pop(0)
        assert x.shape == shape, (x.shape, shape)
        return torch.from_numpy(x.copy())

    def jax_normal(self, key, shape, *a, **kw):
        x = self.j.pop(0)
        assert x.shape == tuple(shape), (x.shape, shape)
        return jnp.array(x)


def report(name, tl, jl, tp, jp):
    worst = max(abs(tl[k] - float(jl[k])) / max(1.0, abs(tl[k])) for k in tl)
    params = maxdiff(tp, jp)
    ok = worst <= LOSS_TOL and params <= PARAM_TOL and len(tp) == len(jp)
    out(f"{name:5s} {'ok  ' if ok else 'FAIL'} loss rel diff {worst:.1e}, parameter diff {params:.1e} "
        f"({len(tp)} tensors); losses torch { {k: round(v, 5) for k, v in tl.items()} }")
    if not ok:
        FAILURES.append(name)


def iql():
    torch.manual_seed(2)
    t = tr.IQL(OBS, ACT, (W, W), B)
    st = jr.iql_init(jax.random.PRNGKey(0), OBS, ACT, W)
    st["actor"] = (j_mlp(t.actor), jnp.array(t.log_std.detach().numpy()))
    st["actor_opt"] = jr.adam_init(st["actor"])
    st["critics"] = (j_mlp(t.q1.q), j_mlp(t.q2.q))
    st["critic_targets"] = jr.copy(st["critics"])
    st["critic_opt"] = jr.adam_init(st["critics"])
    st["value"] = j_mlp(t.v)
    st["value_opt"] = jr.adam_init(st["value"])
    for i in range(STEPS):
        tl = {k: v.item() for k, v in t.train(data).items()}
        st, jl = jr.iql_update(st, jdata, B)
    tp = t_params(t.actor) + [t.log_std.detach().numpy()] + t_params(t.q1.q) + t_params(t.q1_target.q) + t_params(t.v)
    jp = (j_flat(st["actor"][0]) + [st["actor"][1]] + j_flat(st["critics"][0]) + j_flat(st["critic_targets"][0])
          + j_flat(st["value"]))
    report("iql", tl, jl, tp, jp)


def riql():
    torch.manual_seed(3)
    t = tr.RIQL(OBS, ACT, (W, W), B)
    st = jr.riql_init(jax.random.PRNGKey(0), OBS, ACT, W)
    st["actor"] = j_mlp(t.actor)
    st["actor_opt"] = jr.adam_init(st["actor"])
    st["critics"] = [(jnp.array(w.detach().numpy()), jnp.array(b.detach().numpy())) for w, b in zip(t.q.w, t.q.b)]
    st["critic_targets"] = jr.copy(st["critics"])
    st["critic_opt"] = jr.adam_init(st["critics"])
    st["value"] = j_mlp(t.v)
    st["value_opt"] = jr.adam_init(st["value"])
    for i in range(STEPS):
        tl = {k: v.item() for k, v in t.train(data).items()}
        st, jl = jr.riql_update(st, jdata, B)
    tp = (t_params(t.actor) + [p.detach().numpy() for p in t.q.parameters()]
          + [p.detach().numpy() for p in t.q_target.parameters()])
    jp = j_flat(st["actor"]) + [w for w, _ in st["critics"]] + [b for _, b in st["critics"]] \
        + [w for w, _ in st["critic_targets"]] + [b for _, b in st["critic_targets"]]
    report("riql", tl, jl, tp, jp)


def bcq():
    torch.manual_seed(4)
    t = tr.BCQ(OBS, ACT, (W, W), B)
    st = jr.bcq_init(jax.random.PRNGKey(0), OBS, ACT, W)
    st["actor"] = j_mlp(t.actor)
    st["actor_target"] = jr.copy(st["actor"])
    st["actor_opt"] = jr.adam_init(st["actor"])
    st["critics"] = (j_mlp(t.q1.q), j_mlp(t.q2.q))
    st["critic_targets"] = jr.copy(st["critics"])
    st["critic_opt"] = jr.adam_init(st["critics"])
    st["vae"] = (j_mlp(t.encoder), j_mlp(t.decoder))
    st["vae_opt"] = jr.adam_init(st["vae"])
    noise = Noise()
    L = 2 * ACT
    real_randn, real_randn_like, real_normal = torch.randn, torch.randn_like, jax.random.normal
    torch.randn = noise.torch_randn
    torch.randn_like = lambda x: noise.torch_randn(*x.shape)
    jax.random.normal = noise.jax_normal
    try:
        for i in range(STEPS):
            noise.fill([(B, L), (B * 100, L), (B, L)])
            tl = {k: v.item() for k, v in t.train(data).items()}
            st, jl = jr.bcq_update(st, jdata, B)
    finally:
        torch.randn, torch.randn_like, jax.random.normal = real_randn, real_randn_like, real_normal
    tp = (t_params(t.actor) + t_params(t.actor_target) + t_params(t.q1.q) + t_params(t.q2_target.q)
          + t_params(t.encoder) + t_params(t.decoder))
    jp = j_flat(st["actor"]) + j_flat(st["actor_target"]) + j_flat(st["critics"][0]) + j_flat(st["critic_targets"][1]) \
        + j_flat(st["vae"][0]) + j_flat(st["vae"][1])
    report("bcq", tl, jl, tp, jp)


def ppo():
    """Three minibatch steps of 16 rows each from a 48-row rollout whose old log densities and values are
    moved off the current ones, so ratio clipping, value clipping and the gradient-norm clip all act."""
    torch.manual_seed(5)
    t = tr.PPO(OBS, ACT, (W, W), B)
    with torch.no_grad():
        t.log_std.copy_(torch.linspace(-0.5, 0.3, ACT))
    st = jr.ppo_init(jax.random.PRNGKey(0), OBS, ACT, W)
    st["params"] = {"actor": j_mlp(t.actor), "log_std": jnp.array(t.log_std.detach().numpy()),
                    "critic": j_mlp(t.critic)}
    st["opt"] = jr.adam_init(st["params"])
    n = 3 * B
    obs = torch.randn(n, OBS)
    with torch.no_grad():
        mu = t.actor(obs)
        act = mu + t.log_std.exp() * torch.randn(n, ACT)
        logp, _ = t.log_prob(mu, act)
        value = t.critic(obs).view(-1)
    logp = logp + 0.3 * torch.randn(n)
    value = value + 0.5 * torch.randn(n)
    adv = 2 * torch.randn(n) + 0.5
    ro = tr.Rollout(obs, act, logp, value, adv, value + adv + torch.randn(n))
    jro = {k: jnp.array(getattr(ro, k).numpy()) for k in ("obs", "act", "logp", "value", "adv", "ret")}
    for i in range(STEPS):
        rows = torch.arange(i * B, (i + 1) * B).flip(0)
        tl = {k: v.item() for k, v in t.minibatch_step(*ro.rows(rows), lr=jr.LR).items()}
        ji = jnp.array(rows.numpy())
        st, jl = jr.ppo_minibatch_step(st, {k: v[ji] for k, v in jro.items()})
    tp = t_params(t.actor) + [t.log_std.detach().numpy()] + t_params(t.critic)
    p = st["params"]
    jp = j_flat(p["actor"]) + [p["log_std"]] + j_flat(p["critic"])
    report("ppo", tl, jl, tp, jp)


if __name__ == "__main__":
    iql()
    riql()
    bcq()
    ppo()
    sys.exit(1 if FAILURES else 0)
