package rrl.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import rrl.env.VectorEnv;
import rrl.progress.ProgressBar;

/**
 * Runs whole episodes of a batched policy on a vector env. The same code serves tours, evaluation and
 * data collection. Each environment slot gets a fixed quota of episodes (episodes / n, the first slots one
 * more) and the run ends when every quota is met: taking "the first k episodes to finish" instead would
 * over-sample short episodes, biasing returns downward.
 */
public final class Rollouts {
    private Rollouts() {}

    /** Runs {@code episodes} episodes from {@code env.reset(seed)}; results ordered by (env, index). */
    public static List<Episode> run(VectorEnv env, BatchPolicy policy, int episodes, long seed, boolean showProgress) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        int n = env.numEnvs();
        int[] quota = new int[n];
        for (int i = 0; i < n; i++) {
            quota[i] = episodes / n + (i < episodes % n ? 1 : 0);
        }
        int[] finished = new int[n];
        List<List<Double>> traces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            traces.add(new ArrayList<>());
        }
        List<Episode> out = new ArrayList<>(episodes);
        double[] obs = env.reset(seed);
        double[] actions = new double[n * env.actionDim()];
        try (ProgressBar bar = showProgress ? new ProgressBar(env.task().name() + " episodes", episodes) : null) {
            while (out.size() < episodes) {
                if (Thread.interrupted()) {
                    // A notebook "interrupt" or Ctrl-C: stop cleanly with what is known.
                    throw new java.util.concurrent.CancellationException("rollout interrupted after "
                            + out.size() + " of " + episodes + " episodes");
                }
                policy.act(obs, n, actions);
                env.step(actions);
                obs = env.observations();
                for (int i = 0; i < n; i++) {
                    if (finished[i] >= quota[i]) {
                        continue;
                    }
                    traces.get(i).add(env.rewards()[i]);
                    if (env.terminated()[i] || env.truncated()[i]) {
                        double[] r = traces.get(i).stream().mapToDouble(Double::doubleValue).toArray();
                        out.add(new Episode(i, finished[i], env.finishedReturn(i), env.finishedLength(i),
                                env.terminated()[i], r));
                        traces.get(i).clear();
                        finished[i]++;
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
