#!/usr/bin/env python3
"""JAX CPU reference for `rrl bench train`: a server (protocol in serve.py), started once per thread count.

The same updates as torch_learners.py (what torch_reference.py serves) and rrl (TD3+BC as sfujim/TD3_BC, SAC
with a tanh-Gaussian actor, twin critics and automatic entropy; IQL in CORL iql.py's order (V, Q + target,
actor) with the Gaussian actor of ikostrikov/implicit_q_learning and the sum of the critics' MSEs; RIQL as
YangRui2015/RIQL RIQL.py, its N = 5 critics as stacked (N, in, out) layers, with rrl's Huber loss (each
critic's batch mean, summed); BCQ as d3rlpy BCQImpl (VAE, critic over 100 perturbed decoded next actions, actor); PPO as
vwxyzjn/cleanrl ppo_continuous_action.py's minibatch step (tanh MLPs, state-independent log std, clipped surrogate
and value loss, gradients clipped jointly to norm 0.5, one Adam with eps 1e-5) on `batch` rows drawn from a fixed
2048-row rollout made once from the dataset --
torch_learners.py's docstring gives each update in full; Adam written out with PyTorch's formula, lr 3e-4
(BCQ 1e-3), IQL/RIQL's actor lr CosineAnnealingLR's cosine in closed form from the Adam step count; MLPs
in -> W -> W -> out, ReLU; each batch drawn from a 100k-row random dataset), but compiled: each update,
batch sampling and noise included, is ONE jax.jit call whose state (parameters, targets, Adam moments, PRNG
key) is donated, so XLA updates it in place. TD3's delayed actor step is two jitted variants, called
alternately: "critic" (a critic step) and "full" (critic step, actor step, soft target updates), so one call
is one update as in rrl and PyTorch. Gradients are taken with respect to the network being stepped only, so
the actor step goes through the critics to their input and XLA drops the unused critic weight gradients (as
rrl does; BCQ's decoded action is a constant of its actor loss the same way).

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


def adam_step(params, grads, opt, lr=LR, eps=ADAM_EPS):
    """torch.optim.Adam's update: p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)."""
    t = opt["t"] + 1
    m = tmap(lambda m, g: BETA1 * m + (1 - BETA1) * g, opt["m"], grads)
    v = tmap(lambda v, g: BETA2 * v + (1 - BETA2) * g * g, opt["v"], grads)
    bc1 = 1 - BETA1 ** t.astype(jnp.float32)
    bc2 = 1 - BETA2 ** t.astype(jnp.float32)
    params = tmap(lambda p, m, v: p - lr / bc1 * m / (jnp.sqrt(v) / jnp.sqrt(bc2) + eps), params, m, v)
    return params, {"m": m, "v": v, "t": t}


def copy(params):
    """Own buffers: the state is donated, and a buffer may not be donated twice (targets start as copies)."""
    return tmap(jnp.array, params)


def soft(target, online):
    return tmap(lambda t, p: t + TAU * (p - t), target, online)


def sample_batch(data, key, batch):
    i = jax.random.randint(key, (batch,), 0, data["s"].shape[0])
    return {k: v[i] for k, v in data.items()}


def critic_step(st, b, y, lr=LR):
    """Twin critics' step on MSE(Q1, y) + MSE(Q2, y)."""
    def loss(critics):
        c1, c2 = critics
        return jnp.mean((q(c1, b["s"], b["a"]) - y) ** 2) + jnp.mean((q(c2, b["s"], b["a"]) - y) ** 2)

    value, g = jax.value_and_grad(loss)(st["critics"])
    critics, opt = adam_step(st["critics"], g, st["critic_opt"], lr)
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


def cosine_lr(opt, steps):
    """torch's CosineAnnealingLR(T_max=steps) in closed form at the step about to be taken (the scheduler steps
    after the optimiser, so update t uses lr(t - 1)): lr * (1 + cos(pi (t - 1) / steps)) / 2."""
    return LR * 0.5 * (1 + jnp.cos(math.pi * opt["t"].astype(jnp.float32) / steps))


def expectile_loss(u, tau):
    return jnp.mean(jnp.abs(tau - (u < 0).astype(jnp.float32)) * u ** 2)


