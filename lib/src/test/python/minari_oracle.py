"""Oracle for rrl's Minari reading and writing (MinariInteropTest), using minari's own code.

usage:
  minari_oracle.py collect ROOT DATASET_ID OUT.hdf5
      Collects a small dataset with minari's DataCollector on Gymnasium's Hopper-v4 (random actions, seeded,
      max_episode_steps small enough that some episodes are truncated and some terminate) into
      MINARI_DATASETS_PATH=ROOT, then dumps what minari's API gives (see dump).
  minari_oracle.py load ROOT DATASET_ID OUT.hdf5
      Loads ROOT/DATASET_ID with minari.load_dataset and dumps what its API gives.

The dump (h5py) holds the episodes' arrays from dataset.iterate_episodes() concatenated, episode by episode:
observations without each episode's last row (obs), each episode's observations without its first row (next_obs),
actions, rewards, terminations, truncations, and the episode lengths; plus the transitions d4rl.qlearning_dataset
(terminate_on_end=False) builds from the flat arrays (q_*), written out here from D4RL's loop. Standard output:
total_episodes, total_steps and how many episodes terminated / were truncated.
"""
import os
import sys

import h5py
import numpy as np

MAX_STEPS = 25      # TimeLimit: random Hopper often falls within this, often not
MIN_EPISODES = 4


def collect(dataset_id, seed=7):
    import gymnasium as gym
    import minari
    from minari import DataCollector

    env = DataCollector(gym.make("Hopper-v4", max_episode_steps=MAX_STEPS))
    env.action_space.seed(seed)
    terminated = truncated = episodes = 0
    while episodes < MIN_EPISODES or terminated == 0 or truncated == 0:
        env.reset(seed=seed + episodes)
        while True:
            _, _, term, trunc, _ = env.step(env.action_space.sample())
            if term or trunc:
                terminated += int(term)
                truncated += int(trunc and not term)
                break
        episodes += 1
        if episodes > 200:
            raise SystemExit("no mix of terminated and truncated episodes after 200 episodes")
    ds = env.create_dataset(dataset_id=dataset_id, algorithm_name="random", author="rrl tests",
                            author_email="none", code_permalink="none", description="rrl Minari oracle")
    env.close()
    return ds


def d4rl_qlearning(obs, act, rew, term, tout):
    """d4rl.qlearning_dataset's loop (terminate_on_end=False, timeouts present)."""
    o, a, r, n, d = [], [], [], [], []
    for i in range(len(obs) - 1):
        if tout[i]:
            continue
        o.append(obs[i]); n.append(obs[i + 1]); a.append(act[i]); r.append(rew[i]); d.append(bool(term[i]))
    return (np.array(o, np.float32), np.array(a, np.float32), np.array(r, np.float32), np.array(n, np.float32),
            np.array(d, np.float32))


def dump(ds, out):
    eps = list(ds.iterate_episodes())
    obs = np.concatenate([e.observations[:-1] for e in eps])
    nxt = np.concatenate([e.observations[1:] for e in eps])
    act = np.concatenate([e.actions for e in eps])
    rew = np.concatenate([e.rewards for e in eps])
    term = np.concatenate([e.terminations for e in eps]).astype(bool)
    trunc = np.concatenate([e.truncations for e in eps]).astype(bool)
    with h5py.File(out, "w") as f:
        for k, v in dict(obs=obs, next_obs=nxt, act=act, rew=rew).items():
            f[k] = v.astype(np.float32)
        f["term"] = term.astype(np.int8)
        f["trunc"] = trunc.astype(np.int8)
        f["lengths"] = np.array([len(e.rewards) for e in eps], np.int32)
        f["obs_rows"] = np.array([len(e.observations) for e in eps], np.int32)
        for k, v in zip(["q_obs", "q_act", "q_rew", "q_next", "q_done"], d4rl_qlearning(obs, act, rew, term, trunc)):
            f[k] = v
    print(ds.total_episodes, ds.total_steps, int(sum(e.terminations[-1] for e in eps)),
          int(sum(e.truncations[-1] and not e.terminations[-1] for e in eps)))


def main():
    cmd, root, dataset_id, out = sys.argv[1:5]
    os.environ["MINARI_DATASETS_PATH"] = root
    import minari
    ds = collect(dataset_id) if cmd == "collect" else minari.load_dataset(dataset_id)
    dump(ds, out)


if __name__ == "__main__":
    main()
