package rrl.env;

/**
 * Gymnasium HalfCheetah-v4: 17-dim observation (qpos[1:], qvel unclipped), 6 motors, frame skip 5
 * (dt 0.05 s), control cost 0.1 |a|^2, no survival reward, never terminates.
 * Defaults from Gymnasium's half_cheetah_v4.py as summarised in shared/spec/environments.md section 1.2.
 */
public final class HalfCheetah extends PlanarTask {
    public HalfCheetah() {
        super(9, 9, 6, false);
    }

    @Override
    public String name() {
        return "HalfCheetah";
    }

    @Override
    public String gymnasiumId() {
        return "HalfCheetah-v4";
    }

    @Override
    public String mjcfResource() {
        return "rrl/env/assets/half_cheetah.xml";
    }

    @Override
    public int frameSkip() {
        return 5;
    }

    @Override
    double ctrlCostWeight() {
        return 0.1;
    }

    @Override
    double healthyReward() {
        return 0.0;
    }

    @Override
    double resetNoiseScale() {
        return 0.1;
    }

    @Override
    boolean gaussianVelocityNoise() {
        return true;
    }

    @Override
    public boolean terminated(StateRow s) {
        return false;
    }
}
