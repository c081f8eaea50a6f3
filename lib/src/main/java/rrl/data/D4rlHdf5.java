package rrl.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.EnumDataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import rrl.guard.MemoryBudget;
import rrl.guard.MemoryLimitException;

/**
 * D4RL HDF5 reading and writing with jhdf. Reading accepts what h5py/D4RL produce: float32 or float64
 * arrays, flags as h5py's bool (an HDF5 enum FALSE=0/TRUE=1 over int8, which jhdf returns as the names),
 * integer or float 0/1, rank-1 or (N,1) columns; unknown keys (metadata/*, infos/action_log_probs) are skipped.
 */
final class D4rlHdf5 {
    static final String REQUIRED = "a D4RL file needs observations, actions, rewards, terminals, timeouts";
    private static final java.util.Set<String> KEYS = java.util.Set.of("observations", "actions", "rewards",
            "terminals", "timeouts", "next_observations");

    private D4rlHdf5() {}

    /** Whether {@code key} is one of the top-level keys D4RL's files use (or infos). */
    static boolean isDatasetKey(String key) {
        return KEYS.contains(key) || key.equals("infos") || key.equals("metadata");
    }

    /**
     * Reads {@code given}: a D4RL file, or a Minari dataset (its folder, its data folder or its main_data.hdf5;
     * see {@link MinariHdf5}), told apart by the file's top-level keys.
     */
    static D4rlDataset read(Path given) {
        Path file = MinariHdf5.dataFile(given);
        // a folder's data file, or a file named as Minari names it: its errors speak of a Minari dataset
        boolean minari = !file.equals(given) || MinariHdf5.MAIN_FILE.equals(String.valueOf(file.getFileName()));
        HdfSignature.check(file, minari);
        try (HdfFile hdf = new HdfFile(file)) {
            String src = given.toString();
            if (MinariHdf5.isMinari(hdf)) {
                return MinariHdf5.read(hdf, src);
            }
            if (hdf.getChildren().keySet().stream().anyMatch(KEYS::contains)) {
                return read(hdf, src); // a D4RL file, or one missing a key: that error names the key
            }
            if (minari) {
                throw new D4rlFormatException(file + ": a Minari dataset's " + MinariHdf5.MAIN_FILE + " holds episode "
                        + "groups 'episode_0', 'episode_1', ...; this one has top-level keys " + hdf.getChildren().keySet()
                        + "; recreate the Minari dataset (minari, or `rrl datasets convert --to minari`)");
            }
            throw new D4rlFormatException(src + ": neither a D4RL file (top-level 'observations', 'actions', ...) "
                    + "nor a Minari dataset (groups 'episode_0', 'episode_1', ...); found top-level keys "
                    + hdf.getChildren().keySet() + "; give a D4RL .hdf5 file or a Minari dataset folder");
        } catch (D4rlFormatException | MemoryLimitException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf throws HdfException, BufferUnderflowException etc. on damaged files; say what to do.
            throw new D4rlFormatException(file + ": cannot read HDF5 content (" + e.getClass().getSimpleName()
                    + ": " + rrl.io.Messages.oneLine(e) + "); the file is damaged or truncated, " + (minari
                    ? "recreate the Minari dataset (minari, or `rrl datasets convert --to minari`)"
                    : "re-download or regenerate it"), e);
        }
    }

