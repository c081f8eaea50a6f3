#!/usr/bin/env python3
"""Check that the project's MJCF locomotion models compile to the same physics as Gymnasium's.

For Hopper, Walker2d, HalfCheetah and Ant this script

1. loads our model (lib/src/main/resources/rrl/env/assets/<name>.xml) with
   ``mujoco.MjModel.from_xml_path`` and the reference model (by default
   ``gymnasium.make('<Env>-v4').unwrapped.model``; with ``--reference-xml-dir DIR``
   the Gymnasium XML files in DIR, which lets the check run under a MuJoCo
   version without Gymnasium, e.g. 2.2.2);
2. compares every physics-relevant mjModel array and option field (integer
   arrays exactly, float arrays with |a - b| <= ATOL + RTOL * |b|);
3. steps both models from the same (noisy) initial state with the same random
   actions for ``--substeps`` plain ``mj_step`` calls and reports the largest
   qpos / qvel difference (must be below ``--rollout-tol``, default 1e-6; last-bit
   differences in Hopper/Walker2d body frames grow to ~1e-9 through contacts);
4. reports the mjData size (nbuffer + nstack * 8 bytes) and the largest stack
   use seen during the rollout.

Prints a table (or JSON with ``--json``) and exits 1 on any mismatch.

Run with the project venv:  .venv/bin/python lib/src/test/python/compare_models.py
"""
import argparse
import json
import os
import sys
import types

import numpy as np

try:
    import mujoco
except ImportError:  # pragma: no cover
    sys.exit("mujoco python bindings are required")

ATOL = 1e-9
RTOL = 1e-9

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ASSETS = os.path.normpath(
    os.path.join(HERE, "..", "..", "main", "resources", "rrl", "env", "assets"))

# env id, our file, Gymnasium's file name, frame_skip, reset qpos noise, reset qvel noise kind/scale
ENVS = [
    ("Hopper-v4", "hopper.xml", "hopper.xml", 4, 5e-3, ("uniform", 5e-3)),
    ("Walker2d-v4", "walker2d.xml", "walker2d.xml", 4, 5e-3, ("uniform", 5e-3)),
    ("HalfCheetah-v4", "half_cheetah.xml", "half_cheetah.xml", 5, 0.1, ("normal", 0.1)),
    ("Ant-v4", "ant.xml", "ant.xml", 5, 0.1, ("normal", 0.1)),
]

# Integer sizes that must be identical.
SIZE_FIELDS = ["nq", "nv", "nu", "na", "nbody", "ngeom", "njnt", "nsite", "ntendon", "neq",
               "npair", "nexclude", "nsensor", "nmocap", "nM", "nD"]

# Option fields (mjOption).
OPT_FIELDS = ["timestep", "apirate", "impratio", "tolerance", "noslip_tolerance", "mpr_tolerance",
              "gravity", "wind", "magnetic", "density", "viscosity", "o_margin", "o_solref",
              "o_solimp", "integrator", "collision", "cone", "jacobian", "solver", "iterations",
              "noslip_iterations", "mpr_iterations", "disableflags", "enableflags"]

# Statistics that enter the physics (meaninertia scales the solver tolerance).
STAT_FIELDS = ["meaninertia", "meanmass"]

