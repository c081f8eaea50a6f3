package rrl.attack;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rrl.data.D4rlDataset;
import rrl.data.DatasetRecord;
import rrl.io.NumericCsv;
import rrl.random.Rng;

/**
 * Paper 2's action-perturbed datasets (arXiv 2412.18781, §4.4, Table 3): a copy of a D4RL-format dataset
 * (normally an expert's) in which every action {@code a} (row i, {@code actDim} values in the action space's
 * units, Box(-1, 1) for all four tasks) is replaced by the perturbed action {@code a + δ ⊙ a}
 * ({@link ActionPerturbation}, paper 2 eq. 1) and clipped to [-1, 1] by default. Observations, rewards,
 * terminals, timeouts, next_observations and infos/qpos, infos/qvel are the source's, value for value: the states
 * come from the unperturbed rollout and only the stored action changes, as paper 2 describes.
 *
 * <p>{@code δ} (length {@code actDim}, unit-free: {@code δ_j = -0.3} is an actuator delivering 70% of the command)
 * is chosen per episode by a {@link PerturbationCondition}, episodes split as D4RL splits them
 * ({@link D4rlDataset#episodeStarts()}: a row flagged terminal or timeout ends one):
 * <ul>
 *   <li>random: a new {@code δ ~ U([-eps, eps]^Na)} per episode, drawn in row order from one {@link Rng} seeded
 *       with the given seed ({@link PerturbationCondition#random});
 *   <li>adversarial: one fixed {@code δ} for every row, e.g. the {@code delta.csv} of {@code rrl attack} against the
 *       expert policy that collected the data [our reading] (notebooks/our-reading.md#perturbed-datasets).
 * </ul>
 * {@code eps} defaults to {@link #PAPER_EPS}. Clipping the stored action to the action space is [our reading]
 * (notebooks/our-reading.md#perturbed-datasets): paper 2 gives only the formula; {@code clip = false} stores
 * {@code a + δ ⊙ a} as it is.
 *
 * <p>{@link #write} writes the HDF5 file with a JSON record beside it (source file and content SHA-256, kind, eps,
 * seed, δ, how many values were outside [-1, 1]) and, for random, a CSV of every episode's index, first row and δ,
 * so a reader can rebuild the file and check it.
 *
 * <p>The other reading, re-collecting the data by running the expert under the perturbation
 * ({@link #recollected}, made by {@code rrl.train.DatasetGeneration.recollect}), rolls the policy out with
 * {@link rrl.data.DatasetCollector} stepping a {@link PerturbedVectorEnv} through {@link Recollection}: the executed
 * action {@code a + δ ⊙ a} drives the states, and the row stores that executed action, clipped as above, as MuJoCo
 * clamps it in the step. So every {@code (s, a, s')} is a transition of the unperturbed robot and only the behaviour
 * is perturbed ([our reading], notebooks/our-reading.md#perturbed-datasets). Random draws δ per episode in each
 * simulator, as the robustness evaluation does.
 */
public final class ActionPerturbedDataset {
    /**
     * Paper 2's eps for its perturbed datasets: 0.3 on Hopper, HalfCheetah and Ant alike (§4.4; Ant's 0.5 of the
     * robustness evaluations is not used there).
     */
    public static final double PAPER_EPS = 0.3;

    /** Bound of the action space Box(-1, 1) of all four tasks (every actuator's ctrlrange; {@code VectorEnv.actionSpace}). */
    public static final double ACTION_BOUND = 1.0;

    private final D4rlDataset source;
    private final D4rlDataset dataset;
    private final ConditionKind kind;
    private final double eps;
    private final Long seed;
    private final boolean clip;
    private final int[] episodeStarts;
    private final double[] deltas;
    private final long outsideBound;
    private final Map<String, Object> recollection;

    private ActionPerturbedDataset(D4rlDataset source, D4rlDataset dataset, ConditionKind kind, double eps, Long seed,
                                   boolean clip, int[] episodeStarts, double[] deltas, long outsideBound,
                                   Map<String, Object> recollection) {
        this.source = source;
        this.dataset = dataset;
        this.kind = kind;
        this.eps = eps;
        this.seed = seed;
        this.clip = clip;
        this.episodeStarts = episodeStarts;
        this.deltas = deltas;
        this.outsideBound = outsideBound;
        this.recollection = recollection;
    }

    /**
     * The randomly-perturbed dataset: one {@code δ ~ U([-eps, eps]^Na)} per episode from {@code new Rng(seed)}.
     *
     * @param eps   perturbation bound, > 0 (paper 2: {@link #PAPER_EPS})
     * @param clip  whether stored actions are clipped to [-1, 1] (default reading: true)
     */
    public static ActionPerturbedDataset random(D4rlDataset source, double eps, long seed, boolean clip) {
        return perturb(source, ConditionKind.RANDOM, PerturbationCondition.random(eps), eps, seed, clip);
    }

