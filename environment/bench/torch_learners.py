"""rrl's learners in PyTorch: the one definition of their networks and updates that `rrl bench train` times
(torch_reference.py serves them) and that rrl's parity tests run on rrl's weights and batches
(lib/src/test/python/iql_reference.py, bcq_update_reference.py, ppo_reference.py, edac_reference.py and
pex_reference.py for IqlParityTest, BcqParityTest, PpoParityTest, EdacParityTest and PexParityTest; EDAC, PEX and
RPEX are not timed by the bench).
Importing it has no side effects (the server sizes the thread pools before importing it).

The same updates rrl does (rrl.algo.Td3 with Td3Config.td3bc(), rrl.algo.Sac with SacConfig.defaults(),
rrl.algo.Iql, Riql, Bcq and Ppo with their reference defaults; every MLP is in -> hidden... -> out, ReLU (PPO's
tanh), the bench's in -> W -> W -> out), in eager mode as the authors' code runs:

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
    min(Q1', Q2')(s, a) - V(s) against the target critics; a Q step (twin critics, the sum of the two MSEs to
    r + 0.99 not_done V(s'), as ikostrikov/implicit_q_learning and rrl's CriticEnsemble; CORL averages the
    two, a factor only Adam's eps sees) followed by the soft update (0.005) of the Q targets; an actor step on
    mean(min(exp(3 adv), 100) * -log pi(a|s)), adv from the V before its step, pi a Gaussian with mean
    tanh(MLP(s)) and a state-independent log-std parameter clamped to [-5, 2] (ikostrikov/implicit_q_learning
    and d3rlpy IQL; CORL clamps at -20), its log density written out (= Normal(mean, std).log_prob summed);
    the actor's lr follows CosineAnnealingLR(T_max 1M) stepped after each actor step, as CORL.
  * RIQL (Yang et al. 2024, arXiv 2310.12955) as YangRui2015/RIQL RIQL.py with its TrainConfig defaults:
    IQL's three steps with N = 5 critics vectorised as its VectorizedQ (batched N x in x out layers on the
    input repeated N times, EDAC's initialisation), V's target the 0.25-quantile over the N target Qs
    (torch.quantile, linear), Q targets clamped to [-100, 1000], Q loss the Huber loss of threshold
    delta = 1/sigma^2 (sigma 1), each critic's batch mean summed over critics as rrl's CriticEnsemble (RIQL.py's
    huber_loss is Huber / delta averaged over critics too: factors only Adam's eps sees), and the deterministic
    actor RIQL.py builds (tanh(MLP(s)), loss mean(min(exp(3 adv), 100) * |pi(s) - a|^2)); cosine T_max 3M
    (its max_timesteps).
  * BCQ (Fujimoto et al. 2019, arXiv 1812.02900) as d3rlpy BCQImpl.inner_update with BCQConfig's defaults
    (lr 1e-3 for actor, critics and VAE; Phi 0.05, lam 0.75, 100 action samples, KL weight 0.5): a VAE step
    (encoder (s, a) -> mean and log std of z in R^(2 act), log std clamped to [-4, 15]; decoder (s, z) ->
    tanh; loss MSE(decoder(s, z ~ N(mean, std)), a) + 0.5 KL(N(mean, std) || N(0, 1)), KL written out); a
    critic step (twin critics, sum of MSEs, target r + 0.99 not_done max over 100 actions per next state of
    0.75 min + 0.25 max of the target critics, each action the target perturbation of a decoded
    z ~ N(0, 1) clipped to [-0.5, 0.5]); an actor step on -mean Q1(s, xi(s, decoder(s, z))) with
    xi(s, a) = clip(a + 0.05 tanh(MLP(s, a)), -1, 1); soft updates (0.005) of critic and actor targets.
    The decoder ends in tanh as Fujimoto's BCQ and d3rlpy up to v2.0 (since v2.1 d3rlpy's VAEDecoder
    returns its linear output when called with its default with_squash=True, an inverted flag;
    BcqSettings.tanh_decoder=False is that). The update's noise (the VAE's eps, the clipped latents of the
    target and of the actor step) is drawn before it, in that order, so a test can hand its own in.
  * PPO (Schulman et al. 2017, arXiv 1707.06347) as vwxyzjn/cleanrl ppo_continuous_action.py's minibatch step
    with its defaults: a Gaussian policy with mean actor(s) (tanh hidden layers, linear output) and a
    state-independent log-std parameter, a tanh critic V(s); on m rows (obs, action, old log density, old
    value, advantage, return): ratio = exp(log pi(a|s) - old), advantages normalised per minibatch (mean,
    torch's unbiased std + 1e-8), pg = mean max(-adv ratio, -adv clamp(ratio, 0.8, 1.2)), the clipped value
    loss 0.5 mean max((V - ret)^2, (old + clamp(V - old, -0.2, 0.2) - ret)^2), loss = pg - 0.0 entropy +
    0.5 v_loss, all gradients clipped jointly to norm 0.5 (clip_grad_norm_), one Adam (eps 1e-5) over actor,
    log std and critic. update() is an update phase (epochs of minibatch slices of given permutations); the
    bench times one minibatch step on `batch` rows drawn with torch.randint from a fixed 2048-row rollout
    (bench observations, actions drawn from the initial policy with their log densities and values, N(0, 1)
    advantages).
  * EDAC (An et al. 2021, arXiv 2110.01548) as corl-team/CORL algorithms/offline/edac.py EDAC.update (and
    YangRui2015/RIQL EDAC.py, the same code): temperature step, actor step (SAC-N: min over N critics, log std
    clipped to [-5, 2]), critic step with eta times the ensemble-diversity penalty (autograd's double backward
    through each critic's normalised action gradient), soft target update; RIQL's EnsembleCritic for the critics.
  * PEX (Zhang, Xu and Yu 2023, arXiv 2302.00935) and RPEX (He et al. 2025, arXiv 2509.24748) as
    Haichao-Zhang/PEX pex/algorithms/pex.py and felix-thu/RPEX pex/algorithms/rpex.py: IQL's (RIQL's) V and critic
    steps, then the policy set [frozen offline Gaussian, online Gaussian] picks per state between the offline mode
    and an online sample by softmax(alpha Q) over the critics' minimum (quantile), RPEX adding kappa times the
    clipped advantage over the candidate's density to the logits, and the online actor regresses onto the picked
    actions with IQL's weights from the target critics and the updated V.
  * Adam, PyTorch's betas and eps, one per network as in rrl (PPO: one over all, eps 1e-5, as CleanRL); lr
    3e-4 (BCQ 1e-3); each batch drawn with torch.randint from a 100k-row random in-memory dataset.

IqlSettings, RiqlSettings and BcqSettings hold the hyper-parameters (defaults: the above); the parity tests set
them from rrl's configs. Like rrl, the actor step back-propagates through the critics only to their input
(backward(inputs=actor parameters)): sfujim's code also computes the critics' weight gradients there and throws
them away, work rrl does not do; skipping it keeps the comparison to the same arithmetic and can only favour
PyTorch. For the same reason BCQ's actor step decodes its action without a graph (d3rlpy's would
back-propagate into the decoder's weights too, gradients its VAE step then zeroes). IQL/RIQL's actor loss
involves only the actor. After an update every network's .grad holds its own step's gradient (each step zeroes
only its own). Adam runs its fused CPU kernel and target updates use torch._foreach_lerp_ where this torch has
them (the fastest of its implementations; the defaults loop over tensors in Python).
"""
import copy
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from serve import DATASET_ROWS

