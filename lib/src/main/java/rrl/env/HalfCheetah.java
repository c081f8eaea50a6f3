package rrl.env;

/**
 * Gymnasium HalfCheetah-v4: 17-dim observation (qpos[1:], qvel unclipped), 6 motors, frame skip 5
 * (dt 0.05 s), control cost 0.1 |a|^2, no survival reward, reset noise U(+-0.1) on qpos and N(0, 0.1^2) on
 * qvel; never terminates. Defaults from Gymnasium's gymnasium/envs/mujoco/half_cheetah_v4.py
 * (notebooks/references.md#gymnasium).
 */
public final class HalfCheetah extends PlanarTask {
    public HalfCheetah() {
        super(new Spec("HalfCheetah", "half_cheetah.xml", 9, 9, 6, 5, 0.1, 0.0, 0.1, true, false));
    }

    @Override
    public boolean terminated(StateRow s) {
        return false;
    }
}
