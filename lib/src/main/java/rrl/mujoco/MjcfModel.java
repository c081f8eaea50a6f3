package rrl.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacpp.BytePointer;
import rrl.mujoco.capi.MuJoCo;
import rrl.mujoco.capi.mjModel;

/** A compiled MuJoCo model (mjModel) loaded from an MJCF file or a class-path resource. */
public final class MjcfModel implements AutoCloseable {
    private final mjModel model;
    private final String source;
    private boolean closed;

    private MjcfModel(mjModel model, String source) {
        this.model = model;
        this.source = source;
    }

    /** Compiles the MJCF file at {@code path}; a file MuJoCo rejects raises {@link MalformedModelException}. */
    public static MjcfModel load(Path path) {
        NativeMuJoCo.load();
        if (!Files.isRegularFile(path)) {
            throw new MalformedModelException("MJCF file not found: " + path.toAbsolutePath()
                    + ". Pass the path of an existing MuJoCo XML model.");
        }
        BytePointer error = new BytePointer(1000);
        try {
            mjModel m = MuJoCo.mj_loadXML(path.toAbsolutePath().toString(), null, error, 1000);
            if (m == null || m.isNull()) {
                throw new MalformedModelException("MuJoCo could not compile the MJCF file " + path.toAbsolutePath()
                        + ": " + error.getString().trim() + ". Fix the XML (see mujoco.readthedocs.io, XML "
                        + "reference for MuJoCo 2.2.2).");
            }
            return new MjcfModel(m, path.toString());
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
                MjcfModel m = load(tmp);
                return new MjcfModel(m.model, resource);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading MJCF resource " + resource, e);
        }
    }

    /** The native model; valid until {@link #close()}. */
    public mjModel raw() {
        if (closed) {
            throw new IllegalStateException("model " + source + " is closed");
        }
        return model;
    }

    public String source() {
        return source;
    }

    public int nq() {
        return model.nq();
    }

    public int nv() {
        return model.nv();
    }

    public int nu() {
        return model.nu();
    }

    public int nbody() {
        return model.nbody();
    }

    public double timestep() {
        return model.opt().timestep();
    }

    /** The default pose qpos0 (what Gymnasium calls init_qpos). */
    public double[] qpos0() {
        double[] q = new double[nq()];
        model.qpos0().get(q);
        return q;
    }

    /** Id of a named body, or -1. */
    public int bodyId(String name) {
        return MuJoCo.mj_name2id(model, MuJoCo.mjOBJ_BODY, name);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            MuJoCo.mj_deleteModel(model);
        }
    }
}