# mjModel arrays.
MODEL_FIELDS = [
    "qpos0", "qpos_spring",
    # bodies
    "body_parentid", "body_rootid", "body_weldid", "body_mocapid", "body_jntnum", "body_jntadr",
    "body_dofnum", "body_dofadr", "body_geomnum", "body_geomadr", "body_pos", "body_quat",
    "body_ipos", "body_iquat", "body_mass", "body_subtreemass", "body_inertia",
    "body_invweight0", "body_gravcomp",
    # joints
    "jnt_type", "jnt_qposadr", "jnt_dofadr", "jnt_bodyid", "jnt_limited", "jnt_solref",
    "jnt_solimp", "jnt_pos", "jnt_axis", "jnt_stiffness", "jnt_range", "jnt_margin",
    # dofs
    "dof_bodyid", "dof_jntid", "dof_parentid", "dof_Madr", "dof_simplenum", "dof_solref",
    "dof_solimp", "dof_frictionloss", "dof_armature", "dof_damping", "dof_invweight0", "dof_M0",
    # geoms
    "geom_type", "geom_contype", "geom_conaffinity", "geom_condim", "geom_bodyid", "geom_dataid",
    "geom_priority", "geom_solmix", "geom_solref", "geom_solimp", "geom_size", "geom_rbound",
    "geom_pos", "geom_quat", "geom_friction", "geom_margin", "geom_gap", "geom_fluid",
    # actuators
    "actuator_trntype", "actuator_dyntype", "actuator_gaintype", "actuator_biastype",
    "actuator_trnid", "actuator_actadr", "actuator_actnum", "actuator_ctrllimited",
    "actuator_forcelimited", "actuator_actlimited", "actuator_dynprm", "actuator_gainprm",
    "actuator_biasprm", "actuator_ctrlrange", "actuator_forcerange", "actuator_actrange",
    "actuator_gear", "actuator_cranklength", "actuator_acc0", "actuator_length0",
    "actuator_lengthrange",
]

NAME_KINDS = [("body", "nbody"), ("jnt", "njnt"), ("geom", "ngeom")]


def _stub_imageio():
    """Gymnasium's renderer imports imageio at env construction; rendering is not needed here."""
    try:
        import imageio  # noqa: F401
    except ImportError:
        sys.modules["imageio"] = types.ModuleType("imageio")


def load_reference(env_id, gym_file, ref_dir):
    if ref_dir:
        return mujoco.MjModel.from_xml_path(os.path.join(ref_dir, gym_file))
    _stub_imageio()
    import gymnasium
    env = gymnasium.make(env_id)
    model = env.unwrapped.model
    env.close()
    return model


def _as_array(x):
    return np.atleast_1d(np.asarray(x))


def compare_value(ours, ref):
    """Return (ok, max_abs_diff, note)."""
    a, b = _as_array(ours), _as_array(ref)
    if a.shape != b.shape:
        return False, float("inf"), "shape %s vs %s" % (a.shape, b.shape)
    if a.size == 0:
        return True, 0.0, ""
    if np.issubdtype(b.dtype, np.integer) or b.dtype == np.bool_ or np.issubdtype(a.dtype, np.integer):
        diff = np.abs(a.astype(np.int64) - b.astype(np.int64))
        return bool(np.all(diff == 0)), float(diff.max()), ""
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    same_inf = (a == b)  # also covers equal infinities
    diff = np.where(same_inf, 0.0, np.abs(a - b))
    ok = bool(np.all(same_inf | (diff <= ATOL + RTOL * np.abs(b))))
    return ok, float(np.nanmax(diff)), ""


_OBJ = {"body": "mjOBJ_BODY", "jnt": "mjOBJ_JOINT", "geom": "mjOBJ_GEOM", "actuator": "mjOBJ_ACTUATOR"}


def name_list(model, kind, count):
    obj = getattr(mujoco.mjtObj, _OBJ[kind])
    return [mujoco.mj_id2name(model, obj, i) or "" for i in range(getattr(model, count))]


def compare_models(ours, ref):
    """Compare all listed fields; returns dict field -> {ok, max_abs_diff[, note]}."""
    out = {}

    def put(field, ok, d, note=""):
        entry = {"ok": ok, "max_abs_diff": d}
        if note:
            entry["note"] = note
        out[field] = entry

    for f in SIZE_FIELDS:
        if hasattr(ref, f):
            ok, d, note = compare_value(getattr(ours, f), getattr(ref, f))
            put(f, ok, d, note)
    for f in OPT_FIELDS:
        if hasattr(ref.opt, f):
            ok, d, note = compare_value(getattr(ours.opt, f), getattr(ref.opt, f))
            put("opt." + f, ok, d, note)
    for f in STAT_FIELDS:
        if hasattr(ref.stat, f):
            ok, d, note = compare_value(getattr(ours.stat, f), getattr(ref.stat, f))
            put("stat." + f, ok, d, note)
    for f in MODEL_FIELDS:
        if hasattr(ref, f):
            ok, d, note = compare_value(getattr(ours, f), getattr(ref, f))
            put(f, ok, d, note)
    for kind, count in NAME_KINDS:
        a, b = name_list(ours, kind, count), name_list(ref, kind, count)
        ok = a == b
        put(kind + "_names", ok, 0.0 if ok else 1.0, "" if ok else "%s vs %s" % (a, b))
    # Actuator names: Gymnasium leaves some motors unnamed; only named reference motors must match.
    a, b = name_list(ours, "actuator", "nu"), name_list(ref, "actuator", "nu")
    ok = len(a) == len(b) and all(y == "" or x == y for x, y in zip(a, b))
    put("actuator_names", ok, 0.0 if ok else 1.0, "" if ok else "%s vs %s" % (a, b))
    return out


