"""Gymnasium render oracle for rrl's RenderParityTest.

For each ENV_ID: Gymnasium's <Env>-v4 in render_mode="rgb_array" (its default camera, the model's "track"
camera; MuJoCo's default quality), reset(seed), then STEPS random-action steps and mj_forward; writes
  <ENV_ID>.qpos.csv  the qpos of the rendered state (one row)
  <ENV_ID>.rgb       env.render() as raw bytes, HEIGHT x WIDTH x 3 (R, G, B), rows from the top
Rendering goes through EGL (MUJOCO_GL=egl), so no display is needed.
Usage: python gym_render_oracle.py OUT_DIR ENV_ID... [--width W] [--height H] [--seed S] [--steps N]
"""
import argparse
import os

os.environ.setdefault("MUJOCO_GL", "egl")

import gymnasium as gym  # noqa: E402
import mujoco  # noqa: E402
import numpy as np  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out_dir")
    p.add_argument("env_ids", nargs="+")
    p.add_argument("--width", type=int, default=480)
    p.add_argument("--height", type=int, default=480)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=20)
    a = p.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    for env_id in a.env_ids:
        env = gym.make(env_id, render_mode="rgb_array", width=a.width, height=a.height)
        env.reset(seed=a.seed)
        rng = np.random.default_rng(a.seed)
        for _ in range(a.steps):
            env.step(rng.uniform(-1, 1, env.action_space.shape))
        u = env.unwrapped
        # After mj_step, data holds the kinematics (xpos, ...) computed at the start of the last physics substep:
        # with Euler integration (HalfCheetah, Ant) that is one timestep behind qpos, and env.render() shows it.
        # mj_forward brings the kinematics to qpos, the pose rrl's renderer draws.
        mujoco.mj_forward(u.model, u.data)
        qpos = u.data.qpos
        with open(os.path.join(a.out_dir, env_id + ".qpos.csv"), "w") as f:
            f.write(",".join(repr(float(x)) for x in qpos) + "\n")
        img = np.ascontiguousarray(env.render(), dtype=np.uint8)
        assert img.shape == (a.height, a.width, 3), img.shape
        with open(os.path.join(a.out_dir, env_id + ".rgb"), "wb") as f:
            f.write(img.tobytes())
        env.close()


if __name__ == "__main__":
    main()
