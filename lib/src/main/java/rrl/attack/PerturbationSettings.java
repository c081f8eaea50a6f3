package rrl.attack;

import java.util.List;
import rrl.io.EnvironmentSettingsFile;

/**
 * The action-perturbation settings of one environment, read from the shipped table
 * {@code rrl/attack/environment-settings.json}, each value with its source.
 *
 * @param env the environment's Gymnasium name (Hopper, HalfCheetah, Ant, Walker2d)
 * @param eps the perturbation bound: {@code |delta_i| <= eps} in {@code a + delta * a} (dimensionless, a share of
 *     the commanded action)
 * @param epsSource the paper and section {@code eps} comes from, or the entry of notebooks/our-reading.md
 * @param dePopulation the DE population NP (individuals; paper 2: 15 per actuator)
 * @param dePopulationSource where {@code dePopulation} comes from
 */
public record PerturbationSettings(String env, double eps, String epsSource, int dePopulation,
                                   String dePopulationSource) {
    /** The shipped table's resource name. */
    public static final String RESOURCE = "rrl/attack/environment-settings.json";

    private static final List<PerturbationSettings> ALL = EnvironmentSettingsFile.read(RESOURCE, PerturbationSettings.class);

    /** Every environment's settings, in the table's order. */
    public static List<PerturbationSettings> all() {
        return ALL;
    }

    /**
     * The settings of {@code env} (any spelling {@link rrl.env.Environments#task} accepts).
     *
     * @throws rrl.env.UnknownEnvironmentException for an environment rrl does not have
     * @throws IllegalStateException when the table lacks a row for a known environment (a packaging fault)
     */
    public static PerturbationSettings of(String env) {
        return EnvironmentSettingsFile.rowFor(ALL, rrl.env.Environments.task(env).name(), PerturbationSettings::env, RESOURCE);
    }
}