    private static D4rlDataset read(HdfFile hdf, String src) {
        Dataset obsD = required(hdf, "observations", src);
        int[] obsShape = obsD.getDimensions();
        requireRank2("observations", obsShape, src);
        int n = obsShape[0];
        int obsDim = obsShape[1];
        Dataset actD = required(hdf, "actions", src);
        int[] actShape = actD.getDimensions();
        requireRank2("actions", actShape, src);
        requireRows("actions", actShape, n, src);
        Dataset rewD = required(hdf, "rewards", src);
        requireColumn("rewards", rewD.getDimensions(), n, src);
        Dataset termD = required(hdf, "terminals", src);
        requireColumn("terminals", termD.getDimensions(), n, src);
        Dataset toD = required(hdf, "timeouts", src);
        requireColumn("timeouts", toD.getDimensions(), n, src);

        Dataset nextD = optional(hdf, "next_observations", src);
        if (nextD != null) {
            int[] s = nextD.getDimensions();
            if (s.length != 2 || s[0] != n || s[1] != obsDim) {
                throw new D4rlFormatException(src + ": next_observations has shape " + Arrays.toString(s)
                        + " but observations has " + Arrays.toString(obsShape)
                        + "; they must match (or drop next_observations: it is rebuilt from observations[i+1])");
            }
        }
        int qposDim = 0;
        int qvelDim = 0;
        Dataset qposD = optional(hdf, "infos/qpos", src);
        if (qposD != null) {
            requireRank2("infos/qpos", qposD.getDimensions(), src);
            requireRows("infos/qpos", qposD.getDimensions(), n, src);
            qposDim = qposD.getDimensions()[1];
        }
        Dataset qvelD = optional(hdf, "infos/qvel", src);
        if (qvelD != null) {
            requireRank2("infos/qvel", qvelD.getDimensions(), src);
            requireRows("infos/qvel", qvelD.getDimensions(), n, src);
            qvelDim = qvelD.getDimensions()[1];
        }
        requireMemory(src, n, obsD, actD, rewD, termD, toD, nextD, qposD, qvelD);
        float[] next = nextD == null ? null : floats(nextD, "next_observations", src);
        float[] qpos = qposD == null ? null : floats(qposD, "infos/qpos", src);
        float[] qvel = qvelD == null ? null : floats(qvelD, "infos/qvel", src);
        return D4rlDataset.create(src, n, obsDim, actShape[1], floats(obsD, "observations", src),
                floats(actD, "actions", src), floats(rewD, "rewards", src), flags(termD, "terminals", src),
                flags(toD, "timeouts", src), next, qpos, qposDim, qvel, qvelDim);
    }

    /**
     * Refuses, before reading any array, a file whose arrays would not fit: every key becomes a float[] (4
     * bytes a value; flags a boolean[]), and reading one key needs its raw bytes and, unless it is float32,
     * a wider decoded array at once on top of that (counted for the key that needs most).
     */
    private static void requireMemory(String src, int n, Dataset... keys) {
        long kept = 0;
        long decoding = 0;
        String widest = null;
        long widestValues = 0;
        for (Dataset d : keys) {
            if (d == null) {
                continue;
            }
            long values = 1;
            for (int dim : d.getDimensions()) {
                values *= dim;
            }
            boolean flag = d == keys[3] || d == keys[4];
            kept += flag ? values : 4L * values;
            // jhdf holds the raw bytes, then the decoded array: float32 decodes straight into the kept float[];
            // other types pass through a wider Java array (double[] for float64 and for integer flags).
            long element = Math.max(1, d.getDataType().getSize());
            decoding = Math.max(decoding, values * (element + (d.getJavaType() == float.class ? 0 : 8)));
            if (values > widestValues) {
                widestValues = values;
                widest = d.getPath();
            }
        }
        MemoryBudget.requireArrayLength(src + " (" + widest + ")", widestValues,
                "split the file or use a smaller dataset");
        MemoryBudget.require(new MemoryBudget.Request("reading " + src + " (" + n + " transitions)", kept + decoding,
                0, "its arrays as float32 plus one key's raw values while it is decoded",
                "use a smaller dataset", n));
    }

    private static Dataset required(HdfFile hdf, String key, String src) {
        Dataset d = optional(hdf, key, src);
        if (d == null) {
            throw new D4rlFormatException(src + ": missing dataset '" + key + "': " + REQUIRED
                    + " (found top-level keys " + hdf.getChildren().keySet() + ")");
        }
        return d;
    }

