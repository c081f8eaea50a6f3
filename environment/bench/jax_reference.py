#!/usr/bin/env python3
"""JAX CPU reference for `rrl bench train`: a server (protocol in serve.py), started once per thread count.

The same updates as torch_reference.py and rrl (TD3+BC as sfujim/TD3_BC, SAC with a tanh-Gaussian actor,
twin critics and automatic entropy; Adam 3e-4 written out with PyTorch's formula; MLPs obs -> W -> W -> out,
ReLU; each batch drawn from a 100k-row random dataset), but compiled: each update, batch sampling and noise
included, is ONE jax.jit call whose state (parameters, targets, Adam moments, PRNG key) is donated, so XLA
updates it in place. TD3's delayed actor step is two jitted variants, called alternately: "critic" (a
critic step) and "full" (critic step, actor step, soft target updates), so one call is one update as in rrl
and PyTorch. Gradients are taken with respect to the network being stepped only, so the actor step goes
through the critics to their input and XLA drops the unused critic weight gradients (as rrl does).

Timing: an update is dispatched, then the loop waits for the loss of the update before it, so at most one
update is in flight; Python's dispatch overlaps the computation as in a training loop, and only finished
updates are counted (the last one is waited for). Actor latency blocks on every call.

Threads: XLA:CPU sizes its thread pool from the CPUs the process may run on; the flags suggested for older
JAX (XLA_FLAGS=--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1) are accepted by JAX 0.10
but leave it using every core (measured: 1.9 cores busy on 2). So --threads N restricts the process to its
first N allowed CPUs (sched_setaffinity) before JAX is imported; XLA then uses N threads. The hello line
names how XLA multiplies (the kind of its dot fusions: YNNPACK / XNNPACK / oneDNN / XLA's own emitter).

  python environment/bench/jax_reference.py --threads 1 [--obs-dim 17 --act-dim 6]
"""
import math
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve  # noqa: E402

ARGS = serve.arguments(__doc__.split("\n")[0])
serve.limit_threads(ARGS.threads)
_allowed = sorted(os.sched_getaffinity(0))
if ARGS.threads < len(_allowed):
    os.sched_setaffinity(0, _allowed[:ARGS.threads])  # before any import starts a thread: they inherit it
OUT = serve.protocol_stream()

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

LR, BETA1, BETA2, ADAM_EPS = 3e-4, 0.9, 0.999, 1e-8
GAMMA, TAU = 0.99, 0.005
POLICY_NOISE, NOISE_CLIP, BC_ALPHA = 0.2, 0.5, 2.5
LOG_STD_MIN, LOG_STD_MAX, TANH_EPS = -20.0, 2.0, 1e-6
tmap = jax.tree_util.tree_map


def init_mlp(key, sizes):
    """PyTorch's nn.Linear initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases."""
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        key, kw, kb = jax.random.split(key, 3)
        bound = 1 / math.sqrt(fan_in)
        layers.append((jax.random.uniform(kw, (fan_in, fan_out), jnp.float32, -bound, bound),
                       jax.random.uniform(kb, (fan_out,), jnp.float32, -bound, bound)))
    return layers


def mlp(layers, x):
    for w, b in layers[:-1]:
        x = jax.nn.relu(x @ w + b)
    w, b = layers[-1]
    return x @ w + b


def q(layers, s, a):
    return mlp(layers, jnp.concatenate([s, a], axis=1))[:, 0]


def adam_init(params):
    return {"m": tmap(jnp.zeros_like, params), "v": tmap(jnp.zeros_like, params), "t": jnp.zeros((), jnp.int32)}


def adam_step(params, grads, opt):
    """torch.optim.Adam's update: p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)."""
    t = opt["t"] + 1
    m = tmap(lambda m, g: BETA1 * m + (1 - BETA1) * g, opt["m"], grads)
    v = tmap(lambda v, g: BETA2 * v + (1 - BETA2) * g * g, opt["v"], grads)
    bc1 = 1 - BETA1 ** t.astype(jnp.float32)
    bc2 = 1 - BETA2 ** t.astype(jnp.float32)
    params = tmap(lambda p, m, v: p - LR / bc1 * m / (jnp.sqrt(v) / jnp.sqrt(bc2) + ADAM_EPS), params, m, v)
    return params, {"m": m, "v": v, "t": t}


def copy(params):
    """Own buffers: the state is donated, and a buffer may not be donated twice (targets start as copies)."""
    return tmap(jnp.array, params)


def soft(target, online):
    return tmap(lambda t, p: t + TAU * (p - t), target, online)


def sample_batch(data, key, batch):
    i = jax.random.randint(key, (batch,), 0, data["s"].shape[0])
    return {k: v[i] for k, v in data.items()}


