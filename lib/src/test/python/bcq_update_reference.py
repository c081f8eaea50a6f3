"""BcqParityTest's PyTorch side: one BCQ update of environment/bench/torch_learners.py (d3rlpy's update, the one
`rrl bench train` times) from weights, a batch and noise given by the Java test.

Usage: bcq_update_reference.py IN.json  (prints OUT.json on stdout)

IN holds the sizes, the hyper-parameters, every network's weights in PyTorch's layout (per layer: weight out x in,
row-major, then bias; the VAE encoder's last layer is its mean head's rows followed by its log-std head's rows), one
minibatch and the noise of the update (the VAE's eps, the target's clipped latents, the actor's clipped latents), so
both sides draw nothing of their own. OUT holds the losses, the regression targets, the gradients of every step and
every network's weights after the update, in the same layout. Runs in the benchmark venv (torch).
"""
import json
import sys

import torch_parity as tp
from torch_parity import learners, torch


def main():
    cfg = json.load(open(sys.argv[1]))
    torch.set_num_threads(1)
    obs_dim, act_dim, latent = cfg["obsDim"], cfg["actDim"], cfg["latentDim"]
    hp = learners.BcqSettings(actor_lr=cfg["actorLr"], critic_lr=cfg["criticLr"], vae_lr=cfg["vaeLr"],
                              gamma=cfg["gamma"], tau=cfg["tau"], phi=cfg["actionFlexibility"], lam=cfg["lambda"],
                              samples=cfg["actionSamples"], kl_weight=cfg["beta"], tanh_decoder=cfg["tanhDecoder"],
                              vae_hidden=tuple(cfg["vaeHidden"]))
    b = cfg["batch"]
    agent = learners.BCQ(obs_dim, act_dim, tuple(cfg["hidden"]), b["size"], hp)
    assert agent.latent == latent, (agent.latent, latent)
    nets = {"encoder": agent.encoder, "decoder": agent.decoder, "actor": agent.actor,
            "actor_target": agent.actor_target, "q1": agent.q1, "q2": agent.q2, "q1_target": agent.q1_target,
            "q2_target": agent.q2_target}
    for name, net in nets.items():
        tp.load(net, cfg["weights"][name])

    losses = agent.update(*tp.batch(b, obs_dim, act_dim), tp.rows(cfg["eps"], latent), tp.rows(cfg["targetZ"], latent),
                          tp.rows(cfg["actorZ"], latent))
    out = {
        "torch": torch.__version__,
        "losses": {k: v.item() for k, v in losses.items()},
        "targets": agent.targets.view(-1).tolist(),
        # each step zeroes only its own networks' gradients: after the update each holds its step's
        "grads": {name: tp.dump(nets[name], grad=True) for name in ("encoder", "decoder", "q1", "q2", "actor")},
        "weights": {name: tp.dump(net) for name, net in nets.items()},
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