def n_params(tree):
    return sum(int(x.size) for x in jax.tree_util.tree_leaves(tree))


# ---- IQL ----------------------------------------------------------------------------------------------

IQL_EXPECTILE, IQL_BETA, EXP_ADV_MAX = 0.7, 3.0, 100.0
IQL_LOG_STD_MIN, IQL_LOG_STD_MAX, IQL_STEPS = -5.0, 2.0, 1_000_000


def iql_init(key, obs, act, width):
    ka, k1, k2, kv, key = jax.random.split(key, 5)
    actor = (init_mlp(ka, [obs, width, width, act]), jnp.zeros((act,), jnp.float32))  # (mean MLP, log std)
    critics = (init_mlp(k1, [obs + act, width, width, 1]), init_mlp(k2, [obs + act, width, width, 1]))
    value = init_mlp(kv, [obs, width, width, 1])
    return {"actor": actor, "actor_opt": adam_init(actor), "critics": critics, "critic_targets": copy(critics),
            "critic_opt": adam_init(critics), "value": value, "value_opt": adam_init(value), "key": key}


def iql_update(st, data, batch):
    key, k_idx = jax.random.split(st["key"])
    b = sample_batch(data, k_idx, batch)
    s, a = b["s"], b["a"]
    next_v = mlp(st["value"], b["s2"])[:, 0]
    t1, t2 = st["critic_targets"]
    target_q = jnp.minimum(q(t1, s, a), q(t2, s, a))

    def value_loss(value):
        adv = target_q - mlp(value, s)[:, 0]
        return expectile_loss(adv, IQL_EXPECTILE), adv

    (v_loss, adv), g = jax.value_and_grad(value_loss, has_aux=True)(st["value"])
    value, value_opt = adam_step(st["value"], g, st["value_opt"])
    y = b["r"] + b["not_done"] * GAMMA * next_v
    st, q_loss = critic_step({**st, "key": key, "value": value, "value_opt": value_opt}, b, y)
    exp_adv = jnp.minimum(jnp.exp(IQL_BETA * adv), EXP_ADV_MAX)

    def actor_loss(actor):
        net, log_std = actor
        mean = jnp.tanh(mlp(net, s))
        log_std = jnp.clip(log_std, IQL_LOG_STD_MIN, IQL_LOG_STD_MAX)
        nll = jnp.sum(0.5 * ((a - mean) / jnp.exp(log_std)) ** 2 + log_std + 0.5 * math.log(2 * math.pi), axis=1)
        return jnp.mean(exp_adv * nll)

    pi_loss, g = jax.value_and_grad(actor_loss)(st["actor"])
    actor, actor_opt = adam_step(st["actor"], g, st["actor_opt"], cosine_lr(st["actor_opt"], IQL_STEPS))
    st = {**st, "actor": actor, "actor_opt": actor_opt, "critic_targets": soft(st["critic_targets"], st["critics"])}
    return st, {"value": v_loss, "critic": q_loss, "actor": pi_loss}


def iql_counts(st):
    net, log_std = st["actor"]
    return {"actor_params": n_params(net), "log_std_params": n_params(log_std),
            "critic_params": n_params(st["critics"][0]), "critics": 2, "value_params": n_params(st["value"])}


# ---- RIQL ---------------------------------------------------------------------------------------------

RIQL_N, RIQL_QUANTILE, RIQL_Q_MIN, RIQL_Q_MAX, RIQL_STEPS = 5, 0.25, -100.0, 1000.0, 3_000_000
RIQL_DELTA = 1.0  # the Huber threshold 1 / sigma^2, sigma 1


def init_ensemble(key, sizes, n):
    """RIQL's VectorizedQ: layers of n stacked weights (n, in, out) and biases (n, 1, out), initialised as RIQL
    (hidden weights U(-1/sqrt(out), 1/sqrt(out)), biases 0.1, last layer U(-3e-3, 3e-3))."""
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        key, kw, kb = jax.random.split(key, 3)
        if i == len(sizes) - 2:
            w = jax.random.uniform(kw, (n, fan_in, fan_out), jnp.float32, -3e-3, 3e-3)
            b = jax.random.uniform(kb, (n, 1, fan_out), jnp.float32, -3e-3, 3e-3)
        else:
            bound = 1 / math.sqrt(fan_out)
            w = jax.random.uniform(kw, (n, fan_in, fan_out), jnp.float32, -bound, bound)
            b = jnp.full((n, 1, fan_out), 0.1, jnp.float32)
        layers.append((w, b))
    return layers


