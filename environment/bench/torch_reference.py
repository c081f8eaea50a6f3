#!/usr/bin/env python3
"""PyTorch CPU reference for `rrl bench train`: a server (protocol in serve.py), started once per thread count.

The same updates rrl does (rrl.algo.Td3 with Td3Config.td3bc(), rrl.algo.Sac with SacConfig.defaults(),
rrl.algo.Iql, Riql and Bcq with their reference defaults; every MLP is in -> W -> W -> out, ReLU), in eager
mode as the authors' code runs:

  * TD3+BC as sfujim/TD3_BC: every update a critic step (twin critics, clipped double-Q target with target
    policy smoothing: noise 0.2 clipped at 0.5, gamma 0.99); every 2nd update an actor step
    (-lambda mean Q1(s, pi(s)) + mean (pi(s) - a)^2, lambda = 2.5 / mean |Q1| detached) and soft target
    updates (tau 0.005) of actor and critics.
  * SAC: tanh-Gaussian actor (one MLP with 2 x act outputs: means, then log stds clamped to [-20, 2]; log
    density with rlkit's 1e-6 inside log(1 - a^2)), twin critics with min target, automatic entropy
    (target -act_dim, log alpha starting at 0); per update a critic, an actor and a temperature step and a
    soft critic-target update.
  * IQL (Kostrikov et al. 2021, arXiv 2110.06169) as corl-team/CORL algorithms/offline/iql.py
    ImplicitQLearning.train orders it: V(s') (no grad); a V step on the expectile loss (tau 0.7) of
    min(Q1', Q2')(s, a) - V(s) against the target critics; a Q step (twin critics, mean of the two MSEs to
    r + 0.99 not_done V(s')) followed by the soft update (0.005) of the Q targets; an actor step on
    mean(min(exp(3 adv), 100) * -log pi(a|s)), adv from the V before its step, pi a Gaussian with mean
    tanh(MLP(s)) and a state-independent log-std parameter clamped to [-5, 2] (ikostrikov/implicit_q_learning
    and d3rlpy IQL; CORL clamps at -20), its log density written out (= Normal(mean, std).log_prob summed);
    the actor's lr follows CosineAnnealingLR(T_max 1M) stepped after each actor step, as CORL.
  * RIQL (Yang et al. 2024, arXiv 2310.12955) as YangRui2015/RIQL RIQL.py with its TrainConfig defaults:
    IQL's three steps with N = 5 critics vectorised as its VectorizedQ (batched N x in x out layers on the
    input repeated N times, EDAC's initialisation), V's target the 0.25-quantile over the N target Qs
    (torch.quantile, linear), Q targets clamped to [-100, 1000], Q loss RIQL's huber_loss (threshold
    1/sigma^2, sigma 1) averaged over critics and batch, and the deterministic actor RIQL.py builds
    (tanh(MLP(s)), loss mean(min(exp(3 adv), 100) * |pi(s) - a|^2)); cosine T_max 3M (its max_timesteps).
  * BCQ (Fujimoto et al. 2019, arXiv 1812.02900) as d3rlpy BCQImpl.inner_update with BCQConfig's defaults
    (lr 1e-3 for actor, critics and VAE; Phi 0.05, lam 0.75, 100 action samples, KL weight 0.5): a VAE step
    (encoder (s, a) -> mean and log std of z in R^(2 act), log std clamped to [-4, 15]; decoder (s, z) ->
    tanh; loss MSE(decoder(s, z ~ N(mean, std)), a) + 0.5 KL(N(mean, std) || N(0, 1)), KL written out); a
    critic step (twin critics, sum of MSEs, target r + 0.99 not_done max over 100 actions per next state of
    0.75 min + 0.25 max of the target critics, each action the target perturbation of a decoded
    z ~ N(0, 1) clipped to [-0.5, 0.5]); an actor step on -mean Q1(s, xi(s, decoder(s, z))) with
    xi(s, a) = clip(a + 0.05 tanh(MLP(s, a)), -1, 1); soft updates (0.005) of critic and actor targets.
    The decoder ends in tanh as Fujimoto's BCQ and d3rlpy up to v2.0 (since v2.1 d3rlpy's VAEDecoder
    returns its linear output when called with its default with_squash=True, an inverted flag).
  * Adam, PyTorch's betas and eps, one per network as in rrl; lr 3e-4 (BCQ 1e-3); each batch drawn with
    torch.randint from a 100k-row random in-memory dataset.

Like rrl, the actor step back-propagates through the critics only to their input (backward(inputs=actor
parameters)): sfujim's code also computes the critics' weight gradients there and throws them away, work
rrl does not do; skipping it keeps the comparison to the same arithmetic and can only favour PyTorch. For
the same reason BCQ's actor step decodes its action without a graph (d3rlpy's would back-propagate into the
decoder's weights too, gradients its VAE step then zeroes). IQL/RIQL's actor loss involves only the actor.
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


def adam(params, lr=LR):
    try:
        return torch.optim.Adam(params, lr=lr, fused=True)
    except (RuntimeError, TypeError):  # a torch without the fused CPU kernel
        return torch.optim.Adam(params, lr=lr)


def soft_update(nets, targets):
    src = [p for n in nets for p in n.parameters()]
    dst = [p for n in targets for p in n.parameters()]
    with torch.no_grad():
        if hasattr(torch, "_foreach_lerp_"):
            torch._foreach_lerp_(dst, src, TAU)  # dst += tau (src - dst), one kernel per list
        else:
            for p, tp in zip(src, dst):
                tp.mul_(1 - TAU).add_(p, alpha=TAU)


def numel(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


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
        losses = {"critic": critic_loss}
        if self.total_it % self.policy_freq == 0:
            pi = torch.tanh(self.actor(s))
            q = self.q1(torch.cat([s, pi], 1))
            lmbda = self.alpha / q.abs().mean().detach()
            actor_loss = -lmbda * q.mean() + F.mse_loss(pi, a)
            self.actor_opt.zero_grad(set_to_none=True)
            actor_loss.backward(inputs=self.actor_params)
            self.actor_opt.step()
            soft_update([self.q1, self.q2, self.actor], [self.q1_target, self.q2_target, self.actor_target])
            losses["actor"] = actor_loss
        return losses

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": numel(self.q1), "critics": 2}


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
        return {"critic": critic_loss, "actor": actor_loss, "alpha": alpha_loss}

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": numel(self.q1), "critics": 2}


def expectile_loss(u, tau):
    """IQL's asymmetric L2: |tau - 1(u < 0)| u^2, averaged."""
    return torch.mean(torch.abs(tau - (u < 0).float()) * u.pow(2))