    private static Dataset optional(HdfFile hdf, String key, String src) {
        Node node = hdf;
        for (String part : key.split("/")) {
            if (!node.isGroup()) {
                return null;
            }
            node = ((io.jhdf.api.Group) node).getChildren().get(part);
            if (node == null) {
                return null;
            }
        }
        if (node.isGroup() || !(node instanceof Dataset d)) {
            throw new D4rlFormatException(src + ": '" + key + "' is a group, expected a dataset; " + REQUIRED);
        }
        return d;
    }

    private static void requireRank2(String key, int[] shape, String src) {
        if (shape.length != 2) {
            throw new D4rlFormatException(src + ": " + key + " has shape " + Arrays.toString(shape)
                    + ", expected 2-D (rows, dim); D4RL stores one row per transition");
        }
    }

    private static void requireRows(String key, int[] shape, int n, String src) {
        if (shape[0] != n) {
            throw new D4rlFormatException(src + ": observations has " + n + " rows but " + key + " has " + shape[0]
                    + "; every key needs one row per transition, regenerate or re-download the file");
        }
    }

    /** Flags and rewards may be (N,) or (N,1): D4RL's get_dataset squeezes the latter. */
    private static void requireColumn(String key, int[] shape, int n, String src) {
        boolean column = shape.length == 1 || (shape.length == 2 && shape[1] == 1);
        if (!column) {
            throw new D4rlFormatException(src + ": " + key + " has shape " + Arrays.toString(shape)
                    + ", expected (N,) or (N, 1) with one value per transition");
        }
        requireRows(key, shape, n, src);
    }

