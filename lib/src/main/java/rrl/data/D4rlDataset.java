package rrl.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rrl.guard.MemoryBudget;
import rrl.guard.NumberRule;

/**
 * Immutable in-memory dataset in D4RL's flat layout (observations, actions, rewards, terminals, timeouts,
 * optional next_observations and infos/qpos, infos/qvel), stored as row-major float[] / boolean[] so it
 * feeds float[] networks directly. Read and written as HDF5 by {@link D4rlHdf5}.
 *
 * <p>Accessors return copies: the arrays are large, so hot paths should use {@link #qlearningView()}
 * (built once) or the per-element getters instead of calling the array accessors in a loop.
 */
public final class D4rlDataset {
    private static final String MEMORY = "<memory>";
    private final int size;
    private final int obsDim;
    private final int actDim;
    private final float[] observations;
    private final float[] actions;
    private final float[] rewards;
    private final boolean[] terminals;
    private final boolean[] timeouts;
    private final float[] nextObservations; // null when absent
    private final float[] qpos;             // null when absent
    private final int qposDim;
    private final float[] qvel;             // null when absent
    private final int qvelDim;
    private final String source;            // the file it was read from; null in memory
    private volatile String sha256;         // content hash, computed on first use

    private D4rlDataset(String source, int size, int obsDim, int actDim, float[] observations, float[] actions, float[] rewards,
                        boolean[] terminals, boolean[] timeouts, float[] nextObservations,
                        float[] qpos, int qposDim, float[] qvel, int qvelDim) {
        this.source = source;
        this.size = size;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.observations = observations;
        this.actions = actions;
        this.rewards = rewards;
        this.terminals = terminals;
        this.timeouts = timeouts;
        this.nextObservations = nextObservations;
        this.qpos = qpos;
        this.qposDim = qposDim;
        this.qvel = qvel;
        this.qvelDim = qvelDim;
    }

    /**
     * Builds a dataset from copies of the given arrays; {@code nextObservations}, {@code qpos} and
     * {@code qvel} may be null (their dims are then ignored). Sizes are checked against {@code size}.
     */
    public static D4rlDataset of(int size, int obsDim, int actDim, float[] observations, float[] actions,
                                 float[] rewards, boolean[] terminals, boolean[] timeouts,
                                 float[] nextObservations, float[] qpos, int qposDim, float[] qvel, int qvelDim) {
        return create(MEMORY, size, obsDim, actDim, copy(observations), copy(actions), copy(rewards),
                terminals == null ? null : terminals.clone(), timeouts == null ? null : timeouts.clone(),
                copy(nextObservations), copy(qpos), qposDim, copy(qvel), qvelDim);
    }

    /** Shorthand for a dataset without next_observations and infos. */
    public static D4rlDataset of(int size, int obsDim, int actDim, float[] observations, float[] actions,
                                 float[] rewards, boolean[] terminals, boolean[] timeouts) {
        return of(size, obsDim, actDim, observations, actions, rewards, terminals, timeouts, null, null, 0, null, 0);
    }

    /** Takes ownership of the arrays (no copy): used by the reader, whose arrays nobody else holds. */
    static D4rlDataset create(String source, int size, int obsDim, int actDim, float[] observations,
                              float[] actions, float[] rewards, boolean[] terminals, boolean[] timeouts,
                              float[] nextObservations, float[] qpos, int qposDim, float[] qvel, int qvelDim) {
        if (size < 0 || obsDim < 1 || actDim < 1) {
            throw new D4rlFormatException(source + ": need size >= 0, obsDim >= 1 and actDim >= 1, got size="
                    + size + " obsDim=" + obsDim + " actDim=" + actDim);
        }
        check(source, "observations", observations, size, obsDim);
        check(source, "actions", actions, size, actDim);
        check(source, "rewards", rewards, size, 1);
        checkBool(source, "terminals", terminals, size);
        checkBool(source, "timeouts", timeouts, size);
        if (nextObservations != null) {
            check(source, "next_observations", nextObservations, size, obsDim);
        }
        if (qpos != null) {
            check(source, "infos/qpos", qpos, size, qposDim);
        }
        if (qvel != null) {
            check(source, "infos/qvel", qvel, size, qvelDim);
        }
        requireFinite(source, "observations", observations, obsDim);
        requireFinite(source, "actions", actions, actDim);
        requireFinite(source, "rewards", rewards, 1);
        requireFinite(source, "next_observations", nextObservations, obsDim);
        requireFinite(source, "infos/qpos", qpos, qposDim);
        requireFinite(source, "infos/qvel", qvel, qvelDim);
        return new D4rlDataset(MEMORY.equals(source) ? null : source, size, obsDim, actDim, observations, actions,
                rewards, terminals, timeouts,
                nextObservations, qpos, qpos == null ? 0 : qposDim, qvel, qvel == null ? 0 : qvelDim);
    }

