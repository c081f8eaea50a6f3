package rrl.env;

/**
 * Gymnasium Walker2d-v4: 17-dim observation (qpos[1:], clip(qvel, +-10)), 6 motors, frame skip 4
 * (dt 0.008 s), control cost 1e-3 |a|^2, survival reward 1, reset noise U(+-5e-3). Terminates when
 * height leaves (0.8, 2.0) or the torso angle leaves (-1, 1). Defaults from Gymnasium's
 * gymnasium/envs/mujoco/walker2d_v4.py (notebooks/references.md#gymnasium).
 */
public final class Walker2d extends PlanarTask {
    public Walker2d() {
        super(new Spec("Walker2d", "walker2d.xml", 9, 9, 6, 4, 1e-3, 1.0, 5e-3, false, true));
    }

    @Override
    public boolean terminated(StateRow s) {
        double z = s.qpos(1);
        double angle = s.qpos(2);
        return !(z > 0.8 && z < 2.0) || !(angle > -1.0 && angle < 1.0);
    }
}
