package rrl.data;

import java.util.ArrayList;
import java.util.List;
import rrl.env.BatchEnv;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.guard.MemoryBudget;
import rrl.progress.ProgressBar;
import rrl.policy.BatchPolicy;

/**
 * Rolls a policy out and records a D4RL-layout dataset: observations, actions, rewards, next observations,
 * terminals (real terminations), timeouts (the 1000-step limit) and infos/qpos, infos/qvel. Each
 * simulator's episode is buffered and appended whole, so consecutive rows belong to one episode as D4RL's
 * q-learning view assumes; the dataset is cut at exactly {@code size} rows, so its last episode may be
 * incomplete, as in D4RL.
 */
public final class DatasetCollector {
    private DatasetCollector() {}

    /**
     * What stands between the policy's command and the simulators while collecting, e.g. paper 2's actuator fault
     * {@code a + δ ⊙ a} ({@code rrl.attack.ActionPerturbedDataset.Recollection} over a
     * {@code rrl.attack.PerturbedVectorEnv}): the collector steps {@link #around}'s env, stores
     * {@link #storedActions} in each row and keeps {@link #episodeInfoDim} values per stored episode (e.g. its δ).
     * State, final observations and qpos/qvel are still read from the simulators themselves.
     */
    public interface Actuation {
        /** The env to step in place of {@code sim} (a wrapper around it; the collector closes {@code sim}). */
        BatchEnv around(VectorEnv sim);

        /** The n x actDim actions to store for the step just taken, given the policy's {@code commanded} ones. */
        double[] storedActions(double[] commanded);

        /** Values kept per stored episode; 0 for none. */
        int episodeInfoDim();

        /** Writes the values of {@code slot}'s episode that ended at the step just taken into {@code out[offset...]}. */
        void episodeInfo(int slot, double[] out, int offset);
    }

    /**
     * A collected dataset and, with an {@link Actuation}, its values per episode ({@code episodes x
     * episodeInfoDim}, row-major, in the order of {@link D4rlDataset#episodeStarts}; the last episode, cut by the
     * size, has its values too).
     */
    public record Collected(D4rlDataset dataset, double[] episodeInfo) {}

    /**
     * The Java heap a collection of {@code size} transitions of {@code task} takes with {@code numEnvs} environments:
     * the dataset's arrays (observations, next observations, actions, rewards, flags, qpos and qvel) plus the rows of
     * the episodes in progress (up to one episode per environment). Refuses at once a size whose arrays Java cannot
     * allocate.
     */
    public static MemoryBudget.Request memory(Task task, int size, int numEnvs) {
        int od = task.observationDim();
        int ad = task.actionDim();
        int nq;
        int nv;
        try (rrl.mujoco.MjcfModel m = rrl.mujoco.MjcfModel.loadResource(task.mjcfResource())) {
            nq = m.nq();
            nv = m.nv();
        }
        long perRow = 2L * od + ad + 1 + nq + nv;
        String what = "collecting a dataset of " + size + " " + task.name() + " transitions";
        MemoryBudget.requireArrayLength(what, (long) size * Math.max(od, Math.max(nq, nv)), "collect fewer");
        return new MemoryBudget.Request(what, 4L * size * perRow + 2L * size
                + (long) numEnvs * task.maxEpisodeSteps() * (4L * (perRow + 2) + 32), 0,
                MemoryBudget.bytes(4L * perRow) + " per transition", "collect fewer transitions", size);
    }

    /** Simulators of {@link #sampled}: the number the fine-tuning setups have collected their data on. */
    public static final int SAMPLED_ENVS = 10;

    /**
     * {@code size} transitions of {@code policy}'s rollouts with its sampling actions (D4RL's behaviour data is
     * sampled from the policy, not its mean) on {@link #SAMPLED_ENVS} simulators, {@code seed} seeding both the action
     * noise and the simulators. With the shipped SAC expert this is the data a paper-1 fine-tuning setup of seed
     * {@code seed} trains pi_off on ({@code rrl.finetune.FineTuningSetup#offlineData}), and what
     * {@code rrl datasets collect} writes.
     *
     * @throws rrl.guard.MemoryLimitException when the dataset and the simulators do not fit
     */
    public static D4rlDataset sampled(Task task, rrl.policy.ActorPolicy policy, int size, long seed, String label) {
        return collect(task, policy.sampling(seed), size, SAMPLED_ENVS, seed, label);
    }

    /**
     * Collects {@code size} transitions of {@code policy} on {@code numEnvs} environments of {@code task}. The
     * dataset's heap and the simulators are checked together before either is allocated.
     *
     * @throws rrl.guard.MemoryLimitException when they do not fit
     */
    public static D4rlDataset collect(Task task, BatchPolicy policy, int size, int numEnvs, long seed, String label) {
        return collect(task, policy, size, numEnvs, seed, label, null).dataset();
    }