LR, GAMMA, TAU = 3e-4, 0.99, 0.005


def mlp(inp, hidden, out, activation=nn.ReLU):
    """in -> hidden[0] -> ... -> out, ReLU (or `activation`) between, no output activation (PyTorch's default
    initialisation)."""
    sizes = [inp, *hidden, out]
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def adam(params, lr=LR, eps=1e-8):
    try:
        return torch.optim.Adam(params, lr=lr, eps=eps, fused=True)
    except (RuntimeError, TypeError):  # a torch without the fused CPU kernel
        return torch.optim.Adam(params, lr=lr, eps=eps)


def descend(opt, loss, inputs=None):
    """One optimiser step on loss; inputs: the only tensors to take gradients of (None: every leaf)."""
    opt.zero_grad(set_to_none=True)
    loss.backward(inputs=inputs)
    opt.step()


def soft_update(nets, targets, tau=TAU):
    src = [p for n in nets for p in n.parameters()]
    dst = [p for n in targets for p in n.parameters()]
    with torch.no_grad():
        if hasattr(torch, "_foreach_lerp_"):
            torch._foreach_lerp_(dst, src, tau)  # dst += tau (src - dst), one kernel per list
        else:
            for p, tp in zip(src, dst):
                tp.mul_(1 - tau).add_(p, alpha=tau)


def numel(*modules):
    return sum(p.numel() for m in modules for p in m.parameters())


def frozen_copy(net):
    t = copy.deepcopy(net)
    for p in t.parameters():
        p.requires_grad_(False)
    return t


class Data:
    """Random transitions; sample() as TD3_BC's ReplayBuffer.sample (torch.randint, then index)."""

    def __init__(self, obs, act, n=DATASET_ROWS):
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

    def __init__(self, obs, act, hidden):
        super().__init__()
        self.q = mlp(obs + act, hidden, 1)

    def forward(self, sa):
        return self.q(sa)


class TD3BC:
    policy_noise, noise_clip, policy_freq, alpha = 0.2, 0.5, 2, 2.5

    def __init__(self, obs, act, hidden, batch):
        self.batch = batch
        self.actor = mlp(obs, hidden, act)
        self.actor_target = frozen_copy(self.actor)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params)
        self.q1, self.q2 = Critic(obs, act, hidden), Critic(obs, act, hidden)
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
        descend(self.critic_opt, critic_loss)
        losses = {"critic": critic_loss}
        if self.total_it % self.policy_freq == 0:
            pi = torch.tanh(self.actor(s))
            q = self.q1(torch.cat([s, pi], 1))
            lmbda = self.alpha / q.abs().mean().detach()
            actor_loss = -lmbda * q.mean() + F.mse_loss(pi, a)
            descend(self.actor_opt, actor_loss, self.actor_params)
            soft_update([self.q1, self.q2, self.actor], [self.q1_target, self.q2_target, self.actor_target])
            losses["actor"] = actor_loss
        return losses

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": numel(self.q1), "critics": 2}


