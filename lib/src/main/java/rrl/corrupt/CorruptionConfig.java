package rrl.corrupt;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One corruption of an offline dataset, as RIQL's {@code attack.py} (YangRui2015/RIQL) defines it; see
 * {@link DatasetCorruption} for what each setting does.
 *
 * @param mode random noise or an attack on a critic
 * @param fields which parts of each transition are corrupted (at least one)
 * @param rate the probability that a transition's field is corrupted, in [0, 1]: 0.3, the RIQL README's
 *     {@code corruption_rate} (its {@code RIQL.py} argparse default is 0.1; the README and RPEX's runs use 0.3)
 * @param range the scale of the corruption, > 0: 1.0, the RIQL README's {@code corruption_range} (argparse: 0.3)
 * @param seed the seed of every draw (which transitions, the noise, the attack's starting points)
 * @param steps the adversarial attack's optimiser steps per chunk: 100, {@code attack.py}'s {@code update_times}
 * @param stepSize the adversarial attack's Adam rate per unit of range: 0.01, {@code attack.py}'s {@code step_size};
 *     the rate is {@code stepSize * range} ({@code optimize_para})
 * @param chunks the adversarial attack's number of chunks of corrupted rows: 10, {@code split_gradient_attack}'s
 *     {@code split} (the mean Q it minimises is over one chunk)
 */
public record CorruptionConfig(CorruptionMode mode, Set<CorruptionField> fields, double rate, double range, long seed,
                               int steps, double stepSize, int chunks) {
    /** RIQL README's corruption rate. */
    public static final double RATE = 0.3;
    /** RIQL README's corruption range. */
    public static final double RANGE = 1.0;
    /** {@code attack.py}'s {@code update_times}. */
    public static final int STEPS = 100;
    /** {@code attack.py}'s {@code step_size}. */
    public static final double STEP_SIZE = 0.01;
    /** {@code attack.py}'s {@code split}. */
    public static final int CHUNKS = 10;

    /** Checks every setting; each refusal is one line naming the fix. */
    public CorruptionConfig {
        if (mode == null) {
            throw new IllegalArgumentException("a corruption needs a mode: random or adversarial");
        }
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("a corruption needs at least one field: obs, act, rew or dyn");
        }
        fields = Collections.unmodifiableSet(EnumSet.copyOf(fields));
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("corruption rate must be in [0, 1], got " + rate + "; RIQL uses 0.3");
        }
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("corruption range must be a finite number > 0, got " + range
                    + "; RIQL uses 1.0");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("attack steps must be >= 1, got " + steps + "; RIQL uses 100");
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("attack step size must be a finite number > 0, got " + stepSize
                    + "; RIQL uses 0.01");
        }
        if (chunks < 1) {
            throw new IllegalArgumentException("attack chunks must be >= 1, got " + chunks + "; RIQL uses 10");
        }
    }

    /** RIQL's random corruption of {@code fields}: rate 0.3, range 1.0. */
    public static CorruptionConfig random(Set<CorruptionField> fields, long seed) {
        return new CorruptionConfig(CorruptionMode.RANDOM, fields, RATE, RANGE, seed, STEPS, STEP_SIZE, CHUNKS);
    }

    /** RIQL's adversarial corruption of {@code fields}: rate 0.3, range 1.0, 100 steps at 0.01 * range, 10 chunks. */
    public static CorruptionConfig adversarial(Set<CorruptionField> fields, long seed) {
        return new CorruptionConfig(CorruptionMode.ADVERSARIAL, fields, RATE, RANGE, seed, STEPS, STEP_SIZE, CHUNKS);
    }

    public CorruptionConfig withRate(double r) {
        return new CorruptionConfig(mode, fields, r, range, seed, steps, stepSize, chunks);
    }

    public CorruptionConfig withRange(double r) {
        return new CorruptionConfig(mode, fields, rate, r, seed, steps, stepSize, chunks);
    }

    public CorruptionConfig withSeed(long s) {
        return new CorruptionConfig(mode, fields, rate, range, s, steps, stepSize, chunks);
    }

    /** The attack's optimiser settings. */
    public CorruptionConfig withAttack(int newSteps, double newStepSize, int newChunks) {
        return new CorruptionConfig(mode, fields, rate, range, seed, newSteps, newStepSize, newChunks);
    }

    /** The attack's Adam rate, {@code stepSize * range} as {@code optimize_para} sets it. */
    public double learningRate() {
        return stepSize * range;
    }

    /** Whether this corruption attacks a critic (adversarial mode with obs, act or dyn). */
    public boolean needsCritic() {
        return mode == CorruptionMode.ADVERSARIAL && fields.stream().anyMatch(CorruptionField::needsCritic);
    }

    /**
     * The row of RIQL's per-environment tuning ({@code RIQL_config.py}) made for this corruption: one field, this mode
     * (e.g. random obs: {@code random-observations}, what {@code rrl train riql --corruption} takes); empty when
     * several fields are corrupted, which the table has no row for.
     */
    public java.util.Optional<rrl.algo.RiqlTuning.Corruption> riqlTuning() {
        if (fields.size() != 1) {
            return java.util.Optional.empty();
        }
        String field = switch (fields.iterator().next()) {
            case OBSERVATION -> "OBSERVATIONS";
            case ACTION -> "ACTIONS";
            case REWARD -> "REWARDS";
            case DYNAMICS -> "DYNAMICS";
        };
        return java.util.Optional.of(rrl.algo.RiqlTuning.Corruption.valueOf(mode.name() + "_" + field));
    }

    /** "obs,rew". */
    public String fieldLabels() {
        return fields.stream().map(CorruptionField::label).collect(Collectors.joining(","));
    }
}