    private static void check(String source, String key, float[] a, int rows, int dim) {
        if (a == null) {
            throw new D4rlFormatException(source + ": " + key + " is missing; a D4RL dataset needs observations, "
                    + "actions, rewards, terminals, timeouts");
        }
        if (dim < 1 || (long) rows * dim != a.length) {
            throw new D4rlFormatException(source + ": " + key + " has " + a.length + " values, expected " + rows
                    + " rows x " + dim + " = " + ((long) rows * dim) + "; every key needs one row per transition");
        }
    }

    /**
     * Every stored number must be finite: one NaN or Infinity spreads through the observation normaliser and
     * every network update, so it is refused at load with the file, key, row and column.
     */
    private static void requireFinite(String source, String key, float[] a, int dim) {
        if (a == null) {
            return;
        }
        int bad = NumberRule.FINITE.firstRefused(a);
        if (bad >= 0) {
            String where = source + ": " + key + " row " + (bad / dim) + (dim > 1 ? " column " + (bad % dim) : "");
            throw new D4rlFormatException(NumberRule.FINITE.refusal(where, a[bad], "D4RL data")
                    + " A NaN or Infinity would spread through the observation normaliser and every update; "
                    + "regenerate the file or drop that transition.");
        }
    }

    private static void checkBool(String source, String key, boolean[] a, int rows) {
        if (a == null) {
            throw new D4rlFormatException(source + ": " + key + " is missing; a D4RL dataset needs observations, "
                    + "actions, rewards, terminals, timeouts");
        }
        if (a.length != rows) {
            throw new D4rlFormatException(source + ": " + key + " has " + a.length + " rows but observations has "
                    + rows + "; every key needs one row per transition");
        }
    }

    private static float[] copy(float[] a) {
        return a == null ? null : a.clone();
    }

    /**
     * Reads a D4RL HDF5 file (float32 or float64 arrays; bool, integer or float flags; extra keys are ignored) or a
     * Minari dataset in its hdf5 storage (the dataset folder, its data folder or its main_data.hdf5), told apart by
     * the file's layout; a Minari dataset becomes D4RL rows by the rule in {@link MinariHdf5} (observations and
     * next_observations from each episode's T+1 observations, terminals = terminations, timeouts = truncations).
     */
    public static D4rlDataset read(Path file) {
        return D4rlHdf5.read(file);
    }

    /**
     * The HDF5 file that {@link #read} reads for {@code given}: a Minari dataset folder's data/main_data.hdf5, or
     * {@code given} itself (what a record hashes as the source file).
     */
    public static Path dataFile(Path given) {
        return MinariHdf5.dataFile(given);
    }

    /**
     * Writes this dataset as a Minari dataset folder ({@code folder/data/main_data.hdf5} and
     * {@code folder/data/metadata.json}, loadable by {@code minari.load_dataset(datasetId)} when {@code folder} is
     * {@code $MINARI_DATASETS_PATH/<datasetId>}), cut into episodes at terminal and timeout rows by the rule in
     * {@link MinariHdf5}; needs next_observations. Atomic: the folder appears whole or not at all; it must not exist
     * (or be empty).
     *
     * @param datasetId Minari's {@code (namespace/)name-vN} id recorded in the metadata
     */
    public void writeMinari(Path folder, String datasetId) {
        if (datasetId == null || !datasetId.matches("([^/]+/)*[^/]+-v\\d+")) {
            throw new IllegalArgumentException("Minari dataset id '" + datasetId + "' is malformed; Minari ids are "
                    + "(namespace/)name-vN, e.g. rrl/hopper/expert-v0");
        }
        rrl.io.AtomicFiles.writeFolder(folder, tmp -> MinariHdf5.write(this, tmp, datasetId));
    }

