#!/usr/bin/env python3
"""PyTorch CPU reference for `rrl bench train`: a server (protocol in serve.py), started once per thread count.

The same updates rrl does (rrl.algo.Td3 with Td3Config.td3bc(), rrl.algo.Sac with SacConfig.defaults(); the
MLPs are obs -> W -> W -> out, ReLU), in eager mode as the authors' code runs:

  * TD3+BC as sfujim/TD3_BC: every update a critic step (twin critics, clipped double-Q target with target
    policy smoothing: noise 0.2 clipped at 0.5, gamma 0.99); every 2nd update an actor step
    (-lambda mean Q1(s, pi(s)) + mean (pi(s) - a)^2, lambda = 2.5 / mean |Q1| detached) and soft target
    updates (tau 0.005) of actor and critics.
  * SAC: tanh-Gaussian actor (one MLP with 2 x act outputs: means, then log stds clamped to [-20, 2]; log
    density with rlkit's 1e-6 inside log(1 - a^2)), twin critics with min target, automatic entropy
    (target -act_dim, log alpha starting at 0); per update a critic, an actor and a temperature step and a
    soft critic-target update.
  * Adam lr 3e-4, PyTorch's betas and eps, one per network as in rrl; each batch drawn with torch.randint
    from a 100k-row random in-memory dataset.

Like rrl, the actor step back-propagates through the critics only to their input (backward(inputs=actor
parameters)): sfujim's code also computes the critics' weight gradients there and throws them away, work
rrl does not do; skipping it keeps the comparison to the same arithmetic and can only favour PyTorch.
Adam runs its fused CPU kernel and target updates use torch._foreach_lerp_ where this torch has them (the
fastest of its implementations; the defaults loop over tensors in Python).

Threads: OMP/MKL/OPENBLAS_NUM_THREADS and torch.set_num_threads(--threads). The PyPI wheels of torch 2.x
use oneMKL (BLAS_INFO=mkl) whose dispatch picks AVX2/AVX-512 kernels on AMD too, so the MKL_DEBUG_CPU_TYPE
switch the torch 1.13 wheel needed (MKL 2020.0 ran SSE code on AMD) is gone; the hello line names the BLAS
and the CPU capability torch uses (torch.__config__.show()).

  python environment/bench/torch_reference.py --threads 1 [--obs-dim 17 --act-dim 6]
"""
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve  # noqa: E402

ARGS = serve.arguments(__doc__.split("\n")[0])
serve.limit_threads(ARGS.threads)
OUT = serve.protocol_stream()

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

LR, GAMMA, TAU = 3e-4, 0.99, 0.005


def mlp(inp, width, out):
    return nn.Sequential(nn.Linear(inp, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(), nn.Linear(width, out))


def adam(params):
    try:
        return torch.optim.Adam(params, lr=LR, fused=True)
    except (RuntimeError, TypeError):  # a torch without the fused CPU kernel
        return torch.optim.Adam(params, lr=LR)


def soft_update(nets, targets):
    src = [p for n in nets for p in n.parameters()]
    dst = [p for n in targets for p in n.parameters()]
    with torch.no_grad():
        if hasattr(torch, "_foreach_lerp_"):
            torch._foreach_lerp_(dst, src, TAU)  # dst += tau (src - dst), one kernel per list
        else:
            for p, tp in zip(src, dst):
                tp.mul_(1 - TAU).add_(p, alpha=TAU)


def frozen_copy(net):
    import copy
    t = copy.deepcopy(net)
    for p in t.parameters():
        p.requires_grad_(False)
    return t


class Data:
    """Random transitions; sample() as TD3_BC's ReplayBuffer.sample (torch.randint, then index)."""

    def __init__(self, obs, act, n=serve.DATASET_ROWS):
        self.n = n
        self.s, self.s2 = torch.randn(n, obs), torch.randn(n, obs)
        self.a = torch.rand(n, act) * 2 - 1
        self.r = torch.randn(n, 1)
        self.not_done = (torch.rand(n, 1) > 0.01).float()

    def sample(self, batch):
        i = torch.randint(0, self.n, (batch,))
        return self.s[i], self.a[i], self.s2[i], self.r[i], self.not_done[i]


class Critic(nn.Module):
    """One Q network on [s | a]."""

    def __init__(self, obs, act, width):
        super().__init__()
        self.q = mlp(obs + act, width, 1)

    def forward(self, sa):
        return self.q(sa)


class TD3BC:
    policy_noise, noise_clip, policy_freq, alpha = 0.2, 0.5, 2, 2.5

    def __init__(self, obs, act, width, batch):
        self.batch = batch
        self.actor = mlp(obs, width, act)
        self.actor_target = frozen_copy(self.actor)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params)
        self.q1, self.q2 = Critic(obs, act, width), Critic(obs, act, width)
        self.q1_target, self.q2_target = frozen_copy(self.q1), frozen_copy(self.q2)
        self.critic_opt = adam(list(self.q1.parameters()) + list(self.q2.parameters()))  # = two Adams (per tensor)
        self.total_it = 0

    def train(self, data):
        self.total_it += 1
        s, a, s2, r, not_done = data.sample(self.batch)
        with torch.no_grad():
            noise = (torch.randn_like(a) * self.policy_noise).clamp(-self.noise_clip, self.noise_clip)
            a2 = (torch.tanh(self.actor_target(s2)) + noise).clamp(-1, 1)
            sa2 = torch.cat([s2, a2], 1)
            y = r + not_done * GAMMA * torch.min(self.q1_target(sa2), self.q2_target(sa2))
        sa = torch.cat([s, a], 1)
        critic_loss = F.mse_loss(self.q1(sa), y) + F.mse_loss(self.q2(sa), y)
        self.critic_opt.zero_grad(set_to_none=True)
        critic_loss.backward()
        self.critic_opt.step()
        if self.total_it % self.policy_freq == 0:
            pi = torch.tanh(self.actor(s))
            q = self.q1(torch.cat([s, pi], 1))
            lmbda = self.alpha / q.abs().mean().detach()
            actor_loss = -lmbda * q.mean() + F.mse_loss(pi, a)
            self.actor_opt.zero_grad(set_to_none=True)
            actor_loss.backward(inputs=self.actor_params)
            self.actor_opt.step()
            soft_update([self.q1, self.q2, self.actor], [self.q1_target, self.q2_target, self.actor_target])


