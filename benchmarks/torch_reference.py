#!/usr/bin/env python3
"""PyTorch CPU reference for `rrl bench train`.

Measures, on CPU with 256-256 MLPs and batch 256:
  * TD3+BC updates/s  (sfujim/TD3_BC semantics; one update = one critic step,
                       plus an actor step and target soft-update every 2nd update)
  * SAC updates/s     (SAC v2: tanh-Gaussian actor, twin critics + targets,
                       automatic entropy tuning; one critic + actor + alpha step per update)
  * TD3 actor inference latency, batch 1 and batch 256, under torch.no_grad()

Throughput: updates counted for --seconds of wall time after --warmup seconds,
median over --repeats. Latency: median of per-call times, median over --repeats.

  python benchmarks/torch_reference.py --threads 1 [--obs-dim 17 --act-dim 6] [--json]
"""
import argparse
import copy
import json
import math
import os
import statistics
import time

# The PyPI torch 1.13.1 wheel bundles MKL 2020.0, which takes a slow SSE code path on AMD CPUs
# (~2.5x slower sgemm on this EPYC). This switch selects its AVX2 path; harmless on Intel.
# Set MKL_DEBUG_CPU_TYPE yourself (any other value) to measure stock MKL dispatch.
os.environ.setdefault("MKL_DEBUG_CPU_TYPE", "5")

import torch
import torch.nn as nn
import torch.nn.functional as F

HIDDEN, BATCH, DATASET = 256, 256, 100_000
LR, GAMMA, TAU = 3e-4, 0.99, 0.005