    /**
     * Writes this dataset as a D4RL-layout HDF5 file (float32 arrays, int8 0/1 flags), replacing {@code file}
     * atomically: a kill mid-write leaves the old file (or none), never a half-written one.
     */
    public void write(Path file) {
        rrl.io.AtomicFiles.write(file, tmp -> D4rlHdf5.write(this, tmp));
    }

    /**
     * As {@link #write(Path)}, with {@code extra} stored as a top-level group of per-row flags and text attributes
     * (D4RL's readers skip it; {@link #readFlags} reads it back).
     */
    public void write(Path file, FlagGroup extra) {
        rrl.io.AtomicFiles.write(file, tmp -> D4rlHdf5.write(this, tmp, extra));
    }

    /** The flag group {@code name} that {@link #write(Path, FlagGroup)} stored in {@code file}, or null if it has none. */
    public static FlagGroup readFlags(Path file, String name) {
        return D4rlHdf5.readFlags(file, name);
    }

    /**
     * A dataset whose {@link #qlearningView()} is exactly {@code t} (and which D4RL's {@code qlearning_dataset}
     * reads as the same transitions): transition k becomes rows 2k (its observation, action, reward and terminal
     * flag) and 2k + 1 (its next observation, a zero action, reward 0, flagged as a timeout so that the q-learning
     * rule takes it as row 2k's successor and yields no transition of its own). Each row's next_observations holds
     * the transition's next observation. This is how a set of transitions whose observations and next observations
     * were changed independently (e.g. corrupted) is written as a D4RL file; episode statistics of such a file are
     * those of one-transition episodes.
     */
    public static D4rlDataset ofTransitions(Transitions t) {
        int c = t.count();
        int od = t.obsDim();
        int ad = t.actDim();
        MemoryBudget.requireArrayLength("a D4RL file of " + c + " transitions (two rows each)", 2L * c * od,
                "use fewer transitions");
        float[] obs = new float[2 * c * od];
        float[] next = new float[2 * c * od];
        float[] act = new float[2 * c * ad];
        float[] rew = new float[2 * c];
        boolean[] term = new boolean[2 * c];
        boolean[] tout = new boolean[2 * c];
        for (int k = 0; k < c; k++) {
            System.arraycopy(t.obs(), k * od, obs, 2 * k * od, od);
            System.arraycopy(t.nextObs(), k * od, obs, (2 * k + 1) * od, od);
            System.arraycopy(t.nextObs(), k * od, next, 2 * k * od, od);
            System.arraycopy(t.nextObs(), k * od, next, (2 * k + 1) * od, od);
            System.arraycopy(t.actions(), k * ad, act, 2 * k * ad, ad);
            rew[2 * k] = t.rewards()[k];
            term[2 * k] = t.dones()[k] != 0;
            tout[2 * k + 1] = true;
        }
        return create(MEMORY, 2 * c, od, ad, obs, act, rew, term, tout, next, null, 0, null, 0);
    }

    /** The file this dataset was read from (as given to {@link #read}), or null for a dataset made in memory. */
    public String source() {
        return source;
    }

    /**
     * SHA-256 (64 hex digits) of the dataset's content: sizes, then every array present (observations, actions,
     * rewards, terminals, timeouts, next_observations, infos/qpos, infos/qvel) as little-endian float32 and 0/1
     * bytes. It depends on the numbers only, not on the HDF5 layout (chunking, compression, float64 storage of the
     * same float32 values), and is the same for a file and for the dataset it was read into. About 0.1 s for a
     * 1M-row Hopper file with next_observations and infos (146 MB of arrays, 2-vCPU EPYC); computed once per dataset.
     */
    public String sha256() {
        String h = sha256;
        if (h == null) {
            h = ContentHash.of(this);
            sha256 = h;
        }
        return h;
    }

