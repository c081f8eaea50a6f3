"""One BCQ update in PyTorch, as d3rlpy's BCQImpl does it, from weights, a batch and noise given by the Java test.

Usage: bcq_update_reference.py IN.json  (prints OUT.json on stdout)

IN holds the sizes, the hyper-parameters, every network's weights in PyTorch's layout (per layer: weight out x in,
row-major, then bias; the VAE encoder's last layer is its mean head's rows followed by its log-std head's rows), one
minibatch and the noise of the update (the VAE's eps, the target's clipped latents, the actor's clipped latents), so
both sides draw nothing of their own. The update follows d3rlpy 1.1.1 (d3rlpy/algos/bcq.py _update,
algos/torch/bcq_impl.py, models/torch/imitators.py ConditionalVAE, models/torch/q_functions compute_max_with_n_actions,
models/torch/policies.py DeterministicResidualPolicy): VAE step, critic step, actor step, target updates; one Adam per
module group as d3rlpy has (the VAE's encoder and decoder share one). OUT holds the losses, the gradients of every
step and every network's weights after the update, in the same layout. Runs in the benchmark venv (torch).
"""

import json
import sys

import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import Normal
from torch.distributions.kl import kl_divergence


def mlp(sizes, out_act=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


def linears(net):
    return [m for m in net if isinstance(m, nn.Linear)]


def load(net, flat):
    k = 0
    with torch.no_grad():
        for lin in linears(net):
            n = lin.weight.numel()
            lin.weight.copy_(torch.tensor(flat[k:k + n], dtype=torch.float32).view_as(lin.weight))
            k += n
            n = lin.bias.numel()
            lin.bias.copy_(torch.tensor(flat[k:k + n], dtype=torch.float32))
            k += n
    assert k == len(flat), (k, len(flat))


def dump(net, grad=False):
    out = []
    for lin in linears(net):
        w = lin.weight.grad if grad else lin.weight
        b = lin.bias.grad if grad else lin.bias
        out += w.detach().reshape(-1).tolist() + b.detach().reshape(-1).tolist()
    return out


def main():
    cfg = json.load(open(sys.argv[1]))
    torch.set_num_threads(1)
    obs_dim, act_dim, latent = cfg["obsDim"], cfg["actDim"], cfg["latentDim"]
    hidden, vae_hidden = cfg["hidden"], cfg["vaeHidden"]
    n_samples, lam, phi, beta = cfg["actionSamples"], cfg["lambda"], cfg["actionFlexibility"], cfg["beta"]
    gamma, tau = cfg["gamma"], cfg["tau"]

    # the encoder as one net whose last layer holds both heads (mean rows, then log-std rows)
    encoder = mlp([obs_dim + act_dim] + vae_hidden + [2 * latent])
    decoder = mlp([obs_dim + latent] + vae_hidden + [act_dim])
    actor = mlp([obs_dim + act_dim] + hidden + [act_dim])
    actor_t = mlp([obs_dim + act_dim] + hidden + [act_dim])
    qs = [mlp([obs_dim + act_dim] + hidden + [1]) for _ in range(2)]
    qs_t = [mlp([obs_dim + act_dim] + hidden + [1]) for _ in range(2)]
    w = cfg["weights"]
    load(encoder, w["encoder"])
    load(decoder, w["decoder"])
    load(actor, w["actor"])
    load(actor_t, w["actor_target"])
    for i in range(2):
        load(qs[i], w["q%d" % (i + 1)])
        load(qs_t[i], w["q%d_target" % (i + 1)])

    vae_opt = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=cfg["vaeLr"])
    critic_opt = torch.optim.Adam(list(qs[0].parameters()) + list(qs[1].parameters()), lr=cfg["criticLr"])
    actor_opt = torch.optim.Adam(actor.parameters(), lr=cfg["actorLr"])

    b = cfg["batch"]
    n = b["size"]
    obs = torch.tensor(b["obs"], dtype=torch.float32).view(n, obs_dim)
    act = torch.tensor(b["actions"], dtype=torch.float32).view(n, act_dim)
    rew = torch.tensor(b["rewards"], dtype=torch.float32).view(n, 1)
    nxt = torch.tensor(b["nextObs"], dtype=torch.float32).view(n, obs_dim)
    done = torch.tensor(b["dones"], dtype=torch.float32).view(n, 1)
    eps = torch.tensor(cfg["eps"], dtype=torch.float32).view(n, latent)
    target_z = torch.tensor(cfg["targetZ"], dtype=torch.float32).view(n * n_samples, latent)
    actor_z = torch.tensor(cfg["actorZ"], dtype=torch.float32).view(n, latent)

    def decode(x, z):
        # d3rlpy 1.x's ConditionalVAE.decode: tanh; d3rlpy 2.x's VAEDecoder with its default with_squash=True: linear
        out = decoder(torch.cat([x, z], dim=1))
        return torch.tanh(out) if cfg["tanhDecoder"] else out

    def perturb(policy, x, a):
        return (a + phi * torch.tanh(policy(torch.cat([x, a], dim=1)))).clamp(-1.0, 1.0)

    # 1. VAE (ConditionalVAE.compute_error): rsample is mu + std * eps
    vae_opt.zero_grad()
    h = encoder(torch.cat([obs, act], dim=1))
    mu, logstd = h[:, :latent], h[:, latent:].clamp(-4.0, 15.0)
    dist = Normal(mu, logstd.exp())
    kl = kl_divergence(dist, Normal(0.0, 1.0)).mean()
    y = decode(obs, mu + logstd.exp() * eps)
    vae_loss = F.mse_loss(y, act) + beta * kl
    vae_loss.backward()
    vae_grads = {"encoder": dump(encoder, True), "decoder": dump(decoder, True)}
    vae_opt.step()

    # 2. critics: compute_max_with_n_actions over the target actor's perturbed samples of the updated decoder
    with torch.no_grad():
        flat_x = nxt.view(n, 1, obs_dim).expand(n, n_samples, obs_dim).reshape(-1, obs_dim)
        a = perturb(actor_t, flat_x, decode(flat_x, target_z))
        values = torch.stack([q(torch.cat([flat_x, a], dim=1)).view(n, n_samples) for q in qs_t])  # (2, n, N)
        mix = (1.0 - lam) * values.max(dim=0).values + lam * values.min(dim=0).values
        target = mix.max(dim=1).values.view(n, 1)
        y_t = rew + gamma * target * (1 - done)
    critic_opt.zero_grad()
    critic_loss = sum(F.mse_loss(q(torch.cat([obs, act], dim=1)), y_t) for q in qs)
    critic_loss.backward()
    critic_grads = [dump(q, True) for q in qs]
    critic_opt.step()

    # 3. actor: -Q1(s, perturbed(s, D(s, z)))
    actor_opt.zero_grad()
    a = perturb(actor, obs, decode(obs, actor_z))
    actor_loss = -qs[0](torch.cat([obs, a], dim=1)).mean()
    actor_loss.backward()
    actor_grads = dump(actor, True)
    actor_opt.step()

    # 4. soft_sync: targ = (1 - tau) targ + tau online
    with torch.no_grad():
        for t_net, o_net in [(actor_t, actor), (qs_t[0], qs[0]), (qs_t[1], qs[1])]:
            for tp, op in zip(t_net.parameters(), o_net.parameters()):
                tp.data.mul_(1 - tau)
                tp.data.add_(tau * op.data)

    out = {
        "torch": torch.__version__,
        "losses": {"vae": vae_loss.item(), "critic": critic_loss.item(), "actor": actor_loss.item()},
        "targets": y_t.view(-1).tolist(),
        "grads": {"encoder": vae_grads["encoder"], "decoder": vae_grads["decoder"], "q1": critic_grads[0],
                  "q2": critic_grads[1], "actor": actor_grads},
        "weights": {"encoder": dump(encoder), "decoder": dump(decoder), "actor": dump(actor),
                    "actor_target": dump(actor_t), "q1": dump(qs[0]), "q2": dump(qs[1]),
                    "q1_target": dump(qs_t[0]), "q2_target": dump(qs_t[1])},
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