def mlp(inp, out):
    return nn.Sequential(nn.Linear(inp, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                         nn.Linear(HIDDEN, out))


class TD3Actor(nn.Module):  # obs -> 256 -> 256 -> act, tanh (max_action = 1)
    def __init__(self, obs, act):
        super().__init__()
        self.net = mlp(obs, act)

    def forward(self, s):
        return torch.tanh(self.net(s))


class TwinCritic(nn.Module):  # (obs, act) -> 256 -> 256 -> 1, twice
    def __init__(self, obs, act):
        super().__init__()
        self.q1, self.q2 = mlp(obs + act, 1), mlp(obs + act, 1)

    def forward(self, s, a):
        sa = torch.cat([s, a], 1)
        return self.q1(sa), self.q2(sa)

    def Q1(self, s, a):
        return self.q1(torch.cat([s, a], 1))


def soft_update(net, target):  # as in TD3_BC.py
    for p, tp in zip(net.parameters(), target.parameters()):
        tp.data.copy_(TAU * p.data + (1 - TAU) * tp.data)


class Buffer:
    """Preallocated random transitions; sample() like TD3_BC's ReplayBuffer.sample."""

    def __init__(self, obs, act, n=DATASET):
        self.n = n
        self.s, self.s2 = torch.randn(n, obs), torch.randn(n, obs)
        self.a = torch.rand(n, act) * 2 - 1
        self.r = torch.randn(n, 1)
        self.not_done = (torch.rand(n, 1) > 0.01).float()

    def sample(self, batch=BATCH):
        i = torch.randint(0, self.n, (batch,))
        return self.s[i], self.a[i], self.s2[i], self.r[i], self.not_done[i]


class TD3BC:
    policy_noise, noise_clip, policy_freq, alpha = 0.2, 0.5, 2, 2.5

    def __init__(self, obs, act):
        self.actor = TD3Actor(obs, act)
        self.actor_target = copy.deepcopy(self.actor)
        self.actor_opt = torch.optim.Adam(self.actor.parameters(), lr=LR)
        self.critic = TwinCritic(obs, act)
        self.critic_target = copy.deepcopy(self.critic)
        self.critic_opt = torch.optim.Adam(self.critic.parameters(), lr=LR)
        self.total_it = 0

    def train(self, buf):
        self.total_it += 1
        s, a, s2, r, not_done = buf.sample()
        with torch.no_grad():
            noise = (torch.randn_like(a) * self.policy_noise).clamp(-self.noise_clip, self.noise_clip)
            a2 = (self.actor_target(s2) + noise).clamp(-1, 1)
            tq1, tq2 = self.critic_target(s2, a2)
            y = r + not_done * GAMMA * torch.min(tq1, tq2)
        q1, q2 = self.critic(s, a)
        critic_loss = F.mse_loss(q1, y) + F.mse_loss(q2, y)
        self.critic_opt.zero_grad()
        critic_loss.backward()
        self.critic_opt.step()
        if self.total_it % self.policy_freq == 0:
            pi = self.actor(s)
            q = self.critic.Q1(s, pi)
            lmbda = self.alpha / q.abs().mean().detach()
            actor_loss = -lmbda * q.mean() + F.mse_loss(pi, a)
            self.actor_opt.zero_grad()
            actor_loss.backward()
            self.actor_opt.step()
            soft_update(self.critic, self.critic_target)
            soft_update(self.actor, self.actor_target)


class SACActor(nn.Module):  # obs -> 256 -> 256 -> (mean, log_std), tanh-squashed Gaussian
    LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0

    def __init__(self, obs, act):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(obs, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU())
        self.mean, self.log_std = nn.Linear(HIDDEN, act), nn.Linear(HIDDEN, act)

    def sample(self, s):
        h = self.trunk(s)
        mean, log_std = self.mean(h), self.log_std(h).clamp(self.LOG_STD_MIN, self.LOG_STD_MAX)
        std = log_std.exp()
        eps = torch.randn_like(mean)
        u = mean + std * eps  # reparameterised sample
        a = torch.tanh(u)
        log_prob = (-0.5 * eps.pow(2) - log_std - 0.5 * math.log(2 * math.pi)).sum(1, keepdim=True)
        log_prob = log_prob - torch.log(1 - a.pow(2) + 1e-6).sum(1, keepdim=True)
        return a, log_prob


class SAC:
    def __init__(self, obs, act):
        self.actor = SACActor(obs, act)
        self.actor_opt = torch.optim.Adam(self.actor.parameters(), lr=LR)
        self.critic = TwinCritic(obs, act)
        self.critic_target = copy.deepcopy(self.critic)
        self.critic_opt = torch.optim.Adam(self.critic.parameters(), lr=LR)
        self.log_alpha = torch.zeros(1, requires_grad=True)
        self.alpha_opt = torch.optim.Adam([self.log_alpha], lr=LR)
        self.target_entropy = -float(act)

    def train(self, buf):
        s, a, s2, r, not_done = buf.sample()
        alpha = self.log_alpha.exp().detach()
        with torch.no_grad():
            a2, logp2 = self.actor.sample(s2)
            tq1, tq2 = self.critic_target(s2, a2)
            y = r + not_done * GAMMA * (torch.min(tq1, tq2) - alpha * logp2)
        q1, q2 = self.critic(s, a)
        critic_loss = F.mse_loss(q1, y) + F.mse_loss(q2, y)
        self.critic_opt.zero_grad()
        critic_loss.backward()
        self.critic_opt.step()

        pi, logp = self.actor.sample(s)
        q1_pi, q2_pi = self.critic(s, pi)
        actor_loss = (alpha * logp - torch.min(q1_pi, q2_pi)).mean()
        self.actor_opt.zero_grad()
        actor_loss.backward()
        self.actor_opt.step()

        alpha_loss = -(self.log_alpha * (logp.detach() + self.target_entropy)).mean()
        self.alpha_opt.zero_grad()
        alpha_loss.backward()
        self.alpha_opt.step()
        soft_update(self.critic, self.critic_target)


def updates_per_s(agent, buf, seconds, warmup):
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        agent.train(buf)
    n, t0 = 0, time.perf_counter()
    end = t0 + seconds
    while True:
        agent.train(buf)
        n += 1
        t = time.perf_counter()
        if t >= end:
            return n / (t - t0)


def median_latency_us(actor, x, seconds, warmup):
    times = []
    with torch.no_grad():
        end = time.perf_counter() + warmup
        while time.perf_counter() < end:
            actor(x)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t0 = time.perf_counter_ns()
            actor(x)
            times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1e3


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--obs-dim", type=int, default=17)
    p.add_argument("--act-dim", type=int, default=6)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    p.add_argument("--repeats", type=int, default=3, help="median of")
    p.add_argument("--warmup", type=float, default=1.0, help="seconds before each measurement")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print one JSON object only")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    obs, act = args.obs_dim, args.act_dim
    buf = Buffer(obs, act)
    td3, sac = TD3BC(obs, act), SAC(obs, act)
    x1, x256 = buf.s[:1].clone(), buf.s[:BATCH].clone()

    runs = {k: [] for k in ("td3bc_updates_per_s", "sac_updates_per_s", "actor_b1_us", "actor_b256_us")}
    for _ in range(args.repeats):
        runs["td3bc_updates_per_s"].append(updates_per_s(td3, buf, args.seconds, args.warmup))
        runs["sac_updates_per_s"].append(updates_per_s(sac, buf, args.seconds, args.warmup))
        runs["actor_b1_us"].append(median_latency_us(td3.actor, x1, args.seconds, args.warmup))
        runs["actor_b256_us"].append(median_latency_us(td3.actor, x256, args.seconds, args.warmup))

    result = {"torch_version": torch.__version__, "threads": torch.get_num_threads()}
    result.update({k: round(statistics.median(v), 2) for k, v in runs.items()})
    result.update({"obs_dim": obs, "act_dim": act, "batch": BATCH})
    if args.json:
        print(json.dumps(result))
        return
    print(f"torch {torch.__version__}, {result['threads']} thread(s), obs {obs}, act {act}, batch {BATCH}, "
          f"{args.seconds:g}s x {args.repeats} (median)")
    for k, v in runs.items():
        print(f"  {k:<20} {result[k]:>10.2f}   runs: " + ", ".join(f"{x:.2f}" for x in v))


if __name__ == "__main__":
    main()
