package rrl.mujoco;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import rrl.guard.CloseGuard;
import rrl.guard.MemoryBudget;
import rrl.guard.NumberRule;
import rrl.mujoco.capi.MuJoCo;
import rrl.mujoco.capi.mjData;
import rrl.mujoco.capi.mjModel;

/**
 * N copies of one model (one mjData each, shared mjModel) stepped in native batches: one JNI call per
 * worker slice advances every environment of the slice by {@code frameSkip} physics steps and writes its
 * state row (see {@code rrl_batch.h}) into a shared off-heap buffer that Java reads without copying.
 *
 * <p>Every native call is guarded twice: after {@link #close()} (or the model's) it throws
 * {@link IllegalStateException} instead of touching freed memory, and a MuJoCo error or warning inside it
 * becomes a {@link MuJoCoException} naming the environment (see {@code rrl_guard.h}).
 */
public final class BatchStepper implements AutoCloseable {
    private static final String AFTER_FAILURE = "MuJoCo has reset that environment's simulation to the default "
            + "pose, so the step's result is not returned; reset the environment (reset(seed)) to go on, and check "
            + "the state and actions that led here.";

    private final MjcfModel model;
    private final String label;
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
    private final CloseGuard guard;

    /**
     * @param trackBody body whose xpos (x, y) is recorded before and after each step, or -1 for qpos[0]
     * @param withContactForces also run mj_rnePostConstraint and record cfrc_ext
     */
    public BatchStepper(MjcfModel model, int n, int frameSkip, int trackBody, boolean withContactForces) {
        this(model, n, frameSkip, trackBody, withContactForces, model.source());
    }

    /** As above; {@code label} names the environments in errors (e.g. "Hopper"). */
    public BatchStepper(MjcfModel model, int n, int frameSkip, int trackBody, boolean withContactForces,
                        String label) {
        this(model, n, frameSkip, trackBody, withContactForces, label, 0);
    }

    /**
     * As above; {@code ownerHeapBytesPerEnv} is what the owner (a VectorEnv) allocates per environment on the
     * Java heap, included in the memory check made before anything is allocated ({@link #memoryRequest}).
     *
     * @throws rrl.guard.MemoryLimitException if the simulators would not fit
     */
    public BatchStepper(MjcfModel model, int n, int frameSkip, int trackBody, boolean withContactForces,
                        String label, long ownerHeapBytesPerEnv) {
        if (n < 1) {
            throw new IllegalArgumentException("number of environments must be >= 1, got " + n);
        }
        MemoryBudget.require(memoryRequest(model, n, withContactForces, label, ownerHeapBytesPerEnv));
        this.model = model;
        this.label = label;
        this.n = n;
        this.frameSkip = frameSkip;
        this.trackBody = trackBody;
        this.withContactForces = withContactForces;
        this.guard = new CloseGuard("BatchStepper(" + label + " x " + n + ")",
                "create a new one (or a new environment with Environments.make(...))");
        long ms = model.enter();
        this.data = new mjData[n];
        this.dataPointers = new PointerPointer<>(n);
        this.qposIn = new DoublePointer[n];
        this.qvelIn = new DoublePointer[n];
        this.rowOut = new DoublePointer[n];
        DoublePointer ctrlP = null;
        DoublePointer stateP = null;
        try {
            mjModel m = model.raw();
            this.rowSize = MuJoCo.rrl_state_row_size(m, withContactForces ? 1 : 0);
            for (int i = 0; i < n; i++) {
                data[i] = MuJoCo.rrl_make_data(m);
                if (data[i] == null || data[i].isNull()) {
                    data[i] = null;
                    throw new OutOfMemoryError("MuJoCo could not allocate mjData " + i + " of " + n + " for "
                            + label + ": " + MuJoCo.rrl_last_message().getString());
                }
                dataPointers.put(i, data[i]);
            }
            ctrlP = new DoublePointer((long) n * model.nu());
            stateP = new DoublePointer((long) n * rowSize);
            ctrlP.zero();
            stateP.zero();
            for (int i = 0; i < n; i++) {
                qposIn[i] = new DoublePointer(model.nq());
                qvelIn[i] = new DoublePointer(model.nv());
                rowOut[i] = stateP.getPointer((long) i * rowSize);
            }
        } catch (RuntimeException | Error e) {
            release(data, dataPointers, qposIn, qvelIn, ctrlP, stateP);
            throw e;
        } finally {
            model.exit(ms);
        }
        this.ctrlPointer = ctrlP;
        this.statePointer = stateP;
        this.ctrl = ctrlP.asBuffer();
        this.state = stateP.asBuffer();
    }

    /** Java-heap bytes per environment of a stepper itself (JavaCPP pointer objects). */
    static final long HEAP_BYTES_PER_ENV = 400;

