package rrl.env;

/**
 * Gymnasium Hopper-v4: 11-dim observation (qpos[1:], clip(qvel, +-10)), 3 motors, frame skip 4
 * (dt 0.008 s), control cost 1e-3 |a|^2, survival reward 1, reset noise U(+-5e-3). Terminates when
 * qpos[2:] or qvel leave (-100, 100), height <= 0.7 or |angle| >= 0.2. Defaults from Gymnasium's
 * gymnasium/envs/mujoco/hopper_v4.py (notebooks/references.md#gymnasium).
 */
public final class Hopper extends PlanarTask {
    public Hopper() {
        super(new Spec("Hopper", "hopper.xml", 6, 6, 3, 4, 1e-3, 1.0, 5e-3, false, true));
    }

    @Override
    public boolean terminated(StateRow s) {
        // state_vector()[2:] = qpos[2:] ++ qvel, all strictly inside (-100, 100).
        for (int i = 2; i < s.nq(); i++) {
            if (!(Math.abs(s.qpos(i)) < 100.0)) {
                return true;
            }
        }
        for (int i = 0; i < s.nv(); i++) {
            if (!(Math.abs(s.qvel(i)) < 100.0)) {
                return true;
            }
        }
        double z = s.qpos(1);
        double angle = s.qpos(2);
        return !(z > 0.7) || !(angle > -0.2 && angle < 0.2);
    }
}
