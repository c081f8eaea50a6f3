"""Gymnasium oracle for rrl's parity test.

Runs Gymnasium's <Env>-v4 (official `mujoco` bindings) from its own reset state with a seeded action
sequence and writes three CSVs in the format of `rrl rollout`:
  init_state.csv  qpos then qvel after reset(seed)      (one row; with --resync one row per step)
  actions.csv     one action per row
  expected.csv    step, obs_*, reward, terminated, truncated, x_position
Stepping continues past termination (the raw env allows it), so every step is compared.
Usage: python gym_oracle.py ENV_ID OUT_DIR [--steps N] [--seed S] [--scale A] [--resync]
"""
import argparse
import csv
import os
import warnings

import gymnasium as gym
import mujoco
import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("env_id")
    p.add_argument("out_dir")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scale", type=float, default=1.0, help="actions ~ U(-scale, scale)")
    p.add_argument("--resync", action="store_true", help="record the state before every step")
    a = p.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    warnings.filterwarnings("ignore")
    # The raw environment: no TimeLimit/order checks, so stepping past termination is allowed and
    # truncation is computed below exactly as TimeLimit would (elapsed >= 1000).
    env = gym.make(a.env_id).unwrapped
    env.reset(seed=a.seed)
    rng = np.random.default_rng(a.seed + 12345)
    actions = rng.uniform(-a.scale, a.scale, size=(a.steps, env.action_space.shape[0]))
    states = []
    rows = []
    for t in range(a.steps):
        if t == 0 or a.resync:
            state = np.concatenate([env.data.qpos, env.data.qvel])
            states.append(state)
            if a.resync:
                # Same as rrl's resync: set_state (mj_forward) before the step, so derived quantities such
                # as Ant's torso xpos are fresh on both sides rather than left over from the last substep.
                env.set_state(state[: env.model.nq].copy(), state[env.model.nq :].copy())
        obs, reward, terminated, truncated, info = env.step(actions[t])
        truncated = (t + 1) >= 1000
        rows.append([t, *obs, reward, int(terminated), int(truncated), info["x_position"]])
    obs_dim = env.observation_space.shape[0]
    header = ["step", *[f"obs_{i}" for i in range(obs_dim)], "reward", "terminated", "truncated", "x_position"]
    write(os.path.join(a.out_dir, "init_state.csv"), None, states)
    write(os.path.join(a.out_dir, "actions.csv"), None, actions)
    write(os.path.join(a.out_dir, "expected.csv"), header, rows)
    print(f"{a.env_id}: {a.steps} steps, mujoco {mujoco.__version__}, gymnasium {gym.__version__}")


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        if header:
            w.writerow(header)
        for r in rows:
            w.writerow([repr(float(x)) for x in r])


if __name__ == "__main__":
    main()
