package rrl.env;

/**
 * Gymnasium Walker2d-v4: 17-dim observation (qpos[1:], clip(qvel, +-10)), 6 motors, frame skip 4
 * (dt 0.008 s). Terminates when height leaves (0.8, 2.0) or the torso angle leaves (-1, 1).
 * Defaults from Gymnasium's walker2d_v4.py as summarised in shared/spec/environments.md section 1.2.
 */
public final class Walker2d extends PlanarTask {
    public Walker2d() {
        super(9, 9, 6, true);
    }

    @Override
    public String name() {
        return "Walker2d";
    }

    @Override
    public String gymnasiumId() {
        return "Walker2d-v4";
    }

    @Override
    public String mjcfResource() {
        return "rrl/env/assets/walker2d.xml";
    }

    @Override
    public int frameSkip() {
        return 4;
    }

    @Override
    double ctrlCostWeight() {
        return 1e-3;
    }

    @Override
    double healthyReward() {
        return 1.0;
    }

    @Override
    double resetNoiseScale() {
        return 5e-3;
    }

    @Override
    boolean gaussianVelocityNoise() {
        return false;
    }

    @Override
    public boolean terminated(StateRow s) {
        double z = s.qpos(1);
        double angle = s.qpos(2);
        return !(z > 0.8 && z < 2.0) || !(angle > -1.0 && angle < 1.0);
    }
}
