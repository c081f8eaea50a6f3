package rrl.corrupt;

/**
 * A critic (ensemble) that an adversarial corruption attacks: the ensemble's mean Q per row and its gradients with
 * respect to the inputs, in the dataset's own units (raw observations: a critic trained on normalised observations
 * applies its normalisation inside). Any learner with a critic ensemble and an actor can serve through
 * {@link CriticAdversary}.
 */
public interface QFunction {
    /** The environment the critic was trained on (e.g. "Hopper"). */
    String env();

    int observationDim();

    int actionDim();

    /**
     * The mean over the ensemble of Q(obs_b, act_b) for each of the {@code n} rows into {@code q}, and, for each
     * non-null target, its derivative with respect to the row's observation ({@code dObs}, n x obsDim) and action
     * ({@code dAct}, n x actDim).
     */
    void valueAndGradients(float[] obs, float[] act, int n, float[] q, float[] dObs, float[] dAct);

    /**
     * The mean over the ensemble of Q(obs_b, pi(obs_b)), pi the actor's deterministic action, into {@code q}, and,
     * unless null, its total derivative with respect to the observation (through the critic's observation input and
     * through the actor) into {@code dObs}.
     */
    void policyValueAndGradient(float[] obs, int n, float[] q, float[] dObs);
}
