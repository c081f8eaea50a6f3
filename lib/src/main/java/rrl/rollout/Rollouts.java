package rrl.rollout;

import rrl.policy.BatchPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import rrl.env.BatchEnv;
import rrl.progress.ProgressBar;

/**
 * Runs whole episodes of a batched policy on a batch env. The same code serves tours, evaluation, attacks
 * and data collection. Each environment slot gets a fixed quota of episodes (episodes / n, the first slots
 * one more) and the run ends when every quota is met: taking "the first k episodes to finish" instead would
 * over-sample short episodes, biasing returns downward. Slots whose quota is met stop stepping and leave
 * the policy batch, so the tail of a run costs only the episodes still running.
 */
public final class Rollouts {
    private Rollouts() {}

    /** Runs {@code episodes} episodes from {@code env.reset(seed)}; results ordered by (env, index). */
    public static List<Episode> run(BatchEnv env, BatchPolicy policy, int episodes, long seed, boolean showProgress) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        int n = env.numEnvs();
        int[] quota = new int[n];
        for (int i = 0; i < n; i++) {
            quota[i] = episodes / n + (i < episodes % n ? 1 : 0);
        }
        env.reset(seed);
        // The bar names the policy when its name is short (Policies' named ones), not a network's whole summary.
        String who = String.valueOf(policy);
        return loop(env, policy, quota, showProgress ? env.task().name() + " rollouts" + (who.length() <= 40 ? " of " + who : "")
                : null);
    }

    /**
     * Runs exactly one episode in every slot, slot i reset from {@code seeds[i]} (equal seeds, equal initial
     * states); results ordered by slot. {@code progressLabel} null for no progress bar.
     */
    public static List<Episode> onePerSlot(BatchEnv env, BatchPolicy policy, long[] seeds, String progressLabel) {
        int[] quota = new int[env.numEnvs()];
        java.util.Arrays.fill(quota, 1);
        env.resetEach(seeds);
        return loop(env, policy, quota, progressLabel);
    }

    private static List<Episode> loop(BatchEnv env, BatchPolicy policy, int[] quota, String progressLabel) {
        int n = env.numEnvs();
        int obsDim = env.observationDim();
        int actDim = env.actionDim();
        int episodes = 0;
        for (int q : quota) {
            episodes += q;
        }
        int[] finished = new int[n];
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            active[i] = quota[i] > 0;
        }
        List<List<Double>> traces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            traces.add(new ArrayList<>());
        }
        List<Episode> out = new ArrayList<>(episodes);
        double[] actions = new double[n * actDim];
        double[] packedObs = new double[n * obsDim];
        double[] packedAct = new double[n * actDim];
        int[] slots = new int[n];
        try (ProgressBar bar = progressLabel != null ? new ProgressBar(progressLabel, episodes, "episodes") : null) {
            while (out.size() < episodes) {
                if (Thread.interrupted()) {
                    // A notebook "interrupt" or Ctrl-C: stop cleanly with what is known.
                    throw new CancellationException("rollout interrupted after " + out.size() + " of "
                            + rrl.io.Messages.count(episodes, "episode"));
                }
                double[] obs = env.observations();
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (active[i]) {
                        slots[k++] = i;
                    }
                }
                if (k == n) {
                    policy.act(obs, n, actions);
                } else {
                    // One batched policy call over the running slots only.
                    for (int a = 0; a < k; a++) {
                        System.arraycopy(obs, slots[a] * obsDim, packedObs, a * obsDim, obsDim);
                    }
                    policy.act(packedObs, k, packedAct);
                    for (int a = 0; a < k; a++) {
                        System.arraycopy(packedAct, a * actDim, actions, slots[a] * actDim, actDim);
                    }
                }
                env.step(actions, active);
                for (int a = 0; a < k; a++) {
                    int i = slots[a];
                    traces.get(i).add(env.rewards()[i]);
                    if (env.terminated()[i] || env.truncated()[i]) {
                        double[] r = traces.get(i).stream().mapToDouble(Double::doubleValue).toArray();
                        out.add(new Episode(i, finished[i], env.finishedReturn(i), env.finishedLength(i),
                                env.terminated()[i], r));
                        traces.get(i).clear();
                        finished[i]++;
                        active[i] = finished[i] < quota[i];
                        if (bar != null) {
                            bar.step(1);
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(Episode::env).thenComparingInt(Episode::index));
        return out;
    }
}