def q_ensemble(layers, s, a):
    """All members at once: (B, in) @ (n, in, out) broadcasts to (n, B, out); returns (n, B)."""
    x = jnp.concatenate([s, a], axis=1)
    for w, b in layers[:-1]:
        x = jax.nn.relu(jnp.matmul(x, w) + b)
    w, b = layers[-1]
    return (jnp.matmul(x, w) + b)[..., 0]


def huber_loss(diff, delta):
    """torch's F.huber_loss: quadratic below delta, linear above (RIQL.py's huber_loss is this / delta)."""
    d = jnp.abs(diff)
    return jnp.where(d < delta, 0.5 * d ** 2, delta * (d - 0.5 * delta))


def riql_init(key, obs, act, width):
    ka, kq, kv, key = jax.random.split(key, 4)
    actor = init_mlp(ka, [obs, width, width, act])
    critics = init_ensemble(kq, [obs + act, width, width, 1], RIQL_N)
    value = init_mlp(kv, [obs, width, width, 1])
    return {"actor": actor, "actor_opt": adam_init(actor), "critics": critics, "critic_targets": copy(critics),
            "critic_opt": adam_init(critics), "value": value, "value_opt": adam_init(value), "key": key}


def riql_update(st, data, batch):
    key, k_idx = jax.random.split(st["key"])
    b = sample_batch(data, k_idx, batch)
    s, a = b["s"], b["a"]
    next_v = mlp(st["value"], b["s2"])[:, 0]
    target_q = jnp.quantile(q_ensemble(st["critic_targets"], s, a), RIQL_QUANTILE, axis=0)  # linear, as torch

    def value_loss(value):
        adv = target_q - mlp(value, s)[:, 0]
        return expectile_loss(adv, IQL_EXPECTILE), adv

    (v_loss, adv), g = jax.value_and_grad(value_loss, has_aux=True)(st["value"])
    value, value_opt = adam_step(st["value"], g, st["value_opt"])
    y = jnp.clip(b["r"] + b["not_done"] * GAMMA * next_v, RIQL_Q_MIN, RIQL_Q_MAX)[None, :]

    def critic_loss(critics):
        return jnp.sum(jnp.mean(huber_loss(q_ensemble(critics, s, a) - y, RIQL_DELTA), axis=1))  # sum of batch means

    q_loss, g = jax.value_and_grad(critic_loss)(st["critics"])
    critics, critic_opt = adam_step(st["critics"], g, st["critic_opt"])
    exp_adv = jnp.minimum(jnp.exp(IQL_BETA * adv), EXP_ADV_MAX)

    def actor_loss(actor):
        return jnp.mean(exp_adv * jnp.sum((jnp.tanh(mlp(actor, s)) - a) ** 2, axis=-1))

    pi_loss, g = jax.value_and_grad(actor_loss)(st["actor"])
    actor, actor_opt = adam_step(st["actor"], g, st["actor_opt"], cosine_lr(st["actor_opt"], RIQL_STEPS))
    st = {**st, "key": key, "value": value, "value_opt": value_opt, "critics": critics, "critic_opt": critic_opt,
          "critic_targets": soft(st["critic_targets"], critics), "actor": actor, "actor_opt": actor_opt}
    return st, {"value": v_loss, "critic": q_loss, "actor": pi_loss}


def riql_counts(st):
    return {"actor_params": n_params(st["actor"]), "critic_params": n_params(st["critics"]) // RIQL_N,
            "critics": RIQL_N, "value_params": n_params(st["value"])}


# ---- BCQ ----------------------------------------------------------------------------------------------