    /**
     * As {@link #collect(Task, BatchPolicy, int, int, long, String)}, the simulators stepped through {@code actuation}
     * (null: directly, storing the command).
     */
    public static Collected collect(Task task, BatchPolicy policy, int size, int numEnvs, long seed, String label,
                                    Actuation actuation) {
        int od = task.observationDim();
        int ad = task.actionDim();
        MemoryBudget.requireAll(List.of(memory(task, size, numEnvs), VectorEnv.memory(task, numEnvs)));
        try (VectorEnv env = new VectorEnv(task, numEnvs, rrl.parallel.WorkerPool.defaultThreads(), true)) {
            int nq = env.nq();
            int nv = env.nv();
            float[] obs = new float[size * od];
            float[] next = new float[size * od];
            float[] act = new float[size * ad];
            float[] rew = new float[size];
            boolean[] term = new boolean[size];
            boolean[] timeout = new boolean[size];
            float[] qpos = new float[size * nq];
            float[] qvel = new float[size * nv];
            List<List<float[]>> episodes = new ArrayList<>();
            for (int i = 0; i < numEnvs; i++) {
                episodes.add(new ArrayList<>());
            }
            BatchEnv stepped = actuation == null ? env : actuation.around(env);
            int infoDim = actuation == null ? 0 : actuation.episodeInfoDim();
            double[] info = new double[infoDim];
            List<double[]> episodeInfo = new ArrayList<>();
            double[] cur = stepped.reset(seed).clone();
            double[] actions = new double[numEnvs * ad];
            double[] q = new double[nq];
            double[] v = new double[nv];
            double[][] stateBefore = new double[numEnvs][nq + nv];
            int filled = 0;
            try (ProgressBar bar = label == null ? null : new ProgressBar(
                    label.startsWith(task.name()) ? label : task.name() + " " + label, size, "transitions")) {
                while (filled < size) {
                    if (Thread.interrupted()) {
                        throw new java.util.concurrent.CancellationException("collection interrupted at " + filled + " rows");
                    }
                    for (int i = 0; i < numEnvs; i++) {
                        env.state(i, q, v);
                        System.arraycopy(q, 0, stateBefore[i], 0, nq);
                        System.arraycopy(v, 0, stateBefore[i], nq, nv);
                    }
                    policy.act(cur, numEnvs, actions);
                    stepped.step(actions);
                    double[] stored = actuation == null ? actions : actuation.storedActions(actions);
                    for (int i = 0; i < numEnvs && filled < size; i++) {
                        boolean t = env.terminated()[i];
                        boolean tr = env.truncated()[i];
                        double[] nextObs = t || tr ? env.finalObservations() : env.observations();
                        // one row: obs, act, reward, next obs, terminal, timeout, qpos, qvel (state before the step)
                        float[] row = new float[2 * od + ad + 3 + nq + nv];
                        int k = 0;
                        for (int j = 0; j < od; j++) {
                            row[k++] = (float) cur[i * od + j];
                        }
                        for (int j = 0; j < ad; j++) {
                            row[k++] = (float) stored[i * ad + j];
                        }
                        row[k++] = (float) env.rewards()[i];
                        for (int j = 0; j < od; j++) {
                            row[k++] = (float) nextObs[i * od + j];
                        }
                        row[k++] = t ? 1f : 0f;
                        row[k++] = tr && !t ? 1f : 0f;
                        for (int j = 0; j < nq + nv; j++) {
                            row[k++] = (float) stateBefore[i][j];
                        }
                        episodes.get(i).add(row);
                        if ((t || tr) && infoDim > 0 && filled < size) { // an episode that is stored, if cut
                            // (episodes are appended whole, so their order is D4RL's episode order)
                            actuation.episodeInfo(i, info, 0);
                            episodeInfo.add(info.clone());
                        }
                        if (t || tr) {
                            for (float[] r : episodes.get(i)) {
                                if (filled == size) {
                                    break;
                                }
                                unpack(r, filled++, od, ad, nq, nv, obs, act, rew, next, term, timeout, qpos, qvel);
                                if (bar != null) {
                                    bar.step(1);
                                }
                            }
                            episodes.get(i).clear();
                        }
                    }
                    System.arraycopy(env.observations(), 0, cur, 0, cur.length);
                }
            }
            double[] infos = new double[episodeInfo.size() * infoDim];
            for (int e = 0; e < episodeInfo.size(); e++) {
                System.arraycopy(episodeInfo.get(e), 0, infos, e * infoDim, infoDim);
            }
            return new Collected(D4rlDataset.of(size, od, ad, obs, act, rew, term, timeout, next, qpos, nq, qvel, nv),
                    infos);
        }
    }

    private static void unpack(float[] r, int row, int od, int ad, int nq, int nv, float[] obs, float[] act, float[] rew,
                               float[] next, boolean[] term, boolean[] timeout, float[] qpos, float[] qvel) {
        int k = 0;
        System.arraycopy(r, k, obs, row * od, od);
        k += od;
        System.arraycopy(r, k, act, row * ad, ad);
        k += ad;
        rew[row] = r[k++];
        System.arraycopy(r, k, next, row * od, od);
        k += od;
        term[row] = r[k++] != 0f;
        timeout[row] = r[k++] != 0f;
        System.arraycopy(r, k, qpos, row * nq, nq);
        k += nq;
        System.arraycopy(r, k, qvel, row * nv, nv);
    }
}
