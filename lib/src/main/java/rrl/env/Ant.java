package rrl.env;

import java.util.random.RandomGenerator;

/**
 * Gymnasium Ant-v4: free-floating torso with 8 hinge motors, frame skip 5 (dt 0.05 s). Forward reward is
 * the x velocity of the torso's xpos, survival reward 1, control cost 0.5 |a|^2; terminates when the state
 * is not finite or torso height leaves [0.2, 1.0]. Defaults from Gymnasium's gymnasium/envs/mujoco/ant_v4.py
 * (and gym's v2 ant.py for the D4RL layout; notebooks/references.md#gymnasium).
 */
public final class Ant implements Task {
    /** Which observation (and reward) layout to produce. */
    public enum Observation {
        /** Ant-v4 default: qpos[2:] (13) + qvel (14) = 27 dims, no contact cost. */
        V4(27),
        /**
         * D4RL ant-*-v2 layout: 111 dims whose contact-force part (27..110) is zero, as in that data
         * (mujoco-py 2.x never filled cfrc_ext), so the contact cost is zero too. For loading D4RL files.
         */
        D4RL(111),
        /** Ant-v4 with use_contact_forces=True: 111 dims with clip(cfrc_ext, -1, 1), plus the contact cost. */
        CONTACT_FORCES(111);

        final int dim;

        Observation(int dim) {
            this.dim = dim;
        }
    }

    private static final int NQ = 15;
    private static final int NV = 14;
    private static final int NU = 8;
    private static final int NBODY = 14;
    private final Observation layout;

    public Ant() {
        this(Observation.V4);
    }

    public Ant(Observation layout) {
        this.layout = layout;
    }

    public Observation layout() {
        return layout;
    }

    @Override
    public String name() {
        return "Ant";
    }

    @Override
    public String gymnasiumId() {
        return "Ant-v4";
    }

    @Override
    public String mjcfResource() {
        return "rrl/env/assets/ant.xml";
    }

    @Override
    public int frameSkip() {
        return 5;
    }

    @Override
    public String trackedBody() {
        return "torso";
    }

    @Override
    public boolean usesContactForces() {
        return layout == Observation.CONTACT_FORCES;
    }

    @Override
    public int observationDim() {
        return layout.dim;
    }

    @Override
    public int actionDim() {
        return NU;
    }

    @Override
    public void observation(StateRow s, double[] out, int off) {
        for (int i = 2; i < NQ; i++) {
            out[off++] = s.qpos(i);
        }
        for (int i = 0; i < NV; i++) {
            out[off++] = s.qvel(i);
        }
        if (layout == Observation.D4RL) {
            for (int i = 0; i < 6 * NBODY; i++) {
                out[off++] = 0.0;
            }
        } else if (layout == Observation.CONTACT_FORCES) {
            for (int b = 0; b < NBODY; b++) {
                for (int k = 0; k < 6; k++) {
                    out[off++] = clipUnit(s.contactForce(b, k));
                }
            }
        }
    }

    @Override
    public void reward(StateRow s, double[] action, int aoff, double dt, RewardTerms t) {
        t.xPosition = s.trackAfter(0);
        t.yPosition = s.trackAfter(1);
        t.xVelocity = (s.trackAfter(0) - s.trackBefore(0)) / dt;
        t.yVelocity = (s.trackAfter(1) - s.trackBefore(1)) / dt;
        t.forward = t.xVelocity;
        t.survive = 1.0;
        t.ctrlCost = 0.5 * Task.squaredNorm(action, aoff, NU);
        double contact = 0;
        if (layout == Observation.CONTACT_FORCES) {
            for (int b = 0; b < NBODY; b++) {
                for (int k = 0; k < 6; k++) {
                    double f = clipUnit(s.contactForce(b, k));
                    contact += f * f;
                }
            }
        }
        t.contactCost = 5e-4 * contact;
    }

    @Override
    public boolean terminated(StateRow s) {
        double z = s.qpos(2);
        return !s.finite() || !(z >= 0.2 && z <= 1.0);
    }

    @Override
    public void resetState(RandomGenerator rng, double[] qpos0, double[] qpos, double[] qvel) {
        // Noise is added to the quaternion entries too, without renormalising, exactly as Gymnasium does.
        Task.uniformNoise(rng, qpos0, 0.1, qpos);
        for (int i = 0; i < qvel.length; i++) {
            qvel[i] = 0.1 * rng.nextGaussian();
        }
    }

    private static double clipUnit(double v) {
        return Math.max(-1.0, Math.min(1.0, v));
    }

    @Override
    public String toString() {
        return Task.describe(this);
    }
}
