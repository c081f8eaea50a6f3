"""Writes a small file in D4RL's HDF5 layout with h5py, as D4RL's generation scripts did, plus the
expected output of d4rl.qlearning_dataset on it (the loop below is D4RL's, with terminate_on_end=False).

usage: make_d4rl_like.py OUT.hdf5 EXPECTED_Q.hdf5 [--float64] [--flags bool|int8|uint8|float32]

Values are simple functions of (row, dim) so the Java test can check them without reading numpy.
"""
import argparse

import h5py
import numpy as np

N, OBS, ACT, NQ, NV = 25, 3, 2, 4, 3
TERMINALS = [6]        # a real termination
TIMEOUTS = [14]        # an episode cut by the step limit; rows 15..24 are a trailing partial episode


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("expected_q")
    p.add_argument("--float64", action="store_true", help="like medium-replay (rlkit buffer dump)")
    p.add_argument("--flags", default="bool", choices=["bool", "int8", "uint8", "float32"])
    a = p.parse_args()
    ft = np.float64 if a.float64 else np.float32
    i = np.arange(N)[:, None]
    obs = (i + np.arange(OBS)[None, :] / 10.0).astype(ft)
    act = (-i - np.arange(ACT)[None, :] / 10.0).astype(ft)
    rew = (0.5 * np.arange(N)).astype(ft)
    term = np.zeros(N, dtype=bool)
    term[TERMINALS] = True
    tout = np.zeros(N, dtype=bool)
    tout[TIMEOUTS] = True
    flag_type = {"bool": bool, "int8": np.int8, "uint8": np.uint8, "float32": np.float32}[a.flags]
    with h5py.File(a.out, "w") as f:
        # D4RL wrote with gzip compression; keep it so the chunked/deflate path is exercised.
        f.create_dataset("observations", data=obs, compression="gzip")
        f.create_dataset("actions", data=act, compression="gzip")
        f.create_dataset("rewards", data=rew, compression="gzip")
        f.create_dataset("terminals", data=term.astype(flag_type), compression="gzip")
        f.create_dataset("timeouts", data=tout.astype(flag_type), compression="gzip")
        nxt = np.concatenate([obs[1:], obs[-1:]])
        f.create_dataset("next_observations", data=nxt, compression="gzip")
        f["infos/qpos"] = (i * 100 + np.arange(NQ)[None, :]).astype(ft)
        f["infos/qvel"] = (-i * 100 - np.arange(NV)[None, :]).astype(ft)
        f["infos/action_log_probs"] = np.full(N, -1.5, dtype=ft)
        f["metadata/algorithm"] = "SAC"
        f["metadata/iteration"] = np.int32(42)
        f["metadata/policy/fc0/weight"] = np.ones((4, OBS), dtype=np.float32)
        f["metadata/policy/nonlinearity"] = "relu"

    # d4rl.qlearning_dataset(env, dataset) with use_timeouts=True, terminate_on_end=False
    ds = {"observations": obs, "actions": act, "rewards": rew, "terminals": term, "timeouts": tout}
    obs_, next_obs_, action_, reward_, done_ = [], [], [], [], []
    for k in range(N - 1):
        final_timestep = ds["timeouts"][k]
        if final_timestep:
            continue
        obs_.append(ds["observations"][k].astype(np.float32))
        next_obs_.append(ds["observations"][k + 1].astype(np.float32))
        action_.append(ds["actions"][k].astype(np.float32))
        reward_.append(ds["rewards"][k].astype(np.float32))
        done_.append(bool(ds["terminals"][k]))
    with h5py.File(a.expected_q, "w") as f:
        f["observations"] = np.array(obs_, dtype=np.float32)
        f["next_observations"] = np.array(next_obs_, dtype=np.float32)
        f["actions"] = np.array(action_, dtype=np.float32)
        f["rewards"] = np.array(reward_, dtype=np.float32)
        f["terminals"] = np.array(done_, dtype=np.float32)


if __name__ == "__main__":
    main()
