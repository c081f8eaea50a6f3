package rrl.train;

import rrl.algo.Metrics;
import rrl.checkpoint.Checkpoint;
import rrl.corrupt.CorruptionField;
import rrl.corrupt.OnlineCorruption;

/**
 * A stepper whose steps report, after the update metrics, which fields of the transition just stored were corrupted
 * (1 or 0 in columns {@code corrupted_obs}, {@code corrupted_act}, {@code corrupted_rew}, {@code corrupted_dyn}, for
 * the fields corrupted), so that a row of {@code metrics.csv}, an average over its window, is the share of that
 * window's transitions corrupted. Only steps with updates report metrics, so the warm-up steps are not counted.
 * Each value belongs to its own step: there is nothing to checkpoint, and a resumed run logs the same numbers.
 */
final class CorruptionShares implements Stepper {
    private final Stepper inner;
    private final OnlineCorruption corruption;
    private final CorruptionField[] fields;
    private final long[] before;

    /** @param inner the stepper whose transition hook includes {@code corruption} */
    CorruptionShares(Stepper inner, OnlineCorruption corruption) {
        this.inner = inner;
        this.corruption = corruption;
        this.fields = corruption.fields().toArray(new CorruptionField[0]);
        this.before = new long[fields.length];
    }

    @Override
    public void begin() {
        inner.begin();
    }

    @Override
    public Metrics step() {
        for (int i = 0; i < fields.length; i++) {
            before[i] = corruption.corrupted(fields[i]);
        }
        Metrics m = inner.step();
        if (m.size() == 0) {
            return m;
        }
        Object[] pairs = new Object[2 * (m.size() + fields.length)];
        for (int i = 0; i < m.size(); i++) {
            pairs[2 * i] = m.names().get(i);
            pairs[2 * i + 1] = m.value(i);
        }
        for (int i = 0; i < fields.length; i++) {
            int k = 2 * (m.size() + i);
            pairs[k] = "corrupted_" + fields[i].label();
            pairs[k + 1] = (double) (corruption.corrupted(fields[i]) - before[i]);
        }
        return Metrics.of(pairs);
    }

    @Override
    public long steps() {
        return inner.steps();
    }

    @Override
    public boolean stepIsUpdate() {
        return inner.stepIsUpdate();
    }

    @Override
    public boolean atBoundary() {
        return inner.atBoundary();
    }

    @Override
    public void save(Checkpoint ck) {
        inner.save(ck);
    }

    @Override
    public void restore(Checkpoint ck) {
        inner.restore(ck);
    }
}
