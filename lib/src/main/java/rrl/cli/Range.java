package rrl.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The allowed range of a numeric CLI option, checked by {@link Main} for every option of the command about to run
 * (and its mixins) before the command does any work: a value outside [min, max], or NaN, is one line naming the
 * option and the range, exit 2. Every numeric option carries one ({@code OptionSweepTest} checks it).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD})
@interface Range {
    /**
     * The least seed of every command and plan: a study reads its runs' seeds back from their folders' names
     * ({@code <name>-s<digits>}), so a negative seed's runs would be trained and then never found.
     */
    double MIN_SEED = 0;

    /** The most runs at a time of every command's --parallel (one per core of a large machine). */
    double MAX_PARALLEL = 256;

    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** Whether min itself is excluded (e.g. a duration that must be > 0). */
    boolean minExclusive() default false;
}
