package rrl.attack;

/** Default perturbation strength {@code eps} per environment, from {@link PerturbationSettings}' table. */
public final class PerturbationEpsilon {
    private PerturbationEpsilon() {}

    /**
     * Hopper and HalfCheetah 0.3, Ant 0.5 (paper 2, "Perturbation setting"; Ant 0.3 only in its
     * perturbed-dataset experiment); Walker2d 0.3 [our reading] (notebooks/our-reading.md#walker2d-eps), as
     * paper 2 has no Walker2d.
     */
    public static double defaultFor(String env) {
        return PerturbationSettings.of(env).eps();
    }
}