class IQL:
    """CORL algorithms/offline/iql.py ImplicitQLearning.train: V step, Q step (+ target update), actor step."""
    EXPECTILE, BETA, EXP_ADV_MAX = 0.7, 3.0, 100.0
    LOG_STD_MIN, LOG_STD_MAX = -5.0, 2.0  # ikostrikov/implicit_q_learning and d3rlpy IQL (CORL: -20)
    MAX_STEPS = 1_000_000  # the actor's CosineAnnealingLR T_max (CORL max_timesteps)

    def __init__(self, obs, act, width, batch):
        self.batch = batch
        self.actor = mlp(obs, width, act)  # mean = tanh(actor(s))
        self.log_std = nn.Parameter(torch.zeros(act))  # state-independent
        self.actor_opt = adam(list(self.actor.parameters()) + [self.log_std])
        self.actor_schedule = torch.optim.lr_scheduler.CosineAnnealingLR(self.actor_opt, self.MAX_STEPS)
        self.q1, self.q2 = Critic(obs, act, width), Critic(obs, act, width)
        self.q1_target, self.q2_target = frozen_copy(self.q1), frozen_copy(self.q2)
        self.critic_opt = adam(list(self.q1.parameters()) + list(self.q2.parameters()))
        self.v = mlp(obs, width, 1)
        self.v_opt = adam(self.v.parameters())

    def train(self, data):
        s, a, s2, r, not_done = data.sample(self.batch)
        sa = torch.cat([s, a], 1)
        with torch.no_grad():
            next_v = self.v(s2)
            target_q = torch.min(self.q1_target(sa), self.q2_target(sa))
        adv = target_q - self.v(s)  # with V before its step: the actor's advantage too
        v_loss = expectile_loss(adv, self.EXPECTILE)
        self.v_opt.zero_grad(set_to_none=True)
        v_loss.backward()
        self.v_opt.step()

        y = r + not_done * GAMMA * next_v
        q_loss = (F.mse_loss(self.q1(sa), y) + F.mse_loss(self.q2(sa), y)) / 2
        self.critic_opt.zero_grad(set_to_none=True)
        q_loss.backward()
        self.critic_opt.step()
        soft_update([self.q1, self.q2], [self.q1_target, self.q2_target])

        exp_adv = torch.exp(self.BETA * adv.detach()).clamp(max=self.EXP_ADV_MAX)
        mean = torch.tanh(self.actor(s))
        log_std = self.log_std.clamp(self.LOG_STD_MIN, self.LOG_STD_MAX)
        # -log N(a; mean, exp(log_std)), summed over action dimensions (Normal(mean, std).log_prob written out)
        nll = (0.5 * ((a - mean) / log_std.exp()).pow(2) + log_std + 0.5 * math.log(2 * math.pi)).sum(1, keepdim=True)
        actor_loss = torch.mean(exp_adv * nll)
        self.actor_opt.zero_grad(set_to_none=True)
        actor_loss.backward()
        self.actor_opt.step()
        self.actor_schedule.step()
        return {"value": v_loss, "critic": q_loss, "actor": actor_loss}

    def counts(self):
        return {"actor_params": numel(self.actor), "log_std_params": self.log_std.numel(),
                "critic_params": numel(self.q1), "critics": 2, "value_params": numel(self.v)}