    /** Number of rows (transitions as stored). */
    public int size() {
        return size;
    }

    /** Observation width. */
    public int obsDim() {
        return obsDim;
    }

    /** Action width. */
    public int actDim() {
        return actDim;
    }

    /** infos/qpos width, 0 when absent. */
    public int qposDim() {
        return qposDim;
    }

    /** infos/qvel width, 0 when absent. */
    public int qvelDim() {
        return qvelDim;
    }

    /** Copy of the observations, row-major size x obsDim. */
    public float[] observations() {
        return observations.clone();
    }

    /** Copy of the actions, row-major size x actDim. */
    public float[] actions() {
        return actions.clone();
    }

    /** Copy of the rewards. */
    public float[] rewards() {
        return rewards.clone();
    }

    /** Copy of the terminal flags (true environment terminations). */
    public boolean[] terminals() {
        return terminals.clone();
    }

    /** Copy of the timeout flags (episode cut by the step limit). */
    public boolean[] timeouts() {
        return timeouts.clone();
    }

    /** Whether the file carried next_observations. */
    public boolean hasNextObservations() {
        return nextObservations != null;
    }

    /** Copy of the stored next_observations, or null when absent. */
    public float[] nextObservations() {
        return copy(nextObservations);
    }

    /** Copy of infos/qpos (size x qposDim), or null when absent. */
    public float[] qpos() {
        return copy(qpos);
    }

    /** Copy of infos/qvel (size x qvelDim), or null when absent. */
    public float[] qvel() {
        return copy(qvel);
    }

    /** Observation element (row, dim) without copying. */
    public float observation(int row, int dim) {
        return observations[row * obsDim + checkDim(dim, obsDim)];
    }

    /** Action element (row, dim) without copying. */
    public float action(int row, int dim) {
        return actions[row * actDim + checkDim(dim, actDim)];
    }

    /** Reward of row. */
    public float reward(int row) {
        return rewards[row];
    }

    /** Terminal flag of row. */
    public boolean terminal(int row) {
        return terminals[row];
    }

    /** Timeout flag of row. */
    public boolean timeout(int row) {
        return timeouts[row];
    }

    private static int checkDim(int dim, int width) {
        // Without this a bad dim silently reads the neighbouring row.
        if (dim < 0 || dim >= width) {
            throw new IndexOutOfBoundsException("dim " + dim + " out of range 0.." + (width - 1));
        }
        return dim;
    }

    // Package-private raw access for the writer, which must not pay for copies.
    float[] rawObservations() { return observations; }
    float[] rawActions() { return actions; }
    float[] rawRewards() { return rewards; }
    boolean[] rawTerminals() { return terminals; }
    boolean[] rawTimeouts() { return timeouts; }
    float[] rawNextObservations() { return nextObservations; }
    float[] rawQpos() { return qpos; }
    float[] rawQvel() { return qvel; }