class SAC:
    LOG_STD_MIN, LOG_STD_MAX, TANH_EPS = -20.0, 2.0, 1e-6

    def __init__(self, obs, act, hidden, batch):
        self.batch, self.act = batch, act
        self.actor = mlp(obs, hidden, 2 * act)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params)
        self.q1, self.q2 = Critic(obs, act, hidden), Critic(obs, act, hidden)
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
        descend(self.critic_opt, critic_loss)

        pi, logp = self.sample(s)
        spi = torch.cat([s, pi], 1)
        actor_loss = (alpha * logp - torch.min(self.q1(spi), self.q2(spi))).mean()
        descend(self.actor_opt, actor_loss, self.actor_params)

        alpha_loss = -(self.log_alpha * (logp.detach() + self.target_entropy)).mean()
        descend(self.alpha_opt, alpha_loss)
        soft_update([self.q1, self.q2], [self.q1_target, self.q2_target])
        return {"critic": critic_loss, "actor": actor_loss, "alpha": alpha_loss}

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": numel(self.q1), "critics": 2}


def expectile_loss(u, tau):
    """IQL's asymmetric L2: |tau - 1(u < 0)| u^2, averaged."""
    return torch.mean(torch.abs(tau - (u < 0).float()) * u.pow(2))


@dataclass(frozen=True)
class IqlSettings:
    """IQL's hyper-parameters: CORL iql.py's, the log std's clamp of ikostrikov/implicit_q_learning and d3rlpy;
    cosine_steps is the actor's CosineAnnealingLR T_max (CORL max_timesteps)."""
    actor_lr: float = LR
    critic_lr: float = LR
    value_lr: float = LR
    gamma: float = GAMMA
    tau: float = TAU
    expectile: float = 0.7
    beta: float = 3.0
    max_weight: float = 100.0
    log_std_min: float = -5.0
    log_std_max: float = 2.0
    cosine_steps: int = 1_000_000


@dataclass(frozen=True)
class RiqlSettings(IqlSettings):
    """RIQL.py TrainConfig's: N critics, V's quantile, the Huber threshold delta = 1/sigma^2 (sigma 1), the Q
    targets' clamp, cosine over its max_timesteps (3000 epochs x 1000 updates). The actor is deterministic:
    the log-std clamp is unused."""
    critics: int = 5
    quantile: float = 0.25
    delta: float = 1.0
    target_min: float = -100.0
    target_max: float = 1000.0
    cosine_steps: int = 3_000_000


class ImplicitQ:
    """What IQL and RIQL share, in CORL iql.py ImplicitQLearning.train's order: V(s') and the advantage
    target Q(s, a) - V(s) with V before its step, a V step on the expectile loss, the critics' step (and their
    target update), the actor step on the advantage-weighted behaviour loss, then its cosine schedule. The
    learners give the actor's parameters, the target Q, the critics' step and the behaviour loss (per row, B x 1)."""

    def __init__(self, obs, hidden, batch, hp, actor_params):
        self.batch, self.hp = batch, hp
        self.actor_opt = adam(actor_params, hp.actor_lr)
        self.actor_schedule = torch.optim.lr_scheduler.CosineAnnealingLR(self.actor_opt, hp.cosine_steps)
        self.v = mlp(obs, hidden, 1)
        self.v_opt = adam(self.v.parameters(), hp.value_lr)

    def train(self, data):
        return self.update(*data.sample(self.batch))

    def value_and_critic_step(self, s, a, s2, r, not_done):
        """V's expectile step and the critics' step with their target update, both from V before its step (so the
        two commute); their losses and the advantage Q_target(s, a) - V(s) with V before its step."""
        hp = self.hp
        sa = torch.cat([s, a], 1)
        with torch.no_grad():
            next_v = self.v(s2)
            target_q = self.target_q(sa)
        adv = target_q - self.v(s)  # with V before its step: the actor's advantage too
        v_loss = expectile_loss(adv, hp.expectile)
        descend(self.v_opt, v_loss)
        q_loss = self.critic_step(sa, r + not_done * hp.gamma * next_v)
        return v_loss, q_loss, adv.detach()

    def update(self, s, a, s2, r, not_done):
        """One update on a batch (rewards and not-done flags as B x 1 columns); the three losses."""
        hp = self.hp
        v_loss, q_loss, adv = self.value_and_critic_step(s, a, s2, r, not_done)
        exp_adv = torch.exp(hp.beta * adv).clamp(max=hp.max_weight)
        actor_loss = torch.mean(exp_adv * self.behaviour_loss(s, a))
        descend(self.actor_opt, actor_loss)
        self.actor_schedule.step()
        return {"value": v_loss, "critic": q_loss, "actor": actor_loss}


