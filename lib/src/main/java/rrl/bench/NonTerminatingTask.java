package rrl.bench;

import java.util.random.RandomGenerator;
import rrl.env.RewardTerms;
import rrl.env.StateRow;
import rrl.env.Task;

/**
 * A task with termination switched off, so benchmark episodes last the full 1000 steps on both sides of a
 * comparison with a plain C loop (which cannot know when an episode would have ended). Without it the Java
 * side would spend more time in cheap upright states and look faster than it is.
 */
final class NonTerminatingTask implements Task {
    private final Task inner;

    NonTerminatingTask(Task inner) {
        this.inner = inner;
    }

    @Override public String name() { return inner.name(); }
    @Override public String gymnasiumId() { return inner.gymnasiumId(); }
    @Override public String mjcfResource() { return inner.mjcfResource(); }
    @Override public int frameSkip() { return inner.frameSkip(); }
    @Override public String trackedBody() { return inner.trackedBody(); }
    @Override public boolean usesContactForces() { return inner.usesContactForces(); }
    @Override public int observationDim() { return inner.observationDim(); }
    @Override public int actionDim() { return inner.actionDim(); }
    @Override public void observation(StateRow s, double[] out, int off) { inner.observation(s, out, off); }
    @Override public void reward(StateRow s, double[] a, int off, double dt, RewardTerms t) { inner.reward(s, a, off, dt, t); }
    @Override public boolean terminated(StateRow s) { return false; }

    @Override
    public void resetState(RandomGenerator rng, double[] qpos0, double[] qpos, double[] qvel) {
        inner.resetState(rng, qpos0, qpos, qvel);
    }
}