    /**
     * Transitions as {@code d4rl.qlearning_dataset(env, dataset)} builds them: next observation =
     * observations[i+1] (the stored next_observations key is not used, as in D4RL), every transition
     * flagged {@code timeouts} is dropped (its successor row starts a new episode), terminals are kept with
     * done = 1, and the last row is dropped because it has no successor row.
     *
     * <p>Every learner reads the data through this view, so an empty one is refused here, with what to do,
     * before any training starts (not later as a NaN normaliser or an empty replay).
     *
     * @throws IllegalArgumentException if no transition remains (every row a timeout, or a single row)
     */
    public Transitions qlearningView() {
        int n = size == 0 ? 0 : size - 1;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!timeouts[i]) {
                kept++;
            }
        }
        if (kept == 0) {
            int flagged = 0;
            for (boolean t : timeouts) {
                flagged += t ? 1 : 0;
            }
            throw new IllegalArgumentException("no transitions remain after D4RL's q-learning rule (a row whose "
                    + "timeout flag is set, or the last row, yields no transition): the dataset has " + size
                    + " row(s), " + flagged + " with the timeout flag; use a dataset with complete transitions "
                    + "(more rows, not every one a timeout)");
        }
        MemoryBudget.requireArrayLength("the q-learning view of " + kept + " transitions", (long) kept * obsDim,
                "use a smaller dataset");
        MemoryBudget.require(new MemoryBudget.Request("the q-learning view of " + kept + " transitions",
                4L * kept * (2L * obsDim + actDim + 2), 0, "a copy of the dataset's transitions",
                "use a smaller dataset or raise -Xmx", kept));
        float[] obs = new float[kept * obsDim];
        float[] next = new float[kept * obsDim];
        float[] act = new float[kept * actDim];
        float[] rew = new float[kept];
        float[] done = new float[kept];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (timeouts[i]) {
                continue;
            }
            System.arraycopy(observations, i * obsDim, obs, k * obsDim, obsDim);
            System.arraycopy(observations, (i + 1) * obsDim, next, k * obsDim, obsDim);
            System.arraycopy(actions, i * actDim, act, k * actDim, actDim);
            rew[k] = rewards[i];
            done[k] = terminals[i] ? 1f : 0f;
            k++;
        }
        return new Transitions(obs, act, rew, next, done, kept, obsDim, actDim);
    }

    /**
     * The first row of each episode, in row order, by D4RL's rule: an episode ends at a row flagged terminal or
     * timeout, and the next row starts the next one; rows after the last flagged row form a last episode cut by the
     * dataset's size (as D4RL's files end). Episode e spans rows {@code [starts[e], starts[e + 1])}, the last one up to
     * {@link #size()}. Empty for an empty dataset.
     */
    public int[] episodeStarts() {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || terminals[i - 1] || timeouts[i - 1]) {
                count++;
            }
        }
        int[] starts = new int[count];
        int e = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || terminals[i - 1] || timeouts[i - 1]) {
                starts[e++] = i;
            }
        }
        return starts;
    }

    /**
     * This dataset with other actions ({@code size x actDim}, copied and checked finite as any dataset's); every other
     * array (observations, rewards, flags, next_observations, infos) is the same, shared, not copied (both are
     * immutable).
     */
    public D4rlDataset withActions(float[] newActions) {
        return create(MEMORY, size, obsDim, actDim, observations, copy(newActions), rewards, terminals, timeouts,
                nextObservations, qpos, qposDim, qvel, qvelDim);
    }

    /** Observation mean/std per dimension and episode returns; see {@link DatasetStatistics}. */
    public DatasetStatistics statistics() {
        double[] mean = new double[obsDim];
        double[] std = new double[obsDim];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < obsDim; j++) {
                mean[j] += observations[i * obsDim + j];
            }
        }
        for (int j = 0; j < obsDim; j++) {
            mean[j] = size == 0 ? 0 : mean[j] / size;
        }
        // Two-pass variance: one pass of sum of squares loses precision on 1M-row datasets.
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < obsDim; j++) {
                double d = observations[i * obsDim + j] - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < obsDim; j++) {
            std[j] = size == 0 ? 0 : Math.sqrt(std[j] / size);
        }
        List<Double> returns = new ArrayList<>();
        int[] starts = episodeStarts();
        for (int e = 0; e < starts.length; e++) {
            int end = e + 1 < starts.length ? starts[e + 1] : size;
            double ret = 0;
            for (int i = starts[e]; i < end; i++) {
                ret += rewards[i];
            }
            returns.add(ret);
        }
        double min = Double.NaN;
        double max = Double.NaN;
        double sum = 0;
        for (double r : returns) {
            min = Double.isNaN(min) ? r : Math.min(min, r);
            max = Double.isNaN(max) ? r : Math.max(max, r);
            sum += r;
        }
        double meanRet = returns.isEmpty() ? Double.NaN : sum / returns.size();
        return new DatasetStatistics(mean, std, returns.size(), returns, min, meanRet, max);
    }

    @Override
    public String toString() {
        return "D4rlDataset[size=" + size + ", obsDim=" + obsDim + ", actDim=" + actDim
                + (nextObservations != null ? ", next_observations" : "")
                + (qpos != null ? ", qpos " + qposDim : "") + (qvel != null ? ", qvel " + qvelDim : "") + "]";
    }
}