class IQL(ImplicitQ):
    """IQL: twin critics, V against the minimum of their targets, MSE critics, the Gaussian actor."""

    def __init__(self, obs, act, hidden, batch, hp=IqlSettings()):
        self.actor = mlp(obs, hidden, act)  # mean = tanh(actor(s))
        self.log_std = nn.Parameter(torch.zeros(act))  # state-independent
        self.q1, self.q2 = Critic(obs, act, hidden), Critic(obs, act, hidden)
        self.q1_target, self.q2_target = frozen_copy(self.q1), frozen_copy(self.q2)
        self.critic_opt = adam(list(self.q1.parameters()) + list(self.q2.parameters()), hp.critic_lr)
        super().__init__(obs, hidden, batch, hp, list(self.actor.parameters()) + [self.log_std])

    def target_q(self, sa):
        return torch.min(self.q1_target(sa), self.q2_target(sa))

    def q_value(self, sa):
        """The critics' (not the targets') minimum, B x 1."""
        return torch.min(self.q1(sa), self.q2(sa))

    def critic_step(self, sa, y):
        q_loss = F.mse_loss(self.q1(sa), y) + F.mse_loss(self.q2(sa), y)
        descend(self.critic_opt, q_loss)
        soft_update([self.q1, self.q2], [self.q1_target, self.q2_target], self.hp.tau)
        return q_loss

    def behaviour_loss(self, s, a):
        """-log N(a; tanh(actor(s)), exp(log_std)) summed over action dimensions (Normal.log_prob written out)."""
        hp = self.hp
        mean = torch.tanh(self.actor(s))
        log_std = self.log_std.clamp(hp.log_std_min, hp.log_std_max)
        return (0.5 * ((a - mean) / log_std.exp()).pow(2) + log_std + 0.5 * math.log(2 * math.pi)).sum(1, keepdim=True)

    def counts(self):
        return {"actor_params": numel(self.actor), "log_std_params": self.log_std.numel(),
                "critic_params": numel(self.q1), "critics": 2, "value_params": numel(self.v)}


class EnsembleCritic(nn.Module):
    """RIQL's VectorizedQ: N critics as one stack of batched layers (weights N x in x out, biases N x 1 x out),
    the input repeated N times; EDAC's initialisation (biases 0.1, last layer U(-3e-3, 3e-3))."""

    def __init__(self, obs, act, hidden, n):
        super().__init__()
        self.n = n
        sizes = [obs + act, *hidden, 1]
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

    def forward(self, sa):
        return self.forward_each(sa.unsqueeze(0).repeat_interleave(self.n, dim=0))  # N x B x (obs + act)

    def forward_each(self, x):
        """x: N x B x in, one batch per critic (EDAC differentiates each critic by its own copy of the actions)."""
        last = len(self.w) - 1
        for i, (w, b) in enumerate(zip(self.w, self.b)):
            x = x @ w + b
            if i < last:
                x = torch.relu(x)
        return x.squeeze(-1)  # N x B

    def member_params(self):
        return sum(p[0].numel() for p in self.parameters())


class RIQL(ImplicitQ):
    """YangRui2015/RIQL RIQL.py ImplicitQLearning.train with its defaults: N = 5 critics, V against the 0.25
    quantile of the target Qs, Huber Q loss (delta 1), Q targets clamped to [-100, 1000], the deterministic
    actor (tanh) trained by advantage-weighted squared error."""

    def __init__(self, obs, act, hidden, batch, hp=RiqlSettings()):
        self.actor = mlp(obs, hidden, act)
        self.q = EnsembleCritic(obs, act, hidden, hp.critics)
        self.q_target = frozen_copy(self.q)
        self.critic_opt = adam(self.q.parameters(), hp.critic_lr)
        super().__init__(obs, hidden, batch, hp, self.actor.parameters())

    def target_q(self, sa):
        return torch.quantile(self.q_target(sa), self.hp.quantile, dim=0).unsqueeze(1)

    def q_value(self, sa):
        """The critics' (not the targets') quantile, B x 1."""
        return torch.quantile(self.q(sa), self.hp.quantile, dim=0).unsqueeze(1)

    def critic_step(self, sa, y):
        hp = self.hp
        q = self.q(sa)  # N x B
        y = y.clamp(hp.target_min, hp.target_max).view(1, -1).expand_as(q)
        q_loss = F.huber_loss(q, y, reduction="none", delta=hp.delta).mean(1).sum()  # batch means summed
        descend(self.critic_opt, q_loss)
        soft_update([self.q], [self.q_target], hp.tau)
        return q_loss

    def behaviour_loss(self, s, a):
        return torch.sum((torch.tanh(self.actor(s)) - a).pow(2), dim=1, keepdim=True)

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": self.q.member_params(), "critics": self.hp.critics,
                "value_params": numel(self.v)}


@dataclass(frozen=True)
class EdacSettings:
    """CORL algorithms/offline/edac.py TrainConfig's (YangRui2015/RIQL EDAC.py has the same values)."""
    actor_lr: float = 3e-4
    critic_lr: float = 3e-4
    alpha_lr: float = 3e-4
    gamma: float = 0.99
    tau: float = 5e-3
    critics: int = 10
    eta: float = 1.0
    log_std_min: float = -5.0
    log_std_max: float = 2.0