class SAC:
    LOG_STD_MIN, LOG_STD_MAX, TANH_EPS = -20.0, 2.0, 1e-6

    def __init__(self, obs, act, width, batch):
        self.batch, self.act = batch, act
        self.actor = mlp(obs, width, 2 * act)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params)
        self.q1, self.q2 = Critic(obs, act, width), Critic(obs, act, width)
        self.q1_target, self.q2_target = frozen_copy(self.q1), frozen_copy(self.q2)
        self.critic_opt = adam(list(self.q1.parameters()) + list(self.q2.parameters()))  # = two Adams (per tensor)
        self.log_alpha = torch.zeros(1, requires_grad=True)
        self.alpha_opt = adam([self.log_alpha])
        self.target_entropy = -float(act)

    def sample(self, s):
        y = self.actor(s)
        mean, log_std = y[:, :self.act], y[:, self.act:].clamp(self.LOG_STD_MIN, self.LOG_STD_MAX)
        eps = torch.randn_like(mean)
        a = torch.tanh(mean + log_std.exp() * eps)  # reparameterised sample
        log_prob = (-0.5 * eps.pow(2) - log_std - 0.5 * math.log(2 * math.pi)
                    - torch.log(1 - a.pow(2) + self.TANH_EPS)).sum(1, keepdim=True)
        return a, log_prob

    def train(self, data):
        s, a, s2, r, not_done = data.sample(self.batch)
        alpha = self.log_alpha.exp().detach()
        with torch.no_grad():
            a2, logp2 = self.sample(s2)
            sa2 = torch.cat([s2, a2], 1)
            y = r + not_done * GAMMA * (torch.min(self.q1_target(sa2), self.q2_target(sa2)) - alpha * logp2)
        sa = torch.cat([s, a], 1)
        critic_loss = F.mse_loss(self.q1(sa), y) + F.mse_loss(self.q2(sa), y)
        self.critic_opt.zero_grad(set_to_none=True)
        critic_loss.backward()
        self.critic_opt.step()

        pi, logp = self.sample(s)
        spi = torch.cat([s, pi], 1)
        actor_loss = (alpha * logp - torch.min(self.q1(spi), self.q2(spi))).mean()
        self.actor_opt.zero_grad(set_to_none=True)
        actor_loss.backward(inputs=self.actor_params)
        self.actor_opt.step()

        alpha_loss = -(self.log_alpha * (logp.detach() + self.target_entropy)).mean()
        self.alpha_opt.zero_grad(set_to_none=True)
        alpha_loss.backward()
        self.alpha_opt.step()
        soft_update([self.q1, self.q2], [self.q1_target, self.q2_target])


LEARNERS = {"td3bc": TD3BC, "sac": SAC}


def blas():
    """What torch multiplies with, from its build configuration."""
    cfg = torch.__config__.show()
    info = re.search(r"BLAS_INFO=(\w+)", cfg)
    mkl = re.search(r"Math Kernel Library Version ([\d.]+)", cfg)
    isa = re.search(r"CPU capability usage: (\w+)", cfg)
    parts = [f"BLAS_INFO={info.group(1)}" if info else "BLAS unknown"]
    if mkl:
        parts.append(f"oneMKL {mkl.group(1)}")
    if isa:
        parts.append(f"CPU capability {isa.group(1)}")
    return ", ".join(parts)


def main():
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(ARGS.seed)
    obs, act = ARGS.obs_dim, ARGS.act_dim
    data = Data(obs, act)
    current = {}  # the last shape's learner only (serve.py)

    def learner(name, batch, width):
        key = (name, batch, width)
        if key not in current:
            current.clear()
            if name not in LEARNERS:
                raise ValueError(f"unknown learner {name!r}; known: {', '.join(LEARNERS)}")
            current[key] = LEARNERS[name](obs, act, width, batch)
        return current[key]

    def update(name, batch, width, seconds):
        agent = learner(name, batch, width)
        calls, elapsed = serve.timed(lambda: agent.train(data), seconds)
        return serve.rate_reply(calls, elapsed, actor_params=sum(p.numel() for p in agent.actor.parameters()),
                                critic_params=sum(p.numel() for p in agent.q1.parameters()))

    def actor(batch, width, seconds):
        net = learner("td3bc", 256, width).actor
        x = data.s[:batch].clone()

        def forward():
            with torch.no_grad():
                torch.tanh(net(x))

        calls, elapsed = serve.timed(forward, seconds)
        return serve.rate_reply(calls, elapsed, actor_params=sum(p.numel() for p in net.parameters()))

    hello = {"implementation": "torch", "version": torch.__version__, "blas": blas(),
             "threads": torch.get_num_threads(), "obs_dim": obs, "act_dim": act}
    serve.serve(OUT, hello, update, actor)


if __name__ == "__main__":
    main()