def critic_step(st, b, y):
    def loss(critics):
        c1, c2 = critics
        return jnp.mean((q(c1, b["s"], b["a"]) - y) ** 2) + jnp.mean((q(c2, b["s"], b["a"]) - y) ** 2)

    value, g = jax.value_and_grad(loss)(st["critics"])
    critics, opt = adam_step(st["critics"], g, st["critic_opt"])
    return {**st, "critics": critics, "critic_opt": opt}, value


# ---- TD3+BC -------------------------------------------------------------------------------------------

def td3bc_init(key, obs, act, width):
    ka, k1, k2, key = jax.random.split(key, 4)
    actor = init_mlp(ka, [obs, width, width, act])
    critics = (init_mlp(k1, [obs + act, width, width, 1]), init_mlp(k2, [obs + act, width, width, 1]))
    return {"actor": actor, "actor_target": copy(actor), "actor_opt": adam_init(actor), "critics": critics,
            "critic_targets": copy(critics), "critic_opt": adam_init(critics), "key": key}


def td3bc_critic(st, data, batch):
    key, k_idx, k_noise = jax.random.split(st["key"], 3)
    b = sample_batch(data, k_idx, batch)
    noise = jnp.clip(POLICY_NOISE * jax.random.normal(k_noise, b["a"].shape), -NOISE_CLIP, NOISE_CLIP)
    a2 = jnp.clip(jnp.tanh(mlp(st["actor_target"], b["s2"])) + noise, -1, 1)
    t1, t2 = st["critic_targets"]
    y = b["r"] + b["not_done"] * GAMMA * jnp.minimum(q(t1, b["s2"], a2), q(t2, b["s2"], a2))
    st, loss = critic_step({**st, "key": key}, b, jax.lax.stop_gradient(y))
    return st, loss, b


def td3bc_update_critic(st, data, batch):
    st, loss, _ = td3bc_critic(st, data, batch)
    return st, loss


def td3bc_update_full(st, data, batch):
    st, loss, b = td3bc_critic(st, data, batch)
    c1 = st["critics"][0]

    def actor_loss(actor):
        pi = jnp.tanh(mlp(actor, b["s"]))
        qv = q(c1, b["s"], pi)
        lmbda = BC_ALPHA / jax.lax.stop_gradient(jnp.mean(jnp.abs(qv)))
        return -lmbda * jnp.mean(qv) + jnp.mean((pi - b["a"]) ** 2)

    g = jax.grad(actor_loss)(st["actor"])
    actor, opt = adam_step(st["actor"], g, st["actor_opt"])
    st = {**st, "actor": actor, "actor_opt": opt, "actor_target": soft(st["actor_target"], actor),
          "critic_targets": soft(st["critic_targets"], st["critics"])}
    return st, loss


# ---- SAC ----------------------------------------------------------------------------------------------

def sac_init(key, obs, act, width):
    ka, k1, k2, key = jax.random.split(key, 4)
    actor = init_mlp(ka, [obs, width, width, 2 * act])
    critics = (init_mlp(k1, [obs + act, width, width, 1]), init_mlp(k2, [obs + act, width, width, 1]))
    log_alpha = jnp.zeros((), jnp.float32)
    return {"actor": actor, "actor_opt": adam_init(actor), "critics": critics, "critic_targets": copy(critics),
            "critic_opt": adam_init(critics), "log_alpha": log_alpha, "alpha_opt": adam_init(log_alpha), "key": key}


def sac_sample(actor, s, eps):
    y = mlp(actor, s)
    act = eps.shape[1]
    mean, log_std = y[:, :act], jnp.clip(y[:, act:], LOG_STD_MIN, LOG_STD_MAX)
    a = jnp.tanh(mean + jnp.exp(log_std) * eps)
    logp = jnp.sum(-0.5 * eps ** 2 - log_std - 0.5 * math.log(2 * math.pi) - jnp.log(1 - a ** 2 + TANH_EPS), axis=1)
    return a, logp


def sac_update(st, data, batch):
    key, k_idx, k_next, k_pi = jax.random.split(st["key"], 4)
    b = sample_batch(data, k_idx, batch)
    act = b["a"].shape[1]
    alpha = jnp.exp(st["log_alpha"])
    a2, logp2 = sac_sample(st["actor"], b["s2"], jax.random.normal(k_next, (batch, act)))
    t1, t2 = st["critic_targets"]
    y = b["r"] + b["not_done"] * GAMMA * (jnp.minimum(q(t1, b["s2"], a2), q(t2, b["s2"], a2)) - alpha * logp2)
    st, loss = critic_step({**st, "key": key}, b, jax.lax.stop_gradient(y))
    c1, c2 = st["critics"]
    eps = jax.random.normal(k_pi, (batch, act))

    def actor_loss(actor):
        pi, logp = sac_sample(actor, b["s"], eps)
        return jnp.mean(alpha * logp - jnp.minimum(q(c1, b["s"], pi), q(c2, b["s"], pi))), logp

    g, logp = jax.grad(actor_loss, has_aux=True)(st["actor"])
    actor, actor_opt = adam_step(st["actor"], g, st["actor_opt"])
    # d/d log_alpha of -mean(log_alpha * (log_pi + target_entropy)), log_pi held fixed (target entropy -act)
    g_alpha = -(jnp.mean(jax.lax.stop_gradient(logp)) - act)
    log_alpha, alpha_opt = adam_step(st["log_alpha"], g_alpha, st["alpha_opt"])
    st = {**st, "actor": actor, "actor_opt": actor_opt, "log_alpha": log_alpha, "alpha_opt": alpha_opt,
          "critic_targets": soft(st["critic_targets"], st["critics"])}
    return st, loss