class EDAC:
    """CORL edac.py EDAC.update (An et al. 2021, arXiv 2110.01548): a temperature step (log alpha from 0, target
    entropy -act), an actor step with the new alpha on mean(alpha log pi - min over N critics), a critic step on the
    sum over critics of the batch-mean squared error to r + gamma not_done (min_i Q'_i(s', a') - alpha log pi(a'|s'))
    plus eta times the diversity penalty (autograd's double backward through each critic's action gradient,
    normalised with + 1e-10, the off-diagonal Gram sum averaged over the batch and divided by N - 1), then the soft
    target update. The actor's mu and log-sigma heads are one layer (the same function), the log std clipped to
    [-5, 2]. The three samples' noise can be given (parity); not timed by the bench. Parity only: EdacParityTest
    through lib/src/test/python/edac_reference.py."""
    TANH_EPS = 1e-6

    def __init__(self, obs, act, hidden, batch, hp=EdacSettings()):
        self.batch, self.act, self.hp = batch, act, hp
        self.actor = mlp(obs, hidden, 2 * act)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params, hp.actor_lr)
        self.q = EnsembleCritic(obs, act, hidden, hp.critics)
        self.q_target = frozen_copy(self.q)
        self.critic_opt = adam(self.q.parameters(), hp.critic_lr)
        self.log_alpha = torch.zeros(1, requires_grad=True)
        self.alpha_opt = adam([self.log_alpha], hp.alpha_lr)
        self.target_entropy = -float(act)

    def sample(self, s, eps):
        y = self.actor(s)
        mu = y[:, :self.act]
        std = y[:, self.act:].clip(self.hp.log_std_min, self.hp.log_std_max).exp()
        u = mu + std * eps
        a = torch.tanh(u)
        dist = torch.distributions.Normal(mu, std)
        return a, dist.log_prob(u).sum(-1) - torch.log(1 - a.pow(2) + self.TANH_EPS).sum(-1)

    def diversity(self, s, a):
        n = self.hp.critics
        s = s.unsqueeze(0).repeat_interleave(n, dim=0)
        a = a.unsqueeze(0).repeat_interleave(n, dim=0).requires_grad_(True)
        q = self.q.forward_each(torch.cat([s, a], -1))
        g = torch.autograd.grad(q.sum(), a, retain_graph=True, create_graph=True)[0]
        g = g / (torch.norm(g, p=2, dim=2).unsqueeze(-1) + 1e-10)
        g = g.transpose(0, 1)  # B x N x act
        gram = (1 - torch.eye(n).unsqueeze(0)) * (g @ g.permute(0, 2, 1))
        return gram.sum(dim=(1, 2)).mean() / (n - 1)

    def train(self, data):
        return self.update(*data.sample(self.batch))

    def update(self, s, a, s2, r, not_done, eps_alpha=None, eps_actor=None, eps_target=None):
        hp = self.hp

        def noise(e):
            return torch.randn(s.shape[0], self.act) if e is None else e

        with torch.no_grad():
            _, logp = self.sample(s, noise(eps_alpha))
        alpha_loss = (-self.log_alpha * (logp + self.target_entropy)).mean()
        descend(self.alpha_opt, alpha_loss)
        alpha = self.log_alpha.exp().detach()

        pi, logp = self.sample(s, noise(eps_actor))
        actor_loss = (alpha * logp - self.q(torch.cat([s, pi], 1)).min(0).values).mean()
        descend(self.actor_opt, actor_loss, self.actor_params)

        with torch.no_grad():
            a2, logp2 = self.sample(s2, noise(eps_target))
            q_next = self.q_target(torch.cat([s2, a2], 1)).min(0).values - alpha * logp2
            y = r + hp.gamma * not_done * q_next.unsqueeze(-1)
        td = ((self.q(torch.cat([s, a], 1)) - y.view(1, -1)) ** 2).mean(dim=1).sum(dim=0)
        div = self.diversity(s, a)
        critic_loss = td + hp.eta * div
        descend(self.critic_opt, critic_loss)
        soft_update([self.q], [self.q_target], hp.tau)
        return {"alpha": alpha_loss, "actor": actor_loss, "critic": critic_loss, "diversity": div}


@dataclass(frozen=True)
class BcqSettings:
    """d3rlpy BCQConfig's: rates, Phi (action flexibility), lam, action samples, KL weight; the VAE's hidden
    widths (None: the actor's and critics'); tanh_decoder False is d3rlpy 2.x's linear decoder output."""
    actor_lr: float = 1e-3
    critic_lr: float = 1e-3
    vae_lr: float = 1e-3
    gamma: float = GAMMA
    tau: float = TAU
    phi: float = 0.05
    lam: float = 0.75
    samples: int = 100
    kl_weight: float = 0.5
    tanh_decoder: bool = True
    vae_hidden: tuple = None