class EnsembleCritic(nn.Module):
    """RIQL's VectorizedQ: N critics as one stack of batched layers (weights N x in x out), the input repeated
    N times; EDAC's initialisation (biases 0.1, last layer U(-3e-3, 3e-3))."""

    def __init__(self, obs, act, width, n):
        super().__init__()
        self.n = n
        sizes = [obs + act, width, width, 1]
        self.w = nn.ParameterList()
        self.b = nn.ParameterList()
        for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
            w = torch.empty(n, fan_in, fan_out)
            for k in range(n):
                # as RIQL: on an in x out slice, torch's fan-in is `out`, so U(-1/sqrt(out), 1/sqrt(out))
                nn.init.kaiming_uniform_(w[k], a=math.sqrt(5))
            b = torch.full((n, 1, fan_out), 0.1)
            if i == len(sizes) - 2:
                nn.init.uniform_(w, -3e-3, 3e-3)
                nn.init.uniform_(b, -3e-3, 3e-3)
            self.w.append(nn.Parameter(w))
            self.b.append(nn.Parameter(b))

    def forward(self, s, a):
        x = torch.cat([s, a], 1).unsqueeze(0).repeat_interleave(self.n, dim=0)  # N x B x (obs + act)
        last = len(self.w) - 1
        for i, (w, b) in enumerate(zip(self.w, self.b)):
            x = x @ w + b
            if i < last:
                x = torch.relu(x)
        return x.squeeze(-1)  # N x B

    def member_params(self):
        return sum(p[0].numel() for p in self.parameters())


def huber_loss(diff, sigma):
    """RIQL.py huber_loss: the threshold is 1 / sigma^2."""
    beta = 1.0 / sigma ** 2
    d = diff.abs()
    return torch.where(d < beta, 0.5 * d.pow(2) / beta, d - 0.5 * beta)


class RIQL:
    """YangRui2015/RIQL RIQL.py ImplicitQLearning.train with its defaults: N = 5 critics, V against the 0.25
    quantile of the target Qs, Huber Q loss (sigma 1), Q targets clamped to [-100, 1000], the deterministic
    actor (tanh) trained by advantage-weighted squared error."""
    N, QUANTILE, SIGMA, Q_MIN, Q_MAX = 5, 0.25, 1.0, -100.0, 1000.0
    EXPECTILE, BETA, EXP_ADV_MAX = 0.7, 3.0, 100.0
    MAX_STEPS = 3_000_000  # RIQL's max_timesteps (3000 epochs x 1000 updates): the cosine's T_max

    def __init__(self, obs, act, width, batch):
        self.batch = batch
        self.actor = mlp(obs, width, act)
        self.actor_opt = adam(self.actor.parameters())
        self.actor_schedule = torch.optim.lr_scheduler.CosineAnnealingLR(self.actor_opt, self.MAX_STEPS)
        self.q = EnsembleCritic(obs, act, width, self.N)
        self.q_target = frozen_copy(self.q)
        self.critic_opt = adam(self.q.parameters())
        self.v = mlp(obs, width, 1)
        self.v_opt = adam(self.v.parameters())

    def train(self, data):
        s, a, s2, r, not_done = data.sample(self.batch)
        r, not_done = r.view(-1), not_done.view(-1)
        with torch.no_grad():
            next_v = self.v(s2).view(-1)
            target_q = torch.quantile(self.q_target(s, a), self.QUANTILE, dim=0)
        adv = target_q - self.v(s).view(-1)
        v_loss = expectile_loss(adv, self.EXPECTILE)
        self.v_opt.zero_grad(set_to_none=True)
        v_loss.backward()
        self.v_opt.step()

        y = (r + not_done * GAMMA * next_v).clamp(self.Q_MIN, self.Q_MAX).view(1, -1)
        q_loss = huber_loss(y - self.q(s, a), self.SIGMA).mean()  # over critics and batch
        self.critic_opt.zero_grad(set_to_none=True)
        q_loss.backward()
        self.critic_opt.step()
        soft_update([self.q], [self.q_target])

        bc = torch.sum((torch.tanh(self.actor(s)) - a).pow(2), dim=-1)
        exp_adv = torch.exp(self.BETA * adv.detach()).clamp(max=self.EXP_ADV_MAX)
        actor_loss = torch.mean(exp_adv * bc)
        self.actor_opt.zero_grad(set_to_none=True)
        actor_loss.backward()
        self.actor_opt.step()
        self.actor_schedule.step()
        return {"value": v_loss, "critic": q_loss, "actor": actor_loss}

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": self.q.member_params(), "critics": self.N,
                "value_params": numel(self.v)}


