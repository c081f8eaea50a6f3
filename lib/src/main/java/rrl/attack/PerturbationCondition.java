package rrl.attack;

import java.util.Arrays;
import rrl.random.Rng;

/**
 * How {@code delta} is chosen at the start of each episode (paper 2, eq. 2): normal (zero), random
 * ({@code U([-eps, eps]^Na)}, a new draw every episode) or adversarial (a fixed, given {@code delta}).
 * {@link PerSlot} gives every environment slot its own fixed {@code delta}; the DE attack uses it to run a
 * whole population in one batch.
 */
public sealed interface PerturbationCondition {
    /** "normal", "random" or "adversarial". */
    String name();

    /** Writes the {@code delta} of the next episode of environment slot {@code slot} into {@code out}. */
    void draw(int slot, Rng rng, double[] out, int offset, int actDim);

    static PerturbationCondition normal() {
        return new Normal();
    }

    static PerturbationCondition random(double eps) {
        return new Random(eps);
    }

    static PerturbationCondition adversarial(double[] delta) {
        return new Adversarial(delta);
    }

    /** No perturbation: {@code delta = 0}. */
    record Normal() implements PerturbationCondition {
        @Override
        public String name() {
            return "normal";
        }

        @Override
        public void draw(int slot, Rng rng, double[] out, int offset, int actDim) {
            Arrays.fill(out, offset, offset + actDim, 0.0);
        }

        @Override
        public String toString() {
            return "normal (delta = 0)";
        }
    }

    /** {@code delta ~ U([-eps, eps]^Na)}, drawn per episode from the slot's own generator. */
    record Random(double eps) implements PerturbationCondition {
        public Random {
            ActionPerturbation.requireEpsilon(eps);
        }

        @Override
        public String name() {
            return "random";
        }

        @Override
        public void draw(int slot, Rng rng, double[] out, int offset, int actDim) {
            for (int j = 0; j < actDim; j++) {
                out[offset + j] = -eps + 2 * eps * rng.nextDouble();
            }
        }

        @Override
        public String toString() {
            return "random delta ~ U([-" + rrl.io.Texts.number(eps) + ", " + rrl.io.Texts.number(eps) + "]^Na)";
        }
    }

    /** The same given {@code delta} (e.g. DE's {@code delta_best}) in every episode. */
    record Adversarial(double[] delta) implements PerturbationCondition {
        public Adversarial {
            delta = delta.clone();
        }

        @Override
        public String name() {
            return "adversarial";
        }

        @Override
        public void draw(int slot, Rng rng, double[] out, int offset, int actDim) {
            if (delta.length != actDim) {
                throw new IllegalArgumentException("adversarial delta has " + delta.length + " values but the task has "
                        + actDim + " actuators");
            }
            System.arraycopy(delta, 0, out, offset, actDim);
        }

        @Override
        public String toString() {
            return "adversarial delta " + rrl.io.Texts.numbers(delta);
        }
    }

    /** Slot i always uses {@code deltas[i]} (row-major, numEnvs x Na). */
    record PerSlot(double[] deltas) implements PerturbationCondition {
        @Override
        public String name() {
            return "per-slot";
        }

        @Override
        public void draw(int slot, Rng rng, double[] out, int offset, int actDim) {
            System.arraycopy(deltas, slot * actDim, out, offset, actDim);
        }

        @Override
        public String toString() {
            return "per-slot deltas " + rrl.io.Texts.numbers(deltas);
        }
    }

    /**
     * One of several deltas per episode, uniformly (e.g. the top-K of a DE population, so fine-tuning does not
     * overfit a single delta; [our reading], notebooks/our-reading.md#top-k-pool). {@code deltas} is K x Na,
     * row-major.
     */
    record Pool(double[] deltas, int actDim) implements PerturbationCondition {
        public Pool {
            if (actDim < 1 || deltas.length == 0 || deltas.length % actDim != 0) {
                throw new IllegalArgumentException("a delta pool needs K x " + actDim + " values, got " + deltas.length);
            }
            deltas = deltas.clone();
        }

        @Override
        public String name() {
            return "adversarial";
        }

        @Override
        public void draw(int slot, Rng rng, double[] out, int offset, int actDim) {
            int k = deltas.length / this.actDim;
            System.arraycopy(deltas, (k == 1 ? 0 : rng.nextInt(k)) * this.actDim, out, offset, actDim);
        }

        @Override
        public String toString() {
            return "adversarial pool of " + deltas.length / actDim + " deltas " + rrl.io.Texts.numbers(deltas);
        }
    }

    /**
     * Paper 1's fine-tuning injection: each episode is perturbed under {@code inner} with probability {@code q}
     * (set by a curriculum between episodes), else runs unperturbed. The draw for "perturbed?" comes first from
     * the slot's generator, then the inner delta, so runs are reproducible for a seed.
     */
    final class Intermittent implements PerturbationCondition {
        private PerturbationCondition inner;
        private double q;
        private long episodes;
        private long perturbed;

        public Intermittent(PerturbationCondition inner, double q) {
            this.inner = inner;
            setQ(q);
        }

        public void setQ(double q) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("perturbation probability q must be in [0, 1], got " + q);
            }
            this.q = q;
        }

        public double q() {
            return q;
        }

        /** Episodes drawn so far and how many of them were perturbed. */
        public long[] counts() {
            return new long[] {episodes, perturbed};
        }

        public void restoreCounts(long[] c) {
            episodes = c[0];
            perturbed = c[1];
        }

        public PerturbationCondition inner() {
            return inner;
        }

        /** Replaces the condition of perturbed episodes (a re-computed attack's pool); it applies from the next episode. */
        public void setInner(PerturbationCondition c) {
            this.inner = java.util.Objects.requireNonNull(c, "inner condition");
        }

        @Override
        public String toString() {
            return "intermittent (q " + rrl.io.Texts.number(q) + ") " + inner + ", " + perturbed + " of "
                    + rrl.io.Messages.count(episodes, "episode") + " perturbed";
        }

        @Override
        public String name() {
            return inner.name() + " with probability q";
        }

        @Override
        public void draw(int slot, Rng rng, double[] out, int offset, int actDim) {
            episodes++;
            if (rng.nextDouble() < q) {
                perturbed++;
                inner.draw(slot, rng, out, offset, actDim);
            } else {
                Arrays.fill(out, offset, offset + actDim, 0.0);
            }
        }
    }
}