class BCQ:
    """d3rlpy BCQImpl.inner_update with BCQConfig's defaults: VAE step, critic step, actor step, soft updates
    of critic and actor targets."""
    LOG_STD_MIN, LOG_STD_MAX, Z_CLIP = -4.0, 15.0, 0.5

    def __init__(self, obs, act, hidden, batch, hp=BcqSettings()):
        self.batch, self.hp, self.latent = batch, hp, 2 * act
        self.actor = mlp(obs + act, hidden, act)  # the perturbation xi(s, a)
        self.actor_target = frozen_copy(self.actor)
        self.actor_params = list(self.actor.parameters())
        self.actor_opt = adam(self.actor_params, hp.actor_lr)
        self.q1, self.q2 = Critic(obs, act, hidden), Critic(obs, act, hidden)
        self.q1_target, self.q2_target = frozen_copy(self.q1), frozen_copy(self.q2)
        self.critic_opt = adam(list(self.q1.parameters()) + list(self.q2.parameters()), hp.critic_lr)
        # encoder (s, a) -> [mean | log std] of z: d3rlpy's two heads as one layer of 2 x latent outputs
        vae_hidden = hidden if hp.vae_hidden is None else hp.vae_hidden
        self.encoder = mlp(obs + act, vae_hidden, 2 * self.latent)
        self.decoder = mlp(obs + self.latent, vae_hidden, act)
        self.vae_opt = adam(list(self.encoder.parameters()) + list(self.decoder.parameters()), hp.vae_lr)
        self.targets = None  # the last update's regression targets (B x 1)

    def decode(self, s, z):
        out = self.decoder(torch.cat([s, z], 1))
        return torch.tanh(out) if self.hp.tanh_decoder else out

    def perturb(self, net, s, a):
        return (a + self.hp.phi * torch.tanh(net(torch.cat([s, a], 1)))).clamp(-1, 1)

    def latent_sample(self, rows):
        return torch.randn(rows, self.latent).clamp(-self.Z_CLIP, self.Z_CLIP)

    def train(self, data):
        s, a, s2, r, not_done = data.sample(self.batch)
        eps = torch.randn(s.shape[0], self.latent)
        return self.update(s, a, s2, r, not_done, eps, self.latent_sample(s.shape[0] * self.hp.samples),
                           self.latent_sample(s.shape[0]))

    def update(self, s, a, s2, r, not_done, eps, target_z, actor_z):
        """One update on a batch (B x 1 rewards and not-done flags) and its noise: the VAE's eps (B x latent),
        the target's and the actor step's clipped latents ((B samples) x latent, each next state's samples
        together; B x latent); the three losses."""
        hp = self.hp
        h = self.encoder(torch.cat([s, a], 1))
        mu = h[:, :self.latent]
        log_std = h[:, self.latent:].clamp(self.LOG_STD_MIN, self.LOG_STD_MAX)
        std = log_std.exp()
        z = mu + std * eps  # rsample
        # KL(N(mu, std) || N(0, 1)) per latent dimension, averaged (torch's kl_divergence of two Normals)
        kl = (0.5 * (std.pow(2) + mu.pow(2)) - 0.5 - log_std).mean()
        vae_loss = F.mse_loss(self.decode(s, z), a) + hp.kl_weight * kl
        descend(self.vae_opt, vae_loss)

        with torch.no_grad():
            s2n = s2.repeat_interleave(hp.samples, dim=0)  # each next state hp.samples times
            a2 = self.perturb(self.actor_target, s2n, self.decode(s2n, target_z))
            sa2 = torch.cat([s2n, a2], 1)
            q1t, q2t = self.q1_target(sa2).view(-1, hp.samples), self.q2_target(sa2).view(-1, hp.samples)
            mix = hp.lam * torch.min(q1t, q2t) + (1 - hp.lam) * torch.max(q1t, q2t)
            y = r + not_done * hp.gamma * mix.max(dim=1, keepdim=True).values
        self.targets = y
        sa = torch.cat([s, a], 1)
        critic_loss = F.mse_loss(self.q1(sa), y) + F.mse_loss(self.q2(sa), y)
        descend(self.critic_opt, critic_loss)

        with torch.no_grad():
            sampled = self.decode(s, actor_z)
        actor_loss = -self.q1(torch.cat([s, self.perturb(self.actor, s, sampled)], 1)).mean()
        descend(self.actor_opt, actor_loss, self.actor_params)
        soft_update([self.q1, self.q2, self.actor], [self.q1_target, self.q2_target, self.actor_target], hp.tau)
        return {"vae": vae_loss, "critic": critic_loss, "actor": actor_loss}

    def counts(self):
        return {"actor_params": numel(self.actor), "critic_params": numel(self.q1), "critics": 2,
                "vae_params": numel(self.encoder, self.decoder)}


@dataclass(frozen=True)
class PpoSettings:
    """CleanRL ppo_continuous_action.py's Args: the clip coefficient (ratio and value; clip_vloss), the entropy and value
    coefficients, the global gradient-norm clip, Adam's eps; rollout, minibatch and epochs of an update phase."""
    lr: float = LR
    clip: float = 0.2
    clip_value_loss: bool = True
    ent_coef: float = 0.0
    vf_coef: float = 0.5
    max_grad_norm: float = 0.5
    adam_eps: float = 1e-5
    rollout: int = 2048
    minibatch: int = 64
    epochs: int = 10


@dataclass
class Rollout:
    """A rollout's rows as PPO's update reads them: observations (n x obs), actions (n x act), and per row the
    log density of the action under the policy that acted, the critic's value, the advantage and the return."""
    obs: torch.Tensor
    act: torch.Tensor
    logp: torch.Tensor
    value: torch.Tensor
    adv: torch.Tensor
    ret: torch.Tensor

    def rows(self, i):
        return self.obs[i], self.act[i], self.logp[i], self.value[i], self.adv[i], self.ret[i]


