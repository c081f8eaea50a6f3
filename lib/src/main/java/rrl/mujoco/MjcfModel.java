package rrl.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacpp.BytePointer;
import rrl.guard.CloseGuard;
import rrl.mujoco.capi.MuJoCo;
import rrl.mujoco.capi.mjData;
import rrl.mujoco.capi.mjModel;

/**
 * A compiled MuJoCo model (mjModel) loaded from an MJCF file or a class-path resource. Sizes are read once
 * at load; everything that reads the native model refuses to run after {@link #close()} ({@link CloseGuard}).
 */
public final class MjcfModel implements AutoCloseable {
    private final mjModel model;
    private final String source;
    private final CloseGuard guard;
    private final int nq;
    private final int nv;
    private final int nu;
    private final int nbody;
    private final double timestep;
    private volatile long dataBytes = -1;

    private MjcfModel(mjModel model, String source) {
        this.model = model;
        this.source = source;
        this.guard = new CloseGuard("MuJoCo model " + source, "load it again with MjcfModel.load(...) or "
                + "create a new environment with Environments.make(...)");
        this.nq = model.nq();
        this.nv = model.nv();
        this.nu = model.nu();
        this.nbody = model.nbody();
        this.timestep = model.opt().timestep();
    }

    /** Compiles the MJCF file at {@code path}; a file MuJoCo rejects raises {@link MalformedModelException}. */
    public static MjcfModel load(Path path) {
        return new MjcfModel(compile(path), path.toString());
    }

    private static mjModel compile(Path path) {
        NativeMuJoCo.load();
        if (!Files.isRegularFile(path)) {
            throw new MalformedModelException("MJCF file not found: " + path.toAbsolutePath()
                    + ". Pass the path of an existing MuJoCo XML model.");
        }
        BytePointer error = new BytePointer(1000);
        try {
            error.putString("");
            mjModel m = MuJoCo.rrl_load_xml(path.toAbsolutePath().toString(), error, 1000);
            if (m == null || m.isNull()) {
                String why = error.getString().trim();
                if (why.isEmpty() && MuJoCo.rrl_last_kind() != 0) {
                    why = MuJoCo.rrl_last_message().getString().trim();
                }
                throw new MalformedModelException("MuJoCo could not compile the MJCF file " + path.toAbsolutePath()
                        + ": " + why + ". Fix the XML (see mujoco.readthedocs.io, XML reference for MuJoCo 2.2.2).");
            }
            return m;
        } finally {
            error.close();
        }
    }

    /** Compiles an MJCF model shipped as a class-path resource (copied to a temporary file first). */
    public static MjcfModel loadResource(String resource) {
        try (InputStream in = MjcfModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new MalformedModelException("MJCF resource not on the class path: " + resource);
            }
            Path tmp = Files.createTempFile("rrl-", ".xml");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return new MjcfModel(compile(tmp), resource);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading MJCF resource " + resource, e);
        }
    }

    /**
     * Compiles MJCF text (e.g. a model edited in memory); {@code source} names it in errors and {@link #source()}.
     * The text goes through a temporary file, as MuJoCo 2.2.2's compiler reads files.
     */
    public static MjcfModel loadXml(String xml, String source) {
        try {
            Path tmp = Files.createTempFile("rrl-", ".xml");
            try {
                Files.writeString(tmp, xml);
                return new MjcfModel(compile(tmp), source);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("compiling MJCF text of " + source + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /**
     * The native model, for calls made between {@link #enter()} and {@link #exit(long)} (or while an owner
     * such as a {@link BatchStepper} keeps the model open); throws once closed.
     */
    public mjModel raw() {
        guard.check();
        return model;
    }

    /** Starts a use of the native model (see {@link CloseGuard}); close waits until it exits. */
    public long enter() {
        return guard.enter();
    }

    public void exit(long stamp) {
        guard.exit(stamp);
    }

    public String source() {
        return source;
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    public int nu() {
        return nu;
    }

    public int nbody() {
        return nbody;
    }

    public double timestep() {
        return timestep;
    }

    /** The default pose qpos0 (what Gymnasium calls init_qpos). */
    public double[] qpos0() {
        long s = guard.enter();
        try {
            double[] q = new double[nq];
            model.qpos0().get(q);
            return q;
        } finally {
            guard.exit(s);
        }
    }

    /** Id of a named body, or -1. */
    public int bodyId(String name) {
        long s = guard.enter();
        try {
            return MuJoCo.mj_name2id(model, MuJoCo.mjOBJ_BODY, name);
        } finally {
            guard.exit(s);
        }
    }

    /**
     * Bytes one mjData of this model occupies (the struct, its buffer sized by njmax / nconmax, and its stack
     * of {@code <size nstack>} mjtNums), measured once on a temporary mjData: MuJoCo 2.2.2 has no mj_sizeof.
     * mj_makeData writes the buffer at once (about 3.2 MB resident per Hopper simulator, measured) and steps
     * touch the stack as they need it, so this is the most a simulator can occupy (4.0 MB for Hopper).
     */
    public long dataBytes() {
        if (dataBytes < 0) {
            long s = guard.enter();
            try {
                mjData d = MuJoCo.rrl_make_data(model);
                if (d == null || d.isNull()) {
                    throw MuJoCoException.lastFailure("allocation of one mjData of " + source, -1, "");
                }
                dataBytes = MuJoCo.rrl_data_bytes(d);
                MuJoCo.mj_deleteData(d);
            } finally {
                guard.exit(s);
            }
        }
        return dataBytes;
    }

    public boolean isClosed() {
        return guard.isClosed();
    }

    /** Frees the model (idempotent; waits for calls in progress). */
    @Override
    public void close() {
        guard.close(() -> MuJoCo.mj_deleteModel(model));
    }
}
