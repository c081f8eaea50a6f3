package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.Adam;
import rrl.replay.TransitionBatch;

/**
 * The critic side shared by TD3, TD3+BC and SAC: twin critics, their target copies, one Adam each, the
 * clipped-double-Q regression loss MSE(Q1, y) + MSE(Q2, y), Polyak target updates and checkpointing.
 * The learners differ only in how they compute the targets y and in their actors.
 */
final class Critics {
    final TwinCritic online;
    final TwinCritic target;
    private final Adam opt1;
    private final Adam opt2;
    private float[] g1 = new float[0];
    private float[] g2 = new float[0];

    Critics(int obsDim, int actDim, int[] hidden, double lr, long seed) {
        this.online = new TwinCritic(obsDim, actDim, hidden, seed);
        this.target = new TwinCritic(obsDim, actDim, hidden, seed);
        target.copyFrom(online);
        this.opt1 = new Adam(new Adam.Config(lr, 0.9, 0.999, 1e-8), online.q1.params().length);
        this.opt2 = new Adam(new Adam.Config(lr, 0.9, 0.999, 1e-8), online.q2.params().length);
    }

    /** MSE(Q1, y) + MSE(Q2, y) on the batch's (obs, action); leaves the gradients in the critics, returns the loss. */
    double lossAndGradients(TransitionBatch batch, float[] y) {
        int n = batch.size;
        if (g1.length < n) {
            g1 = new float[n];
            g2 = new float[n];
        }
        online.q1.zeroGrad();
        online.q2.zeroGrad();
        online.forwardBoth(batch.obs, batch.actions, n);
        float[] q1 = online.lastQ1();
        float[] q2 = online.lastQ2();
        double loss = 0;
        for (int b = 0; b < n; b++) {
            double e1 = q1[b] - y[b];
            double e2 = q2[b] - y[b];
            loss += (e1 * e1 + e2 * e2) / n;
            g1[b] = (float) (2 * e1 / n);
            g2[b] = (float) (2 * e2 / n);
        }
        // forwardBoth ran q1 then q2 on the same input, so each network still holds its own activations
        online.q1.backward(g1, true, false);
        online.q2.backward(g2, true, false);
        return loss;
    }

    /** One regression step towards y; returns the loss before the step. */
    double step(TransitionBatch batch, float[] y) {
        double loss = lossAndGradients(batch, y);
        opt1.step(online.q1.params(), online.q1.grads());
        opt2.step(online.q2.params(), online.q2.grads());
        return loss;
    }

    void softUpdateTargets(float tau) {
        target.softUpdateFrom(online, tau);
    }

    /** The four critic networks only (optimisers keep their current state). */
    void restoreNetworks(Checkpoint c) {
        online.q1.restore(c, "q1");
        online.q2.restore(c, "q2");
        target.q1.restore(c, "q1_target");
        target.q2.restore(c, "q2_target");
    }

    void save(Checkpoint c) {
        online.q1.save(c, "q1");
        online.q2.save(c, "q2");
        target.q1.save(c, "q1_target");
        target.q2.save(c, "q2_target");
        opt1.save(c, "adam_q1");
        opt2.save(c, "adam_q2");
    }

    void restore(Checkpoint c) {
        restoreNetworks(c);
        opt1.restore(c, "adam_q1");
        opt2.restore(c, "adam_q2");
    }
}