class PPO:
    """CleanRL ppo_continuous_action.py's update with its defaults: a Gaussian policy (mean = actor(s), an MLP with
    tanh hidden layers and a linear output; a state-independent log-std parameter), a tanh critic V(s), one Adam
    (eps 1e-5) over all three; per minibatch the clipped surrogate on per-minibatch normalised advantages, the
    clipped value loss, the entropy bonus, the gradients clipped jointly to norm 0.5, one Adam step."""

    def __init__(self, obs, act, hidden, batch, hp=PpoSettings()):
        self.batch, self.hp = batch, hp
        self.actor = mlp(obs, hidden, act, nn.Tanh)
        self.log_std = nn.Parameter(torch.zeros(act))
        self.critic = mlp(obs, hidden, 1, nn.Tanh)
        self.params = list(self.actor.parameters()) + [self.log_std] + list(self.critic.parameters())
        self.opt = adam(self.params, hp.lr, hp.adam_eps)
        self.rollout = None  # the bench's synthetic rollout, built on the first train()

    def log_prob(self, mu, a):
        """log N(a; mu, exp(log_std)) summed over action dimensions (Normal.log_prob written out) and the
        entropy of that Gaussian (the same for every row)."""
        log_std = self.log_std
        logp = (-(a - mu).pow(2) / (2 * torch.exp(2 * log_std)) - log_std - 0.5 * math.log(2 * math.pi)).sum(1)
        entropy = (0.5 + 0.5 * math.log(2 * math.pi) + log_std).sum()
        return logp, entropy

    def minibatch_step(self, obs, act, old_logp, old_value, adv, ret, lr=None):
        """One gradient step on m rows (old_logp, old_value, adv, ret: vectors of m); the step's metrics."""
        hp = self.hp
        if lr is not None:
            for g in self.opt.param_groups:
                g["lr"] = lr
        logp, entropy = self.log_prob(self.actor(obs), act)
        log_ratio = logp - old_logp
        ratio = log_ratio.exp()
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
        pg_loss = torch.max(-adv * ratio, -adv * ratio.clamp(1 - hp.clip, 1 + hp.clip)).mean()
        v = self.critic(obs).view(-1)
        if hp.clip_value_loss:
            v_clipped = old_value + (v - old_value).clamp(-hp.clip, hp.clip)
            v_loss = 0.5 * torch.max((v - ret).pow(2), (v_clipped - ret).pow(2)).mean()
        else:
            v_loss = 0.5 * (v - ret).pow(2).mean()
        loss = pg_loss - hp.ent_coef * entropy + hp.vf_coef * v_loss  # entropy is each row's: its own mean
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(self.params, hp.max_grad_norm)
        self.opt.step()
        with torch.no_grad():
            approx_kl = ((ratio - 1) - log_ratio).mean()
            clip_fraction = ((ratio - 1).abs() > hp.clip).float().mean()
        return {"policy_loss": pg_loss.detach(), "value_loss": v_loss.detach(), "entropy": entropy.detach(),
                "approx_kl": approx_kl, "clip_fraction": clip_fraction}

    def update(self, rollout, order, lr):
        """An update phase: for each epoch's permutation of the rollout's rows (order: one index tensor per
        epoch), one minibatch step per consecutive slice of hp.minibatch indices; every step's metrics."""
        out = []
        for perm in order:
            for start in range(0, len(perm), self.hp.minibatch):
                out.append(self.minibatch_step(*rollout.rows(perm[start:start + self.hp.minibatch]), lr))
        return out

    def synthetic_rollout(self, data):
        """The bench's rollout: max(rollout, batch) observations of the bench's dataset, actions drawn from the
        initial policy with their log densities and values, advantages N(0, 1), returns = value + advantage."""
        n = max(self.hp.rollout, self.batch)
        obs = data.s[:n].clone()
        with torch.no_grad():
            mu = self.actor(obs)
            act = mu + self.log_std.exp() * torch.randn_like(mu)
            logp, _ = self.log_prob(mu, act)
            value = self.critic(obs).view(-1)
        adv = torch.randn(n)
        return Rollout(obs, act, logp, value, adv, value + adv)

    def train(self, data):
        """What the bench times: one minibatch step on `batch` rows of the rollout drawn with torch.randint."""
        if self.rollout is None:
            self.rollout = self.synthetic_rollout(data)
        i = torch.randint(0, self.rollout.obs.shape[0], (self.batch,))
        return self.minibatch_step(*self.rollout.rows(i))

    def counts(self):
        return {"actor_params": numel(self.actor), "log_std_params": self.log_std.numel(),
                "critic_params": numel(self.critic)}


@dataclass(frozen=True)
class PexSettings:
    """The policy set's selection: PEX's inverse temperature alpha (Haichao-Zhang/PEX main_online.py
    --inv_temperature 10) and, for RPEX, the weight kappa of the inverse-probability-weighted term (felix-thu/RPEX
    attack_online.py: alpha 3, kappa 0.1), the term's clip and the density's offset (pex/algorithms/rpex.py)."""
    inv_temperature: float = 10.0
    kappa: float = 0.0
    ipw_min: float = -10_000.0
    ipw_max: float = 100.0
    density_eps: float = 1e-6


