#!/usr/bin/env python3
"""Gymnasium's own renderer as the reference for `rrl bench render`.

Measures env.render() frames/s of Gymnasium's -v4 task in render_mode="rgb_array" (the model's "track"
camera, MuJoCo's default quality: shadows, reflections, 4x multisampling) on the official mujoco wheel with
MUJOCO_GL=egl (Mesa's llvmpipe on a machine without a GPU). Poses come from random-action steps taken before
the timing; only render() is timed. Median over --repeats of --seconds each.

  .venv/bin/python environment/bench/gym_render_reference.py --env Hopper-v4 --width 480 --height 480 [--json]
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("MUJOCO_GL", "egl")

import gymnasium as gym  # noqa: E402
import mujoco  # noqa: E402
import numpy as np  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", default="Hopper-v4")
    ap.add_argument("--width", type=int, default=480)
    ap.add_argument("--height", type=int, default=480)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    env = gym.make(a.env, render_mode="rgb_array", width=a.width, height=a.height)
    env.reset(seed=0)
    u = env.unwrapped
    rng = np.random.default_rng(0)
    poses = []
    for _ in range(200):
        _, _, term, trunc, _ = env.step(rng.uniform(-1, 1, env.action_space.shape))
        poses.append((u.data.qpos.copy(), u.data.qvel.copy()))
        if term or trunc:
            env.reset(seed=len(poses))
    for _ in range(5):  # warm-up: context, textures
        env.render()
    rates = []
    for _ in range(a.repeats):
        n, spent = 0, 0.0
        while spent < a.seconds:
            qpos, qvel = poses[n % len(poses)]
            u.set_state(qpos, qvel)
            t0 = time.perf_counter()
            env.render()
            spent += time.perf_counter() - t0
            n += 1
        rates.append(n / spent)
    result = {"env": a.env, "width": a.width, "height": a.height, "mujoco_version": mujoco.__version__,
              "gymnasium_version": gym.__version__, "frames_per_s": statistics.median(rates)}
    print(json.dumps(result) if a.json else result)


if __name__ == "__main__":
    main()
