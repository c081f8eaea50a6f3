package rrl.env;

import java.nio.DoubleBuffer;

/**
 * Read-only view of one environment's state row in the shared native buffer (layout in rrl_batch.h):
 * qpos, qvel, tracked (x, y) before and after the step, and cfrc_ext when recorded.
 */
public final class StateRow {
    private final DoubleBuffer buf;
    private final int nq;
    private final int nv;
    private int base;

    StateRow(DoubleBuffer buf, int nq, int nv) {
        this.buf = buf;
        this.nq = nq;
        this.nv = nv;
    }

    StateRow at(int offset) {
        this.base = offset;
        return this;
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    public double qpos(int i) {
        return buf.get(base + i);
    }

    public double qvel(int i) {
        return buf.get(base + nq + i);
    }

    /** Tracked coordinate k (0 = x, 1 = y) before the last step. */
    public double trackBefore(int k) {
        return buf.get(base + nq + nv + k);
    }

    /** Tracked coordinate k (0 = x, 1 = y) after the last step. */
    public double trackAfter(int k) {
        return buf.get(base + nq + nv + 2 + k);
    }

    /** cfrc_ext[body][k], k in 0..5 (rotational part first, as MuJoCo stores it). */
    public double contactForce(int body, int k) {
        return buf.get(base + nq + nv + 4 + 6 * body + k);
    }

    /** True if every qpos and qvel entry is finite. */
    public boolean finite() {
        for (int i = 0; i < nq + nv; i++) {
            if (!Double.isFinite(buf.get(base + i))) {
                return false;
            }
        }
        return true;
    }
}