    /**
     * The memory {@code n} simulators of {@code model} need: per environment one mjData
     * ({@link MjcfModel#dataBytes()}, 4.0 MB for Hopper) plus its control, state-row and staging
     * buffers off the heap, and {@code ownerHeapBytesPerEnv} plus the stepper's pointer objects on the heap.
     */
    public static MemoryBudget.Request memoryRequest(MjcfModel model, int n, boolean withContactForces, String label,
                                                     long ownerHeapBytesPerEnv) {
        long row = model.nq() + model.nv() + 4 + (withContactForces ? 6L * model.nbody() : 0);
        long data = model.dataBytes();
        long nativePerEnv = data + 8L * (model.nu() + row + model.nq() + model.nv() + 1);
        long heapPerEnv = HEAP_BYTES_PER_ENV + ownerHeapBytesPerEnv;
        return new MemoryBudget.Request("a batch of " + n + " " + label + " simulators", heapPerEnv * n, nativePerEnv * n,
                MemoryBudget.bytes(data) + " of MuJoCo mjData per environment", "use fewer environments", n);
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

    /**
     * Control rows (n x nu), written by the caller before {@link #step}. The buffer is native memory: do
     * not keep it past {@link #close()} (owners such as VectorEnv only touch it inside their own guard).
     */
    public DoubleBuffer ctrl() {
        guard.check();
        return ctrl;
    }

    /** State rows (n x rowSize), written by {@link #step} and {@link #setState}; native, as {@link #ctrl()}. */
    public DoubleBuffer state() {
        guard.check();
        return state;
    }

    /**
     * Advances environments [begin, end) by frameSkip physics steps in one native call.
     *
     * @throws MuJoCoException if MuJoCo raised an error or a warning in one of them (environments after it
     *     in the slice are not stepped)
     */
    public void step(int begin, int end) {
        if (begin < 0 || end > n || begin > end) {
            throw new IndexOutOfBoundsException("environments [" + begin + ", " + end + ") of " + n);
        }
        long s = guard.enter();
        try {
            long ms = model.enter();
            try {
                int failed = MuJoCo.rrl_step_batch(model.raw(), dataPointers, begin, end, ctrlPointer, frameSkip,
                        trackBody, withContactForces ? 1 : 0, statePointer);
                if (failed >= 0) {
                    throw MuJoCoException.lastFailure("step of " + label + " environment " + failed, failed,
                            AFTER_FAILURE);
                }
            } finally {
                model.exit(ms);
            }
        } finally {
            guard.exit(s);
        }
    }

    /**
     * Sets environment i to (qpos, qvel) and runs mj_forward, like Gymnasium's set_state. Every value must
     * pass {@link NumberRule#MUJOCO_STATE} (finite, |x| <= 1e10): beyond that MuJoCo would reset the
     * simulation to the default pose at the next step and carry on as if this state had been used.
     *
     * @throws IllegalArgumentException naming the first refused value
     */
    public void setState(int i, double[] qpos, double[] qvel) {
        if (qpos.length != model.nq() || qvel.length != model.nv()) {
            throw new IllegalArgumentException("state of " + label + " needs qpos[" + model.nq()
                    + "] and qvel[" + model.nv() + "], got qpos[" + qpos.length + "] and qvel[" + qvel.length
                    + "]");
        }
        requireState("qpos", qpos, i);
        requireState("qvel", qvel, i);
        long s = guard.enter();
        try {
            long ms = model.enter();
            try {
                qposIn[i].put(qpos);
                qvelIn[i].put(qvel);
                int kind = MuJoCo.rrl_set_state(model.raw(), data[i], qposIn[i], qvelIn[i], trackBody,
                        withContactForces ? 1 : 0, rowOut[i]);
                if (kind != 0) {
                    throw MuJoCoException.lastFailure("state set on " + label + " environment " + i, i,
                            "MuJoCo could not compute that state; the environment was reset to the default pose. "
                                    + "Pass a physically meaningful state.");
                }
            } finally {
                model.exit(ms);
            }
        } finally {
            guard.exit(s);
        }
    }

    private void requireState(String name, double[] values, int i) {
        int bad = NumberRule.MUJOCO_STATE.firstRefused(values, 0, values.length);
        if (bad >= 0) {
            throw new IllegalArgumentException(NumberRule.MUJOCO_STATE.refusal(name + "[" + bad + "] of " + label
                    + " environment " + i, values[bad], "a simulator state"));
        }
    }

    /** The raw mjData of environment i (for advanced use; do not step it concurrently with a batch). */
    public mjData data(int i) {
        guard.check();
        return data[i];
    }

    /** Starts a use of this stepper's native memory (see {@link CloseGuard}); close waits until it exits. */
    public long enter() {
        return guard.enter();
    }

    public void exit(long stamp) {
        guard.exit(stamp);
    }

    public boolean isClosed() {
        return guard.isClosed();
    }

    /** Frees every mjData and buffer (idempotent; waits for steps in progress on any thread). */
    @Override
    public void close() {
        guard.close(() -> release(data, dataPointers, qposIn, qvelIn, ctrlPointer, statePointer));
    }

    private static void release(mjData[] data, PointerPointer<mjData> dataPointers, DoublePointer[] qposIn,
                                DoublePointer[] qvelIn, DoublePointer ctrl, DoublePointer state) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] != null && !data[i].isNull()) {
                MuJoCo.mj_deleteData(data[i]);
                data[i] = null;
            }
        }
        dataPointers.close();
        for (int i = 0; i < qposIn.length; i++) {
            if (qposIn[i] != null) {
                qposIn[i].close();
            }
            if (qvelIn[i] != null) {
                qvelIn[i].close();
            }
        }
        if (ctrl != null) {
            ctrl.close();
        }
        if (state != null) {
            state.close();
        }
    }
}