class BCQ:
    """d3rlpy BCQImpl.inner_update with BCQConfig's defaults: VAE step, critic step, actor step, soft updates
    of critic and actor targets."""
    LR, PHI, LAM, N_SAMPLES, KL_BETA = 1e-3, 0.05, 0.75, 100, 0.5
    LOG_STD_MIN, LOG_STD_MAX, Z_CLIP = -4.0, 15.0, 0.5

    def __init__(self, obs, act, width, batch):
        self.batch, self.latent = batch, 2 * act
        self.actor = mlp(obs + act, width, act)  # the perturbation xi(s, a)
        self.actor_target = frozen_copy(self.actor)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params, self.LR)
        self.q1, self.q2 = Critic(obs, act, width), Critic(obs, act, width)
        self.q1_target, self.q2_target = frozen_copy(self.q1), frozen_copy(self.q2)
        self.critic_opt = adam(list(self.q1.parameters()) + list(self.q2.parameters()), self.LR)
        # encoder (s, a) -> [mean | log std] of z: d3rlpy's two heads as one layer of 2 x latent outputs
        self.encoder = mlp(obs + act, width, 2 * self.latent)
        self.decoder = mlp(obs + self.latent, width, act)
        self.vae_opt = adam(list(self.encoder.parameters()) + list(self.decoder.parameters()), self.LR)

    def decode(self, s, z):
        return torch.tanh(self.decoder(torch.cat([s, z], 1)))

    def perturb(self, net, s, a):
        return (a + self.PHI * torch.tanh(net(torch.cat([s, a], 1)))).clamp(-1, 1)

    def latent_sample(self, rows):
        return torch.randn(rows, self.latent).clamp(-self.Z_CLIP, self.Z_CLIP)

    def train(self, data):
        s, a, s2, r, not_done = data.sample(self.batch)
        h = self.encoder(torch.cat([s, a], 1))
        mu = h[:, :self.latent]
        log_std = h[:, self.latent:].clamp(self.LOG_STD_MIN, self.LOG_STD_MAX)
        std = log_std.exp()
        z = mu + std * torch.randn_like(std)  # rsample
        # KL(N(mu, std) || N(0, 1)) per latent dimension, averaged (torch's kl_divergence of two Normals)
        kl = (0.5 * (std.pow(2) + mu.pow(2)) - 0.5 - log_std).mean()
        vae_loss = F.mse_loss(self.decode(s, z), a) + self.KL_BETA * kl
        self.vae_opt.zero_grad(set_to_none=True)
        vae_loss.backward()
        self.vae_opt.step()

        with torch.no_grad():
            s2n = s2.repeat_interleave(self.N_SAMPLES, dim=0)  # each next state N_SAMPLES times
            a2 = self.perturb(self.actor_target, s2n, self.decode(s2n, self.latent_sample(s2n.shape[0])))
            sa2 = torch.cat([s2n, a2], 1)
            q1t, q2t = self.q1_target(sa2).view(-1, self.N_SAMPLES), self.q2_target(sa2).view(-1, self.N_SAMPLES)
            mix = self.LAM * torch.min(q1t, q2t) + (1 - self.LAM) * torch.max(q1t, q2t)
            y = r + not_done * GAMMA * mix.max(dim=1, keepdim=True).values
        sa = torch.cat([s, a], 1)
        critic_loss = F.mse_loss(self.q1(sa), y) + F.mse_loss(self.q2(sa), y)
        self.critic_opt.zero_grad(set_to_none=True)
        critic_loss.backward()
        self.critic_opt.step()

        with torch.no_grad():
            sampled = self.decode(s, self.latent_sample(s.shape[0]))
        actor_loss = -self.q1(torch.cat([s, self.perturb(self.actor, s, sampled)], 1)).mean()
        self.actor_opt.zero_grad(set_to_none=True)
        actor_loss.backward(inputs=self.actor_params)
        self.actor_opt.step()
        soft_update([self.q1, self.q2, self.actor], [self.q1_target, self.q2_target, self.actor_target])
        return {"vae": vae_loss, "critic": critic_loss, "actor": actor_loss}

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": numel(self.q1), "critics": 2,
                "vae_params": numel(self.encoder, self.decoder)}


LEARNERS = {"td3bc": TD3BC, "sac": SAC, "iql": IQL, "riql": RIQL, "bcq": BCQ}


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
        last = {}

        def body():
            last["losses"] = agent.train(data)

        calls, elapsed = serve.timed(body, seconds)
        if ARGS.print_losses:
            serve.print_losses(name, calls, {k: v.item() for k, v in last["losses"].items()})
        return serve.rate_reply(calls, elapsed, **agent.counts())

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
