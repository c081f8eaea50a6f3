package rrl.finetune;

import java.util.List;
import rrl.io.EnvironmentSettingsFile;

/**
 * The adaptive curriculum's per-environment step size, read from the shipped table
 * {@code rrl/finetune/environment-settings.json}, with its source. Paper 1 tunes eta per environment and gives
 * 0.7 for HalfCheetah; the table's rule for the others is [our reading] (notebooks/our-reading.md#adaptive-eta).
 *
 * @param env the environment's Gymnasium name
 * @param eta the step size of {@code q <- clip(q + eta * (Rbar_n - Rbar_{n-1}), 0, q_max)}, per unit of return
 *     relative to pi_off's nominal return
 * @param etaSource the paper or the our-reading entry {@code eta} comes from
 */
public record CurriculumSettings(String env, double eta, String etaSource) {
    /** The shipped table's resource name. */
    public static final String RESOURCE = "rrl/finetune/environment-settings.json";

    private static final List<CurriculumSettings> ALL = EnvironmentSettingsFile.read(RESOURCE, CurriculumSettings.class);

    /** Every environment's settings, in the table's order. */
    public static List<CurriculumSettings> all() {
        return ALL;
    }

    /**
     * The settings of {@code env} (any spelling {@link rrl.env.Environments#task} accepts).
     *
     * @throws rrl.env.UnknownEnvironmentException for an environment rrl does not have
     * @throws IllegalStateException when the table lacks a row for a known environment (a packaging fault)
     */
    public static CurriculumSettings of(String env) {
        return EnvironmentSettingsFile.rowFor(ALL, rrl.env.Environments.task(env).name(), CurriculumSettings::env, RESOURCE);
    }
}