def reset_state(model, rng, qpos_noise, qvel_noise):
    qpos = model.qpos0 + rng.uniform(-qpos_noise, qpos_noise, model.nq)
    kind, scale = qvel_noise
    if kind == "uniform":
        qvel = rng.uniform(-scale, scale, model.nv)
    else:
        qvel = scale * rng.standard_normal(model.nv)
    return qpos, qvel


def rollout(ours, ref, frame_skip, qpos_noise, qvel_noise, substeps, seed):
    """Step both models from the same state with the same actions; return max diffs and stack use."""
    rng = np.random.default_rng(seed)
    d_ours, d_ref = mujoco.MjData(ours), mujoco.MjData(ref)
    qpos, qvel = reset_state(ref, rng, qpos_noise, qvel_noise)
    for m, d in ((ours, d_ours), (ref, d_ref)):
        d.qpos[:] = qpos
        d.qvel[:] = qvel
        mujoco.mj_forward(m, d)
    lo, hi = ref.actuator_ctrlrange[:, 0], ref.actuator_ctrlrange[:, 1]
    max_qpos = max_qvel = 0.0
    max_ncon = 0
    for t in range(substeps):
        if t % frame_skip == 0:
            # slightly beyond the ctrl range, so MuJoCo's clamping is exercised too
            act = rng.uniform(1.2 * lo, 1.2 * hi)
            d_ours.ctrl[:] = act
            d_ref.ctrl[:] = act
        mujoco.mj_step(ours, d_ours)
        mujoco.mj_step(ref, d_ref)
        max_qpos = max(max_qpos, float(np.max(np.abs(d_ours.qpos - d_ref.qpos))))
        max_qvel = max(max_qvel, float(np.max(np.abs(d_ours.qvel - d_ref.qvel))))
        max_ncon = max(max_ncon, int(d_ours.ncon))
    warnings = [int(w.number) for w in d_ours.warning]
    return {
        "max_qpos_diff": max_qpos,
        "max_qvel_diff": max_qvel,
        "max_ncon": max_ncon,
        "maxuse_stack": int(d_ours.maxuse_stack),
        "warnings": int(sum(warnings)),
    }