BCQ_LR, BCQ_PHI, BCQ_LAM, BCQ_SAMPLES, BCQ_KL_BETA = 1e-3, 0.05, 0.75, 100, 0.5
VAE_LOG_STD_MIN, VAE_LOG_STD_MAX, Z_CLIP = -4.0, 15.0, 0.5


def bcq_init(key, obs, act, width):
    ka, k1, k2, ke, kd, key = jax.random.split(key, 6)
    latent = 2 * act
    actor = init_mlp(ka, [obs + act, width, width, act])  # the perturbation xi(s, a)
    critics = (init_mlp(k1, [obs + act, width, width, 1]), init_mlp(k2, [obs + act, width, width, 1]))
    # encoder (s, a) -> [mean | log std] of z (d3rlpy's two heads as one layer), decoder (s, z) -> action
    vae = (init_mlp(ke, [obs + act, width, width, 2 * latent]), init_mlp(kd, [obs + latent, width, width, act]))
    return {"actor": actor, "actor_target": copy(actor), "actor_opt": adam_init(actor), "critics": critics,
            "critic_targets": copy(critics), "critic_opt": adam_init(critics), "vae": vae, "vae_opt": adam_init(vae),
            "key": key}


def bcq_decode(decoder, s, z):
    return jnp.tanh(mlp(decoder, jnp.concatenate([s, z], axis=1)))


def bcq_perturb(actor, s, a):
    return jnp.clip(a + BCQ_PHI * jnp.tanh(mlp(actor, jnp.concatenate([s, a], axis=1))), -1, 1)


def bcq_update(st, data, batch):
    key, k_idx, k_eps, k_next, k_pi = jax.random.split(st["key"], 5)
    b = sample_batch(data, k_idx, batch)
    s, a = b["s"], b["a"]
    latent = 2 * a.shape[1]
    eps = jax.random.normal(k_eps, (batch, latent))

    def vae_loss(vae):
        encoder, decoder = vae
        h = mlp(encoder, jnp.concatenate([s, a], axis=1))
        mu, log_std = h[:, :latent], jnp.clip(h[:, latent:], VAE_LOG_STD_MIN, VAE_LOG_STD_MAX)
        std = jnp.exp(log_std)
        kl = jnp.mean(0.5 * (std ** 2 + mu ** 2) - 0.5 - log_std)
        return jnp.mean((bcq_decode(decoder, s, mu + std * eps) - a) ** 2) + BCQ_KL_BETA * kl

    v_loss, g = jax.value_and_grad(vae_loss)(st["vae"])
    vae, vae_opt = adam_step(st["vae"], g, st["vae_opt"], BCQ_LR)
    decoder = vae[1]

    s2n = jnp.repeat(b["s2"], BCQ_SAMPLES, axis=0)  # each next state BCQ_SAMPLES times
    z2 = jnp.clip(jax.random.normal(k_next, (s2n.shape[0], latent)), -Z_CLIP, Z_CLIP)
    a2 = bcq_perturb(st["actor_target"], s2n, bcq_decode(decoder, s2n, z2))
    t1, t2 = st["critic_targets"]
    q1t, q2t = q(t1, s2n, a2).reshape(batch, BCQ_SAMPLES), q(t2, s2n, a2).reshape(batch, BCQ_SAMPLES)
    mix = BCQ_LAM * jnp.minimum(q1t, q2t) + (1 - BCQ_LAM) * jnp.maximum(q1t, q2t)
    y = b["r"] + b["not_done"] * GAMMA * jnp.max(mix, axis=1)
    st, c_loss = critic_step({**st, "key": key, "vae": vae, "vae_opt": vae_opt}, b, y, BCQ_LR)

    c1 = st["critics"][0]
    sampled = bcq_decode(decoder, s, jnp.clip(jax.random.normal(k_pi, (batch, latent)), -Z_CLIP, Z_CLIP))

    def actor_loss(actor):
        return -jnp.mean(q(c1, s, bcq_perturb(actor, s, sampled)))

    pi_loss, g = jax.value_and_grad(actor_loss)(st["actor"])
    actor, actor_opt = adam_step(st["actor"], g, st["actor_opt"], BCQ_LR)
    st = {**st, "actor": actor, "actor_opt": actor_opt, "actor_target": soft(st["actor_target"], actor),
          "critic_targets": soft(st["critic_targets"], st["critics"])}
    return st, {"vae": v_loss, "critic": c_loss, "actor": pi_loss}


