package rrl.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import rrl.guard.MemoryBudget;

/**
 * Minari datasets (Farama's successor to D4RL) in its "hdf5" storage, read into and written from
 * {@link D4rlDataset}. Layout (Farama-Foundation/Minari {@code docs/content/dataset_standards.md},
 * {@code minari/dataset/_storages/hdf5_storage.py}, {@code minari/dataset/minari_storage.py}, release 0.5.3):
 * a dataset folder {@code <id>/data/} holding {@code main_data.hdf5}, with one group {@code episode_<k>} per
 * episode (k = 0, 1, ...; attributes {@code id}, {@code total_steps}, optionally {@code seed}) holding T+1
 * {@code observations}, T {@code actions}, {@code rewards}, {@code terminations}, {@code truncations} and an
 * {@code infos} group, and {@code metadata.json} (dataset_id, total_episodes, total_steps, data_format, the
 * observation and action spaces as JSON strings, minari_version, ...). Infos are neither read nor written, and
 * what rrl writes into metadata.json is listed in notebooks/our-reading.md#minari-conversion.
 *
 * <p><b>The conversion rule.</b> Minari to D4RL: episode after episode, the episode's observations 0..T-1 become
 * rows of {@code observations}, its observations 1..T rows of {@code next_observations} (so the final observation
 * of every episode is kept), and {@code terminals} = {@code terminations}, {@code timeouts} = {@code truncations}.
 * An episode that is not the last and whose last step has neither flag (Minari's collector never writes one) gets
 * {@code timeouts} set on that step, so that D4RL's rule below does not join it to the next episode. D4RL to
 * Minari is the inverse: an episode ends at each row flagged terminal or timeout and at the last row; its T+1
 * observations are its rows' observations plus the last row's {@code next_observations} (required: without it a
 * D4RL file does not hold any episode's final observation); flags are copied unchanged, so the two conversions
 * undo each other. A D4RL row whose next_observations differs from the following row's observations inside an
 * episode cannot be kept (Minari stores one observation sequence per episode) and is refused when writing.
 *
 * <p><b>What {@link D4rlDataset#qlearningView()} then gives</b> (D4RL's {@code qlearning_dataset} rule: next
 * observation = {@code observations[i+1]}, rows flagged timeout dropped, the last row dropped): a step inside an
 * episode is Minari's transition exactly (obs, action, reward, next obs, done 0); an episode's terminated last step
 * keeps obs, action, reward and done 1, and its next obs is the next episode's first observation (D4RL's as well;
 * the done flag masks it out of every target); a truncated last step is dropped (one transition per truncated
 * episode, as in D4RL); the dataset's last step is dropped.
 */
final class MinariHdf5 {
    static final String MAIN_FILE = "main_data.hdf5";
    static final String METADATA_FILE = "metadata.json";
    /** The Minari release whose format rrl writes; Minari refuses datasets of versions it does not list. */
    static final String MINARI_VERSION = "0.5.3";
    private static final Pattern EPISODE = Pattern.compile("episode_(\\d+)");

    private MinariHdf5() {}

