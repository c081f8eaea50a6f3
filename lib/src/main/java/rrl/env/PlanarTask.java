package rrl.env;

import java.util.random.RandomGenerator;

/**
 * What Hopper, Walker2d and HalfCheetah share in Gymnasium v4: a planar body whose rootx (qpos[0]) is
 * left out of the observation, forward reward = weight * dx/dt of rootx, control cost = w * |a|^2.
 */
abstract class PlanarTask implements Task {
    private final int nq;
    private final int nv;
    private final int nu;
    private final boolean clipVelocity;

    PlanarTask(int nq, int nv, int nu, boolean clipVelocity) {
        this.nq = nq;
        this.nv = nv;
        this.nu = nu;
        this.clipVelocity = clipVelocity;
    }

    /** Control cost weight (Gymnasium's ctrl_cost_weight). */
    abstract double ctrlCostWeight();

    /** Reward for staying alive (0 for HalfCheetah). Given on every step, as v4 does by default. */
    abstract double healthyReward();

    /** Scale of the reset noise added to qpos0 and to zero velocity. */
    abstract double resetNoiseScale();

    /** Whether qvel reset noise is Gaussian (HalfCheetah) rather than uniform (Hopper, Walker2d). */
    abstract boolean gaussianVelocityNoise();

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
            out[off++] = clipVelocity ? Math.max(-10.0, Math.min(10.0, v)) : v;
        }
    }

    @Override
    public void reward(StateRow s, double[] action, int aoff, double dt, RewardTerms t) {
        t.xPosition = s.trackAfter(0);
        t.yPosition = 0;
        t.xVelocity = (s.trackAfter(0) - s.trackBefore(0)) / dt;
        t.yVelocity = 0;
        t.forward = t.xVelocity;
        t.survive = healthyReward();
        t.ctrlCost = ctrlCostWeight() * Task.squaredNorm(action, aoff, nu);
        t.contactCost = 0;
    }

    @Override
    public void resetState(RandomGenerator rng, double[] qpos0, double[] qpos, double[] qvel) {
        double c = resetNoiseScale();
        Task.uniformNoise(rng, qpos0, c, qpos);
        if (gaussianVelocityNoise()) {
            for (int i = 0; i < qvel.length; i++) {
                qvel[i] = c * rng.nextGaussian();
            }
        } else {
            Task.uniformNoise(rng, null, c, qvel);
        }
    }
}