def bcq_counts(st):
    return {"actor_params": n_params(st["actor"]), "critic_params": n_params(st["critics"][0]), "critics": 2,
            "vae_params": n_params(st["vae"])}


# ---- PPO ----------------------------------------------------------------------------------------------

PPO_CLIP, PPO_ENT_COEF, PPO_VF_COEF, PPO_MAX_GRAD_NORM, PPO_ADAM_EPS, PPO_ROLLOUT = 0.2, 0.0, 0.5, 0.5, 1e-5, 2048


def tanh_mlp(layers, x):
    for w, b in layers[:-1]:
        x = jnp.tanh(x @ w + b)
    w, b = layers[-1]
    return x @ w + b


def ppo_init(key, obs, act, width):
    ka, kc, key = jax.random.split(key, 3)
    params = {"actor": init_mlp(ka, [obs, width, width, act]), "log_std": jnp.zeros((act,), jnp.float32),
              "critic": init_mlp(kc, [obs, width, width, 1])}
    return {"params": params, "opt": adam_init(params), "key": key}


def ppo_log_prob(log_std, mu, a):
    """log N(a; mu, exp(log_std)) summed over action dimensions, and the Gaussian's entropy (every row's)."""
    logp = jnp.sum(-(a - mu) ** 2 / (2 * jnp.exp(2 * log_std)) - log_std - 0.5 * math.log(2 * math.pi), axis=1)
    return logp, jnp.sum(0.5 + 0.5 * math.log(2 * math.pi) + log_std)


def ppo_minibatch_step(st, b, lr=LR):
    """One step on the rows b (obs, act, logp, value, adv, ret) as torch_learners.PPO.minibatch_step: clipped
    surrogate on per-minibatch normalised advantages, clipped value loss, gradients of all parameters clipped
    jointly to norm 0.5 as clip_grad_norm_ (scale min(1, max / (norm + 1e-6))), Adam with eps 1e-5."""
    adv = (b["adv"] - jnp.mean(b["adv"])) / (jnp.std(b["adv"], ddof=1) + 1e-8)

    def loss(p):
        logp, entropy = ppo_log_prob(p["log_std"], tanh_mlp(p["actor"], b["obs"]), b["act"])
        log_ratio = logp - b["logp"]
        ratio = jnp.exp(log_ratio)
        pg = jnp.mean(jnp.maximum(-adv * ratio, -adv * jnp.clip(ratio, 1 - PPO_CLIP, 1 + PPO_CLIP)))
        v = tanh_mlp(p["critic"], b["obs"])[:, 0]
        v_clipped = b["value"] + jnp.clip(v - b["value"], -PPO_CLIP, PPO_CLIP)
        v_loss = 0.5 * jnp.mean(jnp.maximum((v - b["ret"]) ** 2, (v_clipped - b["ret"]) ** 2))
        return pg - PPO_ENT_COEF * entropy + PPO_VF_COEF * v_loss, (pg, v_loss, entropy, ratio, log_ratio)

    (_, (pg, v_loss, entropy, ratio, log_ratio)), g = jax.value_and_grad(loss, has_aux=True)(st["params"])
    norm = jnp.sqrt(sum(jnp.sum(x ** 2) for x in jax.tree_util.tree_leaves(g)))
    scale = jnp.minimum(PPO_MAX_GRAD_NORM / (norm + 1e-6), 1.0)
    params, opt = adam_step(st["params"], tmap(lambda x: x * scale, g), st["opt"], lr, PPO_ADAM_EPS)
    metrics = {"policy_loss": pg, "value_loss": v_loss, "entropy": entropy,
               "approx_kl": jnp.mean((ratio - 1) - log_ratio),
               "clip_fraction": jnp.mean((jnp.abs(ratio - 1) > PPO_CLIP).astype(jnp.float32))}
    return {**st, "params": params, "opt": opt}, metrics