    /**
     * The HDF5 file behind {@code given}: a Minari dataset folder ({@code <id>}: its data/main_data.hdf5), its
     * {@code data} folder (main_data.hdf5), or a file as it is.
     */
    static Path dataFile(Path given) {
        if (!Files.isDirectory(given)) {
            return given;
        }
        for (Path candidate : new Path[] {given.resolve("data").resolve(MAIN_FILE), given.resolve(MAIN_FILE)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Path meta = Files.isRegularFile(given.resolve(METADATA_FILE)) ? given.resolve(METADATA_FILE)
                : given.resolve("data").resolve(METADATA_FILE);
        String format = dataFormat(meta);
        if (format != null && !format.equals("hdf5")) {
            throw new D4rlFormatException(given + ": a Minari dataset in the \"" + format + "\" storage; rrl reads "
                    + "Minari's \"hdf5\" storage: copy it into one with minari (data_format=\"hdf5\")");
        }
        throw new D4rlFormatException(given + ": is a folder without data/" + MAIN_FILE + "; give a D4RL .hdf5 file or "
                + "a Minari dataset folder (<id>/data/" + MAIN_FILE + ")");
    }

    private static String dataFormat(Path metadata) {
        try {
            return rrl.io.StrictJson.parse(Files.readString(metadata)).getAsJsonObject()
                    .get("data_format").getAsString();
        } catch (IOException | RuntimeException e) {
            return null; // no readable metadata: the caller's message about the missing file stands
        }
    }

    /** Whether the file's top level holds Minari's episode groups. */
    static boolean isMinari(HdfFile hdf) {
        return hdf.getChildren().keySet().stream().anyMatch(k -> EPISODE.matcher(k).matches());
    }

    static D4rlDataset read(HdfFile hdf, String src) {
        Map<String, Node> top = hdf.getChildren();
        int episodes = top.size();
        Group[] groups = new Group[episodes];
        for (int k = 0; k < episodes; k++) {
            Node g = top.get("episode_" + k);
            if (!(g instanceof Group group)) {
                throw new D4rlFormatException(src + ": a Minari dataset with " + episodes + " top-level entries needs "
                        + "groups episode_0 .. episode_" + (episodes - 1) + " but episode_" + k + " is "
                        + (g == null ? "missing" : "not a group") + " (found " + top.keySet() + "); the file is damaged");
            }
            groups[k] = group;
        }
        int[] steps = new int[episodes];
        int obsDim = -1;
        int actDim = -1;
        long total = 0;
        int longest = 0;
        for (int k = 0; k < episodes; k++) {
            String ep = "episode_" + k;
            int[] o = shape(groups[k], "observations", ep, src);
            int[] a = shape(groups[k], "actions", ep, src);
            int t = a.length == 2 ? a[0] : -1;
            if (o.length != 2 || a.length != 2 || o[0] != t + 1) {
                throw new D4rlFormatException(src + ": " + ep + " has observations " + Arrays.toString(o) + " and actions "
                        + Arrays.toString(a) + "; Minari stores T+1 observation rows and T action rows (Box spaces; rrl "
                        + "does not read Dict or Tuple spaces)");
            }
            if (k == 0) {
                obsDim = o[1];
                actDim = a[1];
            } else if (o[1] != obsDim || a[1] != actDim) {
                throw new D4rlFormatException(src + ": " + ep + " has observation width " + o[1] + " and action width "
                        + a[1] + " but episode_0 has " + obsDim + " and " + actDim + "; every episode needs the same spaces");
            }
            for (String key : new String[] {"rewards", "terminations", "truncations"}) {
                int[] s = shape(groups[k], key, ep, src);
                if (!(s.length == 1 || (s.length == 2 && s[1] == 1)) || s[0] != t) {
                    throw new D4rlFormatException(src + ": " + ep + "/" + key + " has shape " + Arrays.toString(s)
                            + " but the episode has " + t + " actions; Minari stores one value per step");
                }
            }
            steps[k] = t;
            total += t;
            longest = Math.max(longest, t);
        }
        MemoryBudget.requireArrayLength(src + " (observations)", total * Math.max(obsDim, 1), "use a smaller dataset");
        MemoryBudget.require(new MemoryBudget.Request("reading " + src + " (" + total + " steps)",
                total * (4L * (2L * obsDim + actDim + 1) + 2) + 8L * (longest + 1L) * obsDim, 0,
                "its arrays as float32 plus one episode's raw values while it is decoded", "use a smaller dataset", total));
        int n = (int) total;
        float[] obs = new float[n * obsDim];
        float[] next = new float[n * obsDim];
        float[] act = new float[n * actDim];
        float[] rew = new float[n];
        boolean[] term = new boolean[n];
        boolean[] tout = new boolean[n];
        int row = 0;
        for (int k = 0; k < episodes; k++) {
            int t = steps[k];
            if (t == 0) {
                continue; // a reset without a step holds no transition
            }
            String ep = "episode_" + k + "/";
            float[] o = D4rlHdf5.floats(dataset(groups[k], "observations"), ep + "observations", src);
            System.arraycopy(o, 0, obs, row * obsDim, t * obsDim);
            System.arraycopy(o, obsDim, next, row * obsDim, t * obsDim);
            System.arraycopy(D4rlHdf5.floats(dataset(groups[k], "actions"), ep + "actions", src), 0, act, row * actDim,
                    t * actDim);
            System.arraycopy(D4rlHdf5.floats(dataset(groups[k], "rewards"), ep + "rewards", src), 0, rew, row, t);
            System.arraycopy(D4rlHdf5.flags(dataset(groups[k], "terminations"), ep + "terminations", src), 0, term, row, t);
            System.arraycopy(D4rlHdf5.flags(dataset(groups[k], "truncations"), ep + "truncations", src), 0, tout, row, t);
            row += t;
            int last = row - 1;
            if (row < n && !term[last] && !tout[last]) {
                tout[last] = true; // an unflagged episode end: cut, so D4RL's rule must not join it to the next one
            }
        }
        return D4rlDataset.create(src, n, obsDim, actDim, obs, act, rew, term, tout, next, null, 0, null, 0);
    }

    private static int[] shape(Group g, String key, String ep, String src) {
        Node node = g.getChildren().get(key);
        if (!(node instanceof Dataset d)) {
            throw new D4rlFormatException(src + ": " + ep + " has no dataset '" + key + "'; a Minari episode needs "
                    + "observations, actions, rewards, terminations, truncations (Box spaces; rrl does not read Dict or "
                    + "Tuple spaces)");
        }
        return d.getDimensions();
    }

    private static Dataset dataset(Group g, String key) {
        return (Dataset) g.getChildren().get(key);
    }

    /**
     * Writes {@code ds} as a Minari dataset folder {@code folder}: data/main_data.hdf5 and data/metadata.json
     * (see the class comment for the rule). The caller makes it atomic.
     */
    static void write(D4rlDataset ds, Path folder, String datasetId) throws IOException {
        int n = ds.size();
        float[] nextObs = ds.rawNextObservations();
        if (n < 1) {
            throw new IllegalArgumentException("cannot write a Minari dataset with 0 transitions; use a size >= 1");
        }
        if (nextObs == null) {
            throw new IllegalArgumentException((ds.source() == null ? "the dataset" : ds.source()) + " has no "
                    + "next_observations, so no episode's final observation, which Minari stores; use a file with "
                    + "next_observations (rrl's and D4RL's v2 files have it)");
        }
        int od = ds.obsDim();
        int ad = ds.actDim();
        float[] obs = ds.rawObservations();
        float[] act = ds.rawActions();
        float[] rew = ds.rawRewards();
        boolean[] term = ds.rawTerminals();
        boolean[] tout = ds.rawTimeouts();
        for (int i = 0; i < n - 1; i++) {
            if (!term[i] && !tout[i] && !Arrays.equals(nextObs, i * od, (i + 1) * od, obs, (i + 1) * od, (i + 2) * od)) {
                throw new IllegalArgumentException((ds.source() == null ? "the dataset" : ds.source()) + ": "
                        + "next_observations row " + i + " differs from observations row " + (i + 1) + " inside an "
                        + "episode (no terminal or timeout between them); Minari stores one observation sequence per "
                        + "episode, so this file cannot be converted without losing data; flag the episode ends");
            }
        }
        Path data = folder.resolve("data");
        Files.createDirectories(data);
        int episodes = 0;
        try (WritableHdfFile out = HdfFile.write(data.resolve(MAIN_FILE))) {
            int start = 0;
            while (start < n) {
                int end = start;
                while (end < n - 1 && !term[end] && !tout[end]) {
                    end++;
                }
                int t = end - start + 1;
                float[][] o = new float[t + 1][];
                for (int i = 0; i < t; i++) {
                    o[i] = Arrays.copyOfRange(obs, (start + i) * od, (start + i + 1) * od);
                }
                o[t] = Arrays.copyOfRange(nextObs, end * od, (end + 1) * od);
                WritableGroup g = out.putGroup("episode_" + episodes);
                g.putAttribute("id", (long) episodes);
                g.putAttribute("total_steps", (long) t);
                g.putDataset("observations", o);
                g.putDataset("actions", D4rlHdf5.rows(Arrays.copyOfRange(act, start * ad, (end + 1) * ad), t, ad));
                g.putDataset("rewards", Arrays.copyOfRange(rew, start, end + 1));
                // int8 0/1 as in D4rlHdf5.write: jhdf cannot write h5py's bool enum; numpy and minari read int8.
                g.putDataset("terminations", D4rlHdf5.bytes(Arrays.copyOfRange(term, start, end + 1)));
                g.putDataset("truncations", D4rlHdf5.bytes(Arrays.copyOfRange(tout, start, end + 1)));
                episodes++;
                start = end + 1;
            }
        }
        Files.writeString(data.resolve(METADATA_FILE), metadata(datasetId, episodes, n, od, ds, ds.source()),
                StandardCharsets.UTF_8);
    }

    /**
     * The keys minari.load_dataset needs (dataset_id, minari_version among those it supports, data_format, the
     * spaces, totals) plus a description; no env_spec, since rrl's environments are not Gymnasium registrations.
     * Spaces: observations an unbounded float32 Box, actions a float32 Box of every rrl task's control range [-1, 1],
     * widened per dimension to the stored actions where they leave it (an unclipped perturbed dataset), so that the
     * space contains every action of the file.
     */
    private static String metadata(String datasetId, int episodes, int steps, int od, D4rlDataset ds, String source) {
        JsonObject m = new JsonObject();
        m.addProperty("dataset_id", datasetId);
        m.addProperty("total_episodes", episodes);
        m.addProperty("total_steps", steps);
        m.addProperty("data_format", "hdf5");
        m.addProperty("observation_space", box(java.util.Collections.nCopies(od, "-Infinity").toArray(String[]::new),
                java.util.Collections.nCopies(od, "Infinity").toArray(String[]::new)));
        int ad = ds.actDim();
        float[] a = ds.actions();
        String[] low = new String[ad];
        String[] high = new String[ad];
        for (int j = 0; j < ad; j++) {
            float lo = -1f;
            float hi = 1f;
            for (int i = j; i < a.length; i += ad) {
                lo = Math.min(lo, a[i]);
                hi = Math.max(hi, a[i]);
            }
            low[j] = Float.toString(lo);
            high[j] = Float.toString(hi);
        }
        m.addProperty("action_space", box(low, high));
        m.addProperty("minari_version", MINARI_VERSION);
        m.addProperty("description", "Converted by rrl (bin/rrl datasets convert) from "
                + (source == null ? "an in-memory dataset" : source) + ".");
        JsonArray author = new JsonArray();
        author.add("rrl");
        m.add("author", author);
        return m.toString();
    }

    /** minari.serialization's Box string; JSON has no infinities, Python's json reads -Infinity/Infinity. */
    private static String box(String[] low, String[] high) {
        return "{\"type\": \"Box\", \"dtype\": \"float32\", \"shape\": [" + low.length + "], \"low\": ["
                + String.join(", ", low) + "], \"high\": [" + String.join(", ", high) + "]}";
    }
}
