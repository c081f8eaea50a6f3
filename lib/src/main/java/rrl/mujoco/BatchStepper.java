package rrl.mujoco;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import rrl.mujoco.capi.MuJoCo;
import rrl.mujoco.capi.mjData;
import rrl.mujoco.capi.mjModel;

/**
 * N copies of one model (one mjData each, shared mjModel) stepped in native batches: one JNI call per
 * worker slice advances every environment of the slice by {@code frameSkip} physics steps and writes its
 * state row (see {@code rrl_batch.h}) into a shared off-heap buffer that Java reads without copying.
 */
public final class BatchStepper implements AutoCloseable {
    private final MjcfModel model;
    private final int n;
    private final int frameSkip;
    private final int trackBody;
    private final boolean withContactForces;
    private final int rowSize;
    private final mjData[] data;
    private final PointerPointer<mjData> dataPointers;
    private final DoublePointer ctrlPointer;
    private final DoublePointer statePointer;
    private final DoubleBuffer ctrl;
    private final DoubleBuffer state;
    // Per-environment staging for setState: auto-resets of different environments run concurrently.
    private final DoublePointer[] qposIn;
    private final DoublePointer[] qvelIn;
    private final DoublePointer[] rowOut;
    private boolean closed;

    /**
     * @param trackBody body whose xpos (x, y) is recorded before and after each step, or -1 for qpos[0]
     * @param withContactForces also run mj_rnePostConstraint and record cfrc_ext
     */
    public BatchStepper(MjcfModel model, int n, int frameSkip, int trackBody, boolean withContactForces) {
        if (n < 1) {
            throw new IllegalArgumentException("number of environments must be >= 1, got " + n);
        }
        this.model = model;
        this.n = n;
        this.frameSkip = frameSkip;
        this.trackBody = trackBody;
        this.withContactForces = withContactForces;
        mjModel m = model.raw();
        this.rowSize = MuJoCo.rrl_state_row_size(m, withContactForces ? 1 : 0);
        this.data = new mjData[n];
        this.dataPointers = new PointerPointer<>(n);
        for (int i = 0; i < n; i++) {
            data[i] = MuJoCo.mj_makeData(m);
            if (data[i] == null || data[i].isNull()) {
                close();
                throw new OutOfMemoryError("MuJoCo could not allocate mjData " + i + " of " + n);
            }
            dataPointers.put(i, data[i]);
        }
        this.ctrlPointer = new DoublePointer((long) n * model.nu());
        this.statePointer = new DoublePointer((long) n * rowSize);
        ctrlPointer.zero();
        statePointer.zero();
        this.ctrl = ctrlPointer.asBuffer();
        this.state = statePointer.asBuffer();
        this.qposIn = new DoublePointer[n];
        this.qvelIn = new DoublePointer[n];
        this.rowOut = new DoublePointer[n];
        for (int i = 0; i < n; i++) {
            qposIn[i] = new DoublePointer(model.nq());
            qvelIn[i] = new DoublePointer(model.nv());
            rowOut[i] = statePointer.getPointer((long) i * rowSize);
        }
    }

    public int size() {
        return n;
    }

    public MjcfModel model() {
        return model;
    }

    public int frameSkip() {
        return frameSkip;
    }

    public int rowSize() {
        return rowSize;
    }

    /** Offset of the (x, y) tracked position before the last step inside a state row. */
    public int trackBeforeOffset() {
        return model.nq() + model.nv();
    }

    /** Offset of the (x, y) tracked position after the last step inside a state row. */
    public int trackAfterOffset() {
        return model.nq() + model.nv() + 2;
    }

    /** Offset of cfrc_ext (nbody x 6) inside a state row; only meaningful with contact forces. */
    public int contactForceOffset() {
        return model.nq() + model.nv() + 4;
    }

    /** Control rows (n x nu), written by the caller before {@link #step}. */
    public DoubleBuffer ctrl() {
        return ctrl;
    }

    /** State rows (n x rowSize), written by {@link #step} and {@link #setState}. */
    public DoubleBuffer state() {
        return state;
    }

    /** Advances environments [begin, end) by frameSkip physics steps in one native call. */
    public void step(int begin, int end) {
        checkOpen();
        MuJoCo.rrl_step_batch(model.raw(), dataPointers, begin, end, ctrlPointer, frameSkip, trackBody,
                withContactForces ? 1 : 0, statePointer);
    }

    /** Sets environment i to (qpos, qvel) and runs mj_forward, like Gymnasium's set_state. */
    public void setState(int i, double[] qpos, double[] qvel) {
        checkOpen();
        if (qpos.length != model.nq() || qvel.length != model.nv()) {
            throw new IllegalArgumentException("state of " + model.source() + " needs qpos[" + model.nq()
                    + "] and qvel[" + model.nv() + "], got qpos[" + qpos.length + "] and qvel[" + qvel.length
                    + "]");
        }
        qposIn[i].put(qpos);
        qvelIn[i].put(qvel);
        MuJoCo.rrl_set_state(model.raw(), data[i], qposIn[i], qvelIn[i], trackBody, withContactForces ? 1 : 0,
                rowOut[i]);
    }

    /** The raw mjData of environment i (for advanced use; do not step it concurrently with a batch). */
    public mjData data(int i) {
        checkOpen();
        return data[i];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("BatchStepper is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (mjData d : data) {
            if (d != null && !d.isNull()) {
                MuJoCo.mj_deleteData(d);
            }
        }
        dataPointers.close();
        if (qposIn != null) {
            for (int i = 0; i < n; i++) {
                if (qposIn[i] != null) {
                    qposIn[i].close();
                    qvelIn[i].close();
                }
            }
        }
        if (ctrlPointer != null) {
            ctrlPointer.close();
        }
        if (statePointer != null) {
            statePointer.close();
        }
    }
}