def data_bytes(model):
    d = mujoco.MjData(model)
    return int(d.nbuffer) + 8 * int(d.nstack)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--assets", default=DEFAULT_ASSETS, help="directory with our XML files")
    p.add_argument("--reference-xml-dir", default=None,
                   help="load the reference models from Gymnasium XML files in this directory "
                        "instead of gymnasium.make (for MuJoCo versions without Gymnasium)")
    p.add_argument("--substeps", type=int, default=1000, help="mj_step calls per rollout")
    p.add_argument("--seeds", type=int, default=3, help="number of rollouts per env")
    p.add_argument("--rollout-tol", type=float, default=1e-6,
                   help="largest accepted qpos/qvel difference in the rollout (1e-6: Hopper and "
                        "Walker2d body frames differ from Gymnasium's in the last bit, and contacts "
                        "amplify that to ~1e-9 over 1000 substeps; a real modelling difference "
                        "gives errors many orders of magnitude larger)")
    p.add_argument("--env", action="append", help="only these env ids (repeatable)")
    args = p.parse_args(argv)

    result = {"mujoco": mujoco.mj_versionString(), "atol": ATOL, "rtol": RTOL, "envs": {}}
    all_ok = True
    for env_id, our_file, gym_file, frame_skip, qn, vn in ENVS:
        if args.env and env_id not in args.env:
            continue
        ours = mujoco.MjModel.from_xml_path(os.path.join(args.assets, our_file))
        ref = load_reference(env_id, gym_file, args.reference_xml_dir)
        fields = compare_models(ours, ref)
        mismatches = sorted(f for f, e in fields.items() if not e["ok"])
        rollouts = [rollout(ours, ref, frame_skip, qn, vn, args.substeps, seed)
                    for seed in range(args.seeds)]
        max_qpos = max(r["max_qpos_diff"] for r in rollouts)
        max_qvel = max(r["max_qvel_diff"] for r in rollouts)
        rollout_ok = max_qpos <= args.rollout_tol and max_qvel <= args.rollout_tol
        float_diffs = [e["max_abs_diff"] for e in fields.values()]
        env_ok = not mismatches and rollout_ok
        all_ok &= env_ok
        result["envs"][env_id] = {
            "ok": env_ok,
            "fields_compared": len(fields),
            "mismatches": {f: fields[f] for f in mismatches},
            "max_abs_diff_overall": max(float_diffs) if float_diffs else 0.0,
            "max_abs_diff": {f: e["max_abs_diff"] for f, e in fields.items()},
            "rollout": {
                "substeps": args.substeps,
                "seeds": args.seeds,
                "max_qpos_diff": max_qpos,
                "max_qvel_diff": max_qvel,
                "max_ncon": max(r["max_ncon"] for r in rollouts),
                "maxuse_stack": max(r["maxuse_stack"] for r in rollouts),
                "warnings": sum(r["warnings"] for r in rollouts),
                "ok": rollout_ok,
            },
            "model_nstack": int(ours.nstack),
            "mjdata_bytes": data_bytes(ours),
            "reference_mjdata_bytes": data_bytes(ref),
        }
    result["ok"] = all_ok

    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print_table(result)
    return 0 if all_ok else 1


def print_table(result):
    envs = result["envs"]
    names = list(envs)
    print("MuJoCo %s, tolerance |a-b| <= %g + %g*|b|" % (result["mujoco"], result["atol"], result["rtol"]))
    fields = list(next(iter(envs.values()))["max_abs_diff"]) if envs else []
    width = max([len(f) for f in fields] + [24])
    print("%-*s" % (width, "field (max abs diff)") + "".join("%16s" % n for n in names))
    for f in fields:
        row = "%-*s" % (width, f)
        for n in names:
            d = envs[n]["max_abs_diff"].get(f)
            bad = f in envs[n]["mismatches"]
            row += "%16s" % ("-" if d is None else ("%.3g%s" % (d, " !" if bad else "")))
        print(row)
    print("-" * (width + 16 * len(names)))
    for label, key in [("max over all fields", "max_abs_diff_overall")]:
        print("%-*s" % (width, label) + "".join("%16.3g" % envs[n][key] for n in names))
    for label, key in [("rollout max |dqpos|", "max_qpos_diff"), ("rollout max |dqvel|", "max_qvel_diff"),
                       ("rollout max ncon", "max_ncon"), ("rollout maxuse_stack", "maxuse_stack"),
                       ("rollout warnings", "warnings")]:
        print("%-*s" % (width, label) + "".join("%16.3g" % envs[n]["rollout"][key] for n in names))
    for label, key in [("model nstack", "model_nstack"), ("mjData bytes (ours)", "mjdata_bytes"),
                       ("mjData bytes (reference)", "reference_mjdata_bytes")]:
        print("%-*s" % (width, label) + "".join("%16d" % envs[n][key] for n in names))
    print("%-*s" % (width, "RESULT") + "".join("%16s" % ("MATCH" if envs[n]["ok"] else "MISMATCH")
                                               for n in names))
    for n in names:
        for f, e in envs[n]["mismatches"].items():
            print("  %s: %s differs (max abs diff %g)%s" % (n, f, e["max_abs_diff"],
                                                          (": " + e["note"]) if "note" in e else ""))


if __name__ == "__main__":
    sys.exit(main())
