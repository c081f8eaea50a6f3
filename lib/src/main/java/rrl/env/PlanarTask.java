package rrl.env;

import java.util.random.RandomGenerator;

/**
 * What Hopper, Walker2d and HalfCheetah share in Gymnasium v4: a planar body whose rootx (qpos[0]) is
 * left out of the observation, forward reward = weight * dx/dt of rootx, control cost = w * |a|^2.
 */
abstract class PlanarTask implements Task {
    /**
     * The constants of a planar task, as Gymnasium's constructor defaults name them.
     *
     * @param ctrlCostWeight control cost weight (ctrl_cost_weight)
     * @param healthyReward reward for staying alive, given on every step as v4 does by default (0 for HalfCheetah)
     * @param resetNoiseScale scale of the noise added to qpos0 and to zero velocity at reset
     * @param gaussianVelocityNoise qvel reset noise is Gaussian (HalfCheetah) rather than uniform
     * @param clipVelocity observed velocities are clipped to [-10, 10] (Hopper, Walker2d)
     */
    record Spec(String name, String resource, int nq, int nv, int nu, int frameSkip, double ctrlCostWeight,
                double healthyReward, double resetNoiseScale, boolean gaussianVelocityNoise, boolean clipVelocity) {}

    private final Spec spec;
    private final int nq;
    private final int nv;
    private final int nu;

    PlanarTask(Spec spec) {
        this.spec = spec;
        this.nq = spec.nq();
        this.nv = spec.nv();
        this.nu = spec.nu();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String gymnasiumId() {
        return spec.name() + "-v4";
    }

    @Override
    public String mjcfResource() {
        return "rrl/env/assets/" + spec.resource();
    }

    @Override
    public int frameSkip() {
        return spec.frameSkip();
    }

    @Override
    public String trackedBody() {
        return null;
    }

    @Override
    public boolean usesContactForces() {
        return false;
    }

    @Override
    public int observationDim() {
        return nq - 1 + nv;
    }

    @Override
    public int actionDim() {
        return nu;
    }

    @Override
    public void observation(StateRow s, double[] out, int off) {
        for (int i = 1; i < nq; i++) {
            out[off++] = s.qpos(i);
        }
        for (int i = 0; i < nv; i++) {
            double v = s.qvel(i);
            // Hopper and Walker2d clip velocities to [-10, 10]; HalfCheetah does not.
            out[off++] = spec.clipVelocity() ? Math.max(-10.0, Math.min(10.0, v)) : v;
        }
    }

    @Override
    public void reward(StateRow s, double[] action, int aoff, double dt, RewardTerms t) {
        t.xPosition = s.trackAfter(0);
        t.yPosition = 0;
        t.xVelocity = (s.trackAfter(0) - s.trackBefore(0)) / dt;
        t.yVelocity = 0;
        t.forward = t.xVelocity;
        t.survive = spec.healthyReward();
        t.ctrlCost = spec.ctrlCostWeight() * Task.squaredNorm(action, aoff, nu);
        t.contactCost = 0;
    }

    @Override
    public void resetState(RandomGenerator rng, double[] qpos0, double[] qpos, double[] qvel) {
        double c = spec.resetNoiseScale();
        Task.uniformNoise(rng, qpos0, c, qpos);
        if (spec.gaussianVelocityNoise()) {
            for (int i = 0; i < qvel.length; i++) {
                qvel[i] = c * rng.nextGaussian();
            }
        } else {
            Task.uniformNoise(rng, null, c, qvel);
        }
    }

    @Override
    public String toString() {
        return Task.describe(this);
    }
}
