package rrl.train;

/**
 * Sees every online transition just before it is stored, and may change what is stored (in place): the place
 * for paper 3's online corruption. The agent continues from the clean next state whatever is stored.
 * Arrays hold normalised observations, the commanded action in [-1, 1] and {@code reward[0]}.
 */
@FunctionalInterface
public interface TransitionHook {
    /** No change. */
    TransitionHook NONE = (step, obs, action, reward, nextObs, terminated) -> { };

    void beforeStore(long step, double[] obs, double[] action, double[] reward, double[] nextObs, boolean terminated);
}