class PolicyExpansion:
    """PEX (Zhang, Xu and Yu 2023, arXiv 2302.00935) and RPEX (He et al. 2025, arXiv 2509.24748) on an IQL (PEX) or
    RIQL (RPEX) learner `core` whose V, critics and targets they keep training: the policy set [pi_offline (frozen),
    pi_online], both Gaussians N(tanh(MLP(s)), exp(log_std)^2) with a state-independent log std clamped to the core's
    [-5, 2], unsquashed (pex/networks/policy.py GaussianPolicy, scale_distribution=False; a deterministic offline
    policy has no log std). Selection on a state: a1 = pi_offline's mode, a2 ~ pi_online; Q_k = the core's reduction
    of its critics at (s, a_k) (IQL's minimum, RIQL's quantile); logits alpha Q_k, plus for RPEX kappa IPW_k with
    IPW_k = clip((Q_k - V(s)) / (pi_k(a_k|s) + 1e-6), -10000, 100) (IPW_1 = IPW_2 for a deterministic offline
    policy); w ~ Categorical(softmax(logits)), the action (1 - w) a1 + w a2. One update: the core's V and critic steps
    (IQL.update before policy_update), then the selection on the batch's states with the updated critics and V, and
    the online actor's step on mean(min(exp(beta (Q_target(s, a) - V(s))), 100) * -log pi_online(a|s)) at the
    selected actions a, Q_target the core's target reduction, at a constant rate (use_lr_scheduler=False). The
    draws can be given (parity): a2's standard-normal noise and one uniform per row, w = 1 where it is below the
    online candidate's probability. Parity only: PexParityTest through lib/src/test/python/pex_reference.py."""

    def __init__(self, core, obs, act, hidden, hp=PexSettings(), offline_gaussian=True):
        self.core, self.hp = core, hp
        self.offline = frozen_copy(mlp(obs, hidden, act))
        self.offline_log_std = torch.zeros(act) if offline_gaussian else None
        self.actor = mlp(obs, hidden, act)
        self.log_std = nn.Parameter(torch.zeros(act))
        self.actor_opt = adam(list(self.actor.parameters()) + [self.log_std], core.hp.actor_lr)

    def policy(self, net, log_std, s):
        """The Gaussian N(tanh(net(s)), exp(clamped log_std)^2) over actions (independent dimensions)."""
        hp = self.core.hp
        std = log_std.clamp(hp.log_std_min, hp.log_std_max).exp().expand(s.shape[0], -1)
        return torch.distributions.Independent(torch.distributions.Normal(torch.tanh(net(s)), std), 1)

    def select(self, s, eps, u):
        """The policy set's actions on states s (B x obs) for a2's noise eps (B x act) and uniforms u (B); also the
        online candidate's probability and the choice w (B) and the number of IPW terms clipped."""
        hp, core = self.hp, self.core
        with torch.no_grad():
            online = self.policy(self.actor, self.log_std, s)
            a2 = online.mean + online.stddev * eps  # online.rsample() with this noise
            if self.offline_log_std is None:
                offline, a1 = None, torch.tanh(self.offline(s))
            else:
                offline = self.policy(self.offline, self.offline_log_std, s)
                a1 = offline.mean  # the mode
            q = torch.cat([core.q_value(torch.cat([s, a1], 1)), core.q_value(torch.cat([s, a2], 1))], 1)  # B x 2
            logits = hp.inv_temperature * q
            clipped = 0
            if hp.kappa > 0:
                adv = q - core.v(s)
                ipw2 = adv[:, 1] / (online.log_prob(a2).exp() + hp.density_eps)
                ipw1 = ipw2 if offline is None else adv[:, 0] / (offline.log_prob(a1).exp() + hp.density_eps)
                ipw = torch.stack([ipw1, ipw2], 1)
                clipped = int(((ipw < hp.ipw_min) | (ipw > hp.ipw_max)).sum())
                logits = logits + hp.kappa * ipw.clamp(hp.ipw_min, hp.ipw_max)
            p = torch.distributions.Categorical(logits=logits).probs[:, 1]
            w = u < p
            action = torch.where(w.unsqueeze(1), a2, a1)
        return action, p, w, clipped

    def update(self, s, a, s2, r, not_done, eps, u):
        """One update on a batch (rewards and not-done flags as B x 1 columns) with the selection's draws; the
        losses and the selection's share and mean probability of the online candidate."""
        core = self.core
        v_loss, q_loss, _ = core.value_and_critic_step(s, a, s2, r, not_done)
        action, p, w, _ = self.select(s, eps, u)
        with torch.no_grad():
            adv = core.target_q(torch.cat([s, action], 1)) - core.v(s)
            exp_adv = torch.exp(core.hp.beta * adv).clamp(max=core.hp.max_weight).view(-1)
        actor_loss = torch.mean(exp_adv * -self.policy(self.actor, self.log_std, s).log_prob(action))
        descend(self.actor_opt, actor_loss)
        return {"value": v_loss, "critic": q_loss, "actor": actor_loss, "online_share": w.float().mean(),
                "online_probability": p.mean(), "mean_weight": exp_adv.mean()}


LEARNERS = {"td3bc": TD3BC, "sac": SAC, "iql": IQL, "riql": RIQL, "bcq": BCQ, "ppo": PPO}