def ppo_rollout(st, data, batch):
    """The bench's fixed rollout, as torch_learners.PPO.synthetic_rollout: max(2048, batch) of the dataset's
    observations, actions drawn from the initial policy with their log densities and values, N(0, 1)
    advantages, returns = value + advantage."""
    n = max(PPO_ROLLOUT, batch)
    p = st["params"]
    k_act, k_adv = jax.random.split(jax.random.fold_in(st["key"], 1))
    obs = data["s"][:n]
    mu = tanh_mlp(p["actor"], obs)
    act = mu + jnp.exp(p["log_std"]) * jax.random.normal(k_act, mu.shape)
    logp, _ = ppo_log_prob(p["log_std"], mu, act)
    value = tanh_mlp(p["critic"], obs)[:, 0]
    adv = jax.random.normal(k_adv, (n,))
    return {"obs": obs, "act": act, "logp": logp, "value": value, "adv": adv, "ret": value + adv}


def ppo_update(st, rollout, batch):
    """What the bench times: one minibatch step on `batch` rows of the rollout drawn uniformly."""
    key, k_idx = jax.random.split(st["key"])
    i = jax.random.randint(k_idx, (batch,), 0, rollout["obs"].shape[0])
    return ppo_minibatch_step({**st, "key": key}, {k: v[i] for k, v in rollout.items()})


def ppo_counts(st):
    p = st["params"]
    return {"actor_params": n_params(p["actor"]), "log_std_params": n_params(p["log_std"]),
            "critic_params": n_params(p["critic"])}


def compiled(fn, batch, state, data):
    """fn jitted for this batch size and compiled now, so no timed call compiles (TD3's second variant would
    otherwise compile in the middle of a round)."""
    return jax.jit(lambda st, d: fn(st, d, batch), donate_argnums=0).lower(state, data).compile()


SINGLE_STEP = {"sac": (sac_init, sac_update, None), "iql": (iql_init, iql_update, iql_counts),
               "riql": (riql_init, riql_update, riql_counts), "bcq": (bcq_init, bcq_update, bcq_counts),
               "ppo": (ppo_init, ppo_update, ppo_counts)}
OWN_DATA = {"ppo": ppo_rollout}  # learners that train on data of their own, made from the dataset once


class Learner:
    """One shape's state and its jitted update(s); steps alternate through `steps` (TD3: critic, full)."""

    def __init__(self, name, obs, act, width, batch, key, data):
        self.data = None  # PPO's rollout: what its steps train on instead of the dataset
        if name == "td3bc":
            self.state = td3bc_init(key, obs, act, width)
            self.steps = [compiled(f, batch, self.state, data) for f in (td3bc_update_critic, td3bc_update_full)]
        elif name in SINGLE_STEP:
            init, update, counts = SINGLE_STEP[name]
            self.state = init(key, obs, act, width)
            if name in OWN_DATA:
                self.data = OWN_DATA[name](self.state, data, batch)
            self.steps = [compiled(update, batch, self.state, self.data if self.data is not None else data)]
        else:
            raise ValueError(f"unknown learner {name!r}; known: td3bc, {', '.join(SINGLE_STEP)}")
        self.it = 0
        self.pending = None
        self.losses = None
        if name in ("td3bc", "sac"):
            self.counts = {"actor_params": serve.param_count([obs, width, width, (2 if name == "sac" else 1) * act]),
                           "critic_params": serve.param_count([obs + act, width, width, 1]), "critics": 2}
        else:
            self.counts = counts(self.state)  # from the arrays built

    def train(self, data):
        self.it += 1
        if self.data is not None:
            data = self.data
        self.state, losses = self.steps[(self.it - 1) % len(self.steps)](self.state, data)  # TD3: critic, full, ...
        if self.pending is not None:
            self.pending.block_until_ready()  # the update before this one has finished
        self.losses = losses
        self.pending = jax.tree_util.tree_leaves(losses)[0]

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
        if ARGS.print_losses:
            losses = agent.losses if isinstance(agent.losses, dict) else {"critic": agent.losses}
            serve.print_losses(name, calls, {k: float(v) for k, v in losses.items()})
        return serve.rate_reply(calls, elapsed, **agent.counts)

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