    /**
     * The adversarially-perturbed dataset: the same {@code delta} ({@code source.actDim()} values within
     * [-eps, eps]) on every row.
     *
     * @throws IllegalArgumentException if {@code delta} has the wrong length or leaves [-eps, eps]
     */
    public static ActionPerturbedDataset adversarial(D4rlDataset source, double eps, double[] delta, boolean clip) {
        ActionPerturbation.requireEpsilon(eps);
        ActionPerturbation.requireValid(delta, source.actDim(), eps, "this dataset");
        return perturb(source, ConditionKind.ADVERSARIAL, PerturbationCondition.adversarial(delta), eps, null, clip);
    }

    private static ActionPerturbedDataset perturb(D4rlDataset source, ConditionKind kind, PerturbationCondition condition,
                                                  double eps, Long seed, boolean clip) {
        int ad = source.actDim();
        int[] starts = source.episodeStarts();
        double[] deltas = new double[starts.length * ad];
        Rng rng = new Rng(seed == null ? 0 : seed); // adversarial draws nothing from it
        float[] actions = source.actions();
        double[] a = new double[ad];
        double[] delta = new double[ad];
        double[] out = new double[ad];
        long outside = 0;
        for (int e = 0; e < starts.length; e++) {
            condition.draw(0, rng, deltas, e * ad, ad);
            System.arraycopy(deltas, e * ad, delta, 0, ad);
            int end = e + 1 < starts.length ? starts[e + 1] : source.size();
            for (int i = starts[e]; i < end; i++) {
                for (int j = 0; j < ad; j++) {
                    a[j] = actions[i * ad + j];
                }
                ActionPerturbation.apply(a, delta, 1, ad, out);
                for (int j = 0; j < ad; j++) {
                    double v = out[j];
                    if (Math.abs(v) > ACTION_BOUND) {
                        outside++;
                        if (clip) {
                            v = Math.copySign(ACTION_BOUND, v);
                        }
                    }
                    actions[i * ad + j] = (float) v;
                }
            }
        }
        return new ActionPerturbedDataset(source, source.withActions(actions), kind, eps, seed, clip, starts, deltas,
                outside, null);
    }

    /**
     * A dataset re-collected under the perturbation (the other reading; see the class comment): {@code collected}
     * came from {@link rrl.data.DatasetCollector#collect(rrl.env.Task, rrl.policy.BatchPolicy, int, int, long, String,
     * rrl.data.DatasetCollector.Actuation)} with {@code recollection}, whose per-episode δ it carries.
     *
     * @param seed   the collection's seed (reset noise, the policy's sampling and, for random, the δ draws)
     * @param origin what the record says about where the rows come from (policy, env, ...), in order
     */
    public static ActionPerturbedDataset recollected(rrl.data.DatasetCollector.Collected collected,
                                                     Recollection recollection, long seed, Map<String, ?> origin) {
        D4rlDataset d = collected.dataset();
        int[] starts = d.episodeStarts();
        if (collected.episodeInfo().length != starts.length * d.actDim()) {
            throw new IllegalStateException("the collection kept " + collected.episodeInfo().length / d.actDim()
                    + " episodes' deltas for " + starts.length + " episodes");
        }
        float[] actions = d.actions();
        long outside = 0;
        for (int k = 0; k < actions.length; k++) {
            if (Math.abs(actions[k]) > ACTION_BOUND) {
                outside++;
                if (recollection.clip) {
                    actions[k] = (float) Math.copySign(ACTION_BOUND, actions[k]);
                }
            }
        }
        return new ActionPerturbedDataset(null, recollection.clip ? d.withActions(actions) : d, recollection.kind,
                recollection.eps, seed, recollection.clip, starts, collected.episodeInfo(), outside,
                new LinkedHashMap<>(origin));
    }

    /**
     * The collector's {@link rrl.data.DatasetCollector.Actuation} for one re-collection: steps a
     * {@link PerturbedVectorEnv} under the random or adversarial condition, hands the collector the executed action
     * {@code a + δ ⊙ a} to store and keeps each episode's δ; {@link #recollected} then counts the stored values
     * outside [-1, 1] and clips them when {@code clip} (over the stored rows only, not the episodes cut off).
     */
    public static final class Recollection implements rrl.data.DatasetCollector.Actuation {
        private final ConditionKind kind;
        private final PerturbationCondition condition;
        private final double eps;
        private final boolean clip;
        private PerturbedVectorEnv env;

        private Recollection(ConditionKind kind, PerturbationCondition condition, double eps, boolean clip) {
            this.kind = kind;
            this.condition = condition;
            this.eps = eps;
            this.clip = clip;
        }