    static float[] floats(Dataset d, String key, String src) {
        requireRows(d, key, src);
        Object data = d.getDataFlat();
        if (data instanceof float[] f) {
            return f;
        }
        if (data instanceof double[] a) { // medium-replay files are float64 (rlkit buffer dumps)
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
            return f;
        }
        double[] a = numeric(data);
        if (a == null) {
            throw new D4rlFormatException(src + ": " + key + " has HDF5 type " + d.getJavaType().getSimpleName()
                    + ", expected float32 or float64 numbers");
        }
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static boolean[] flags(Dataset d, String key, String src) {
        requireRows(d, key, src);
        Object data = d.getDataFlat();
        if (data instanceof boolean[] b) { // jhdf's own boolean writing (bitfield)
            return b;
        }
        if (data instanceof String[] names && d.getDataType() instanceof EnumDataType e) {
            // h5py stores numpy bool as enum {FALSE: 0, TRUE: 1}; jhdf decodes to the member names.
            Map<String, Integer> value = new HashMap<>();
            e.getEnumMapping().forEach((ordinal, name) -> value.put(name, ordinal));
            boolean[] b = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                Integer v = value.get(names[i]);
                if (v == null) {
                    throw new D4rlFormatException(src + ": " + key + " holds enum value '" + names[i]
                            + "' at row " + i + "; expected a bool (FALSE/TRUE) enum");
                }
                b[i] = v != 0;
            }
            return b;
        }
        double[] a = numeric(data);
        if (a == null) {
            throw new D4rlFormatException(src + ": " + key + " has HDF5 type " + d.getJavaType().getSimpleName()
                    + ", expected bool, integer or float 0/1 flags");
        }
        boolean[] b = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] != 0;
        }
        return b;
    }

    /** Any primitive numeric array as doubles (int8/uint8 arrive as byte[]/short[]/int[]), else null. */
    private static double[] numeric(Object data) {
        if (data instanceof byte[] a) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[i];
            return r;
        }
        if (data instanceof short[] a) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[i];
            return r;
        }
        if (data instanceof int[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (data instanceof long[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (data instanceof float[] a) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[i];
            return r;
        }
        if (data instanceof double[] a) {
            return a;
        }
        return null;
    }

    /** An empty dataset is its own error, not the type mismatch jhdf's empty data would read as. */
    private static void requireRows(Dataset d, String key, String src) {
        if (d.getSize() == 0) {
            throw new D4rlFormatException(src + ": " + key + " has 0 rows; a D4RL file needs at least one transition "
                    + "(regenerate it with a size >= 1)");
        }
    }

    static void write(D4rlDataset ds, Path file) {
        write(ds, file, null);
    }

    /** Writes {@code ds} and, unless null, {@code extra} as a top-level group of int8 flag arrays with text attributes. */
    static void write(D4rlDataset ds, Path file, FlagGroup extra) {
        if (ds.size() < 1) {
            throw new IllegalArgumentException("cannot write " + file + ": the dataset has 0 transitions; a D4RL file "
                    + "needs at least one (use a size >= 1)");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new D4rlFormatException("cannot create the directory for " + file + ": " + rrl.io.IoErrors.describe(e), e);
        }
        int n = ds.size();
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putDataset("observations", rows(ds.rawObservations(), n, ds.obsDim()));
            out.putDataset("actions", rows(ds.rawActions(), n, ds.actDim()));
            out.putDataset("rewards", ds.rawRewards().clone());
            // int8 0/1 rather than jhdf's bitfield booleans: h5py, numpy and D4RL all read int8 as expected.
            out.putDataset("terminals", bytes(ds.rawTerminals()));
            out.putDataset("timeouts", bytes(ds.rawTimeouts()));
            if (ds.rawNextObservations() != null) {
                out.putDataset("next_observations", rows(ds.rawNextObservations(), n, ds.obsDim()));
            }
            if (ds.rawQpos() != null || ds.rawQvel() != null) {
                WritableGroup infos = out.putGroup("infos");
                if (ds.rawQpos() != null) {
                    infos.putDataset("qpos", rows(ds.rawQpos(), n, ds.qposDim()));
                }
                if (ds.rawQvel() != null) {
                    infos.putDataset("qvel", rows(ds.rawQvel(), n, ds.qvelDim()));
                }
            }
            if (extra != null) {
                WritableGroup g = out.putGroup(extra.name());
                extra.flags().forEach((key, f) -> g.putDataset(key, bytes(f)));
                extra.attributes().forEach(g::putAttribute);
            }
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(file); // no half-written file left behind
            } catch (IOException ignored) {
                // the message below names the file
            }
            throw new D4rlFormatException("cannot write D4RL file " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); check that the directory is writable and the disk not full", e);
        }
    }

    /**
     * The flag group {@code name} of a D4RL file (its int8/bool arrays as flags, its attributes as text), or null
     * when the file has no such group.
     */
    static FlagGroup readFlags(Path file, String name) {
        HdfSignature.check(file, false);
        try (HdfFile hdf = new HdfFile(file)) {
            Node node = hdf.getChildren().get(name);
            if (node == null) {
                return null;
            }
            if (!(node instanceof io.jhdf.api.Group g)) {
                throw new D4rlFormatException(file + ": '" + name + "' is a dataset, expected a group of flags");
            }
            Map<String, boolean[]> flags = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
                if (e.getValue() instanceof Dataset d) {
                    flags.put(e.getKey(), flags(d, name + "/" + e.getKey(), file.toString()));
                }
            }
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            g.getAttributes().forEach((k, a) -> attributes.put(k, String.valueOf(a.getData())));
            return new FlagGroup(name, flags, attributes);
        } catch (D4rlFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new D4rlFormatException(file + ": cannot read its '" + name + "' group (" + e.getClass().getSimpleName()
                    + ": " + rrl.io.Messages.oneLine(e) + "); the file is damaged or truncated, regenerate it", e);
        }
    }

    /** jhdf takes the HDF5 shape from the Java array nesting, so 2-D data must be float[][]. */
    static float[][] rows(float[] flat, int n, int dim) {
        float[][] r = new float[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * dim, r[i], 0, dim);
        }
        return r;
    }

    static byte[] bytes(boolean[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) (b[i] ? 1 : 0);
        }
        return r;
    }
}
