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
    }
}