        /** A new δ ~ U([-eps, eps]^Na) for every episode of every simulator. */
        public static Recollection random(double eps, boolean clip) {
            return new Recollection(ConditionKind.RANDOM, PerturbationCondition.random(eps), eps, clip);
        }

        /** The one {@code delta} (within [-eps, eps], one value per actuator of {@code taskName}) in every episode. */
        public static Recollection adversarial(double eps, double[] delta, int actDim, String taskName, boolean clip) {
            ActionPerturbation.requireEpsilon(eps);
            ActionPerturbation.requireValid(delta, actDim, eps, taskName);
            return new Recollection(ConditionKind.ADVERSARIAL, PerturbationCondition.adversarial(delta), eps, clip);
        }

        @Override
        public rrl.env.BatchEnv around(rrl.env.VectorEnv sim) {
            env = new PerturbedVectorEnv(sim, condition);
            return env;
        }

        /** The executed {@code a + δ ⊙ a} as it went to the simulator; {@link #recollected} counts and clips. */
        @Override
        public double[] storedActions(double[] commanded) {
            return env.executedActions();
        }

        @Override
        public int episodeInfoDim() {
            return env == null ? 0 : env.actionDim();
        }

        @Override
        public void episodeInfo(int slot, double[] out, int offset) {
            System.arraycopy(env.stepDelta(slot), 0, out, offset, env.actionDim());
        }
    }

    /** The perturbed dataset (in memory; {@link #write} writes it with its record). */
    public D4rlDataset dataset() {
        return dataset;
    }

    /** RANDOM or ADVERSARIAL. */
    public ConditionKind kind() {
        return kind;
    }

    /** Paper 2's name for the dataset (Table 3): "randomly-perturbed" or "adversarially-perturbed". */
    public String label() {
        return kind == ConditionKind.RANDOM ? "randomly-perturbed" : "adversarially-perturbed";
    }

    /** The perturbation bound. */
    public double eps() {
        return eps;
    }

    /** Number of episodes (D4RL's split). */
    public int episodes() {
        return episodeStarts.length;
    }

    /** First row of episode {@code e}. */
    public int episodeStart(int e) {
        return episodeStarts[e];
    }

    /** The {@code δ} applied to every row of episode {@code e} (a copy, {@code actDim} values). */
    public double[] episodeDelta(int e) {
        int ad = dataset.actDim();
        double[] d = new double[ad];
        System.arraycopy(deltas, e * ad, d, 0, ad);
        return d;
    }

    /** How many action values {@code a + δ ⊙ a} fell outside [-1, 1] (clipped when {@link #clipped()}). */
    public long valuesOutsideActionSpace() {
        return outsideBound;
    }

    /** Whether stored actions were clipped to [-1, 1]. */
    public boolean clipped() {
        return clip;
    }