def compiled(fn, batch, state, data):
    """fn jitted for this batch size and compiled now, so no timed call compiles (TD3's second variant would
    otherwise compile in the middle of a round)."""
    return jax.jit(lambda st, d: fn(st, d, batch), donate_argnums=0).lower(state, data).compile()


class Learner:
    """One shape's state and its jitted update(s); steps alternate through `steps` (TD3: critic, full)."""

    def __init__(self, name, obs, act, width, batch, key, data):
        if name == "td3bc":
            self.state = td3bc_init(key, obs, act, width)
            self.steps = [compiled(f, batch, self.state, data) for f in (td3bc_update_critic, td3bc_update_full)]
        elif name == "sac":
            self.state = sac_init(key, obs, act, width)
            self.steps = [compiled(sac_update, batch, self.state, data)]
        else:
            raise ValueError(f"unknown learner {name!r}; known: td3bc, sac")
        self.it = 0
        self.pending = None
        self.actor_params = serve.param_count([obs, width, width, (2 if name == "sac" else 1) * act])
        self.critic_params = serve.param_count([obs + act, width, width, 1])

    def train(self, data):
        self.it += 1
        self.state, loss = self.steps[(self.it - 1) % len(self.steps)](self.state, data)  # TD3: critic, full, ...
        if self.pending is not None:
            self.pending.block_until_ready()  # the update before this one has finished
        self.pending = loss

    def finish(self):
        if self.pending is not None:
            self.pending.block_until_ready()
            self.pending = None


def dot_backend():
    """How XLA:CPU compiles a dense layer's product: the kind of its dot fusion or custom call."""
    x = jnp.ones((64, 64), jnp.float32)
    text = jax.jit(lambda a, b: a @ b).lower(x, x).compile().as_text()
    kinds = sorted(set(re.findall(r'"kind":"(__\w+)"', text)) | set(re.findall(r'custom_call_target="([^"]+)"', text)))
    names = {"__ynn_fusion": "YNNPACK", "__xnn_fusion": "XNNPACK", "__onednn_fusion": "oneDNN"}
    return "XLA:CPU, dots by " + (", ".join(names.get(k, k) for k in kinds) if kinds else "XLA's own emitter")


def main():
    obs, act = ARGS.obs_dim, ARGS.act_dim
    key = jax.random.PRNGKey(ARGS.seed)
    kd = jax.random.split(key, 6)
    n = serve.DATASET_ROWS
    data = {"s": jax.random.normal(kd[0], (n, obs)), "a": jax.random.uniform(kd[1], (n, act), minval=-1, maxval=1),
            "s2": jax.random.normal(kd[2], (n, obs)), "r": jax.random.normal(kd[3], (n,)),
            "not_done": (jax.random.uniform(kd[4], (n,)) > 0.01).astype(jnp.float32)}
    current = {}  # the last shape's learner only (serve.py)

    def learner(name, batch, width):
        k = (name, batch, width)
        if k not in current:
            current.clear()
            current[k] = Learner(name, obs, act, width, batch, kd[5], data)
        return current[k]

    def update(name, batch, width, seconds):
        agent = learner(name, batch, width)

        def body():
            agent.train(data)

        calls, elapsed = serve.timed(body, seconds)
        # the last dispatched update is not finished yet: wait for it, and count it in the time
        t0 = time.perf_counter()
        agent.finish()
        elapsed += time.perf_counter() - t0
        return serve.rate_reply(calls, elapsed, actor_params=agent.actor_params, critic_params=agent.critic_params)

    actors = {}

    def actor(batch, width, seconds):
        if (batch, width) not in actors:
            actors.clear()
            params = init_mlp(kd[5], [obs, width, width, act])
            fwd = jax.jit(lambda p, x: jnp.tanh(mlp(p, x)))
            actors[(batch, width)] = (params, fwd, data["s"][:batch])
        params, fwd, x = actors[(batch, width)]
        calls, elapsed = serve.timed(lambda: fwd(params, x).block_until_ready(), seconds)
        return serve.rate_reply(calls, elapsed, actor_params=serve.param_count([obs, width, width, act]))

    hello = {"implementation": "jax", "version": jax.__version__, "blas": dot_backend(),
             "threads": len(os.sched_getaffinity(0)), "obs_dim": obs, "act_dim": act}
    serve.serve(OUT, hello, update, actor)


if __name__ == "__main__":
    main()