    /**
     * Writes the dataset to {@code file} (HDF5, atomically replacing an existing file, as {@code datasets generate}
     * does), its record beside it ({@link #recordFile}) and, for random, the per-episode deltas
     * ({@link #deltasFile}: {@code episode, start_row, delta_0..delta_{Na-1}}). {@code extra} entries (e.g. the
     * command, the delta file) are added to the record. The source must differ from {@code file}.
     *
     * @throws IllegalArgumentException if {@code file} is the source file
     */
    public void write(Path file, Map<String, ?> extra) {
        requireHdf5Name(file); // before anything is written
        Path src = source == null || source.source() == null ? null : Path.of(source.source());
        requireOtherFile(src, file);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", kind.label());
        record.put("dataset", label());
        record.put("recollected", recollection != null);
        if (recollection != null) {
            record.put("source", "rollouts of the policy under the perturbation (no source dataset)");
            record.put("sourceFileSha256", null);
            record.put("sourceSha256", null);
            record.putAll(recollection);
        } else {
            record.put("source", src == null ? "<memory>" : src.toString());
            // SHA-256 of the file's bytes, as sha256sum prints it (a Minari folder: its data/main_data.hdf5)
            record.put("sourceFileSha256", src == null ? null : fileSha256(D4rlDataset.dataFile(src)));
            record.put("sourceSha256", source.sha256()); // of the arrays read, as training runs pin them
        }
        record.put("sha256", dataset.sha256());
        record.put("size", dataset.size());
        record.put("actionDim", dataset.actDim());
        record.put("episodes", episodes());
        record.put("eps", eps);
        record.put("seed", seed);
        record.put("action", recollection != null
                ? "a + delta * a (element-wise) executed in the simulator at every step and stored"
                        + (clip ? ", clipped to [-1, 1]" : ", not clipped") + "; states, rewards and flags as it ran"
                : "a + delta * a (element-wise) on every row" + (clip ? ", clipped to [-1, 1]" : ", not clipped")
                        + "; every other key copied unchanged");
        record.put("clip", clip);
        record.put("valuesOutsideActionSpace", outsideBound);
        record.put("fractionOutsideActionSpace", dataset.size() == 0 ? 0.0
                : outsideBound / ((double) dataset.size() * dataset.actDim()));
        if (kind == ConditionKind.RANDOM) {
            record.put("draw", recollection != null
                    ? "delta ~ U([-eps, eps]^Na) per episode of each simulator, from the seed (rrl.attack.PerturbedVectorEnv)"
                    : "delta ~ U([-eps, eps]^Na) per episode, episodes in row order, from rrl.random.Rng(seed); "
                            + "an episode ends at a terminal or timeout row");
            record.put("deltas", deltasFile(file).getFileName().toString());
        } else {
            record.put("delta", episodes() == 0 ? null : episodeDelta(0));
        }
        record.putAll(extra);
        dataset.write(file); // AtomicFiles makes the folder
        if (kind == ConditionKind.RANDOM) {
            List<String> header = new ArrayList<>(List.of("episode", "start_row"));
            for (int j = 0; j < dataset.actDim(); j++) {
                header.add("delta_" + j);
            }
            List<double[]> rows = new ArrayList<>(episodes());
            for (int e = 0; e < episodes(); e++) {
                double[] row = new double[2 + dataset.actDim()];
                row[0] = e;
                row[1] = episodeStarts[e];
                System.arraycopy(deltas, e * dataset.actDim(), row, 2, dataset.actDim());
                rows.add(row);
            }
            NumericCsv.write(deltasFile(file), header, rows);
        } else {
            try { // a random dataset written here before left its deltas; they do not describe this file
                Files.deleteIfExists(deltasFile(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale " + deltasFile(file) + ": "
                        + rrl.io.IoErrors.describe(e), e);
            }
        }
        rrl.io.AtomicFiles.writeString(recordFile(file), new GsonBuilder().setPrettyPrinting()
                .serializeNulls().create().toJson(record));
    }

    /**
     * The JSON record beside {@code file} (named {@code <stem>.hdf5}, {@link #requireHdf5Name}): {@code <stem>.json},
     * as {@link DatasetRecord#file} names it for every dataset.
     */
    public static Path recordFile(Path file) {
        requireHdf5Name(file); // refused as --out, as before
        return DatasetRecord.file(file);
    }

    /**
     * Refuses an output name that does not end in ".hdf5": the record and the deltas file are named by the stem,
     * so {@code x} and {@code x.hdf5} (or {@code x.h5}) would share {@code x.json}.
     *
     * @throws IllegalArgumentException naming the file and the name to give
     */
    public static void requireHdf5Name(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!name.endsWith(".hdf5") || name.equals(".hdf5")) {
            // suggest the name with its HDF5 extension written as the record rule reads it (X.H5, X.HDF5 -> X.hdf5)
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            String stem = lower.endsWith(".hdf5") ? name.substring(0, name.length() - 5)
                    : lower.endsWith(".h5") ? name.substring(0, name.length() - 3) : name;
            throw new IllegalArgumentException("--out " + file + " must end in .hdf5 (its record is named by the stem, "
                    + "<stem>.json, so another extension could share it); give --out "
                    + file.resolveSibling((stem.isEmpty() ? "dataset" : stem) + ".hdf5"));
        }
    }

    /** The per-episode deltas of a random dataset beside {@code file}: {@code <stem>-deltas.csv}. */
    public static Path deltasFile(Path file) {
        return file.resolveSibling(stem(file) + "-deltas.csv");
    }

    private static String stem(Path file) {
        requireHdf5Name(file);
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".hdf5".length());
    }

    /**
     * Refuses writing over the source: the record names the source by its SHA-256, so it must stay as it is.
     *
     * @param source the source dataset's file, or null for a dataset made in memory
     * @throws IllegalArgumentException naming the file and the fix
     */
    public static void requireOtherFile(Path source, Path file) {
        if (source != null && Files.exists(file) && sameFile(source, file)) {
            throw new IllegalArgumentException("--out " + file + " is the source dataset; give another file name (the "
                    + "record names the source by its SHA-256, so the source must stay as it is)");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** SHA-256 of the file's bytes, as {@code sha256sum} prints it. */
    private static String fileSha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 20];
            while (in.read(buf) >= 0) {
                // reading feeds the digest
            }
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "ActionPerturbedDataset[" + kind.label() + ", eps " + eps + (seed != null ? ", seed " + seed : "")
                + ", " + episodes() + " episodes, " + (clip ? "clipped" : "not clipped") + ", " + dataset + "]";
    }
}
