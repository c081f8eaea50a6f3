package rrl.algo;

import rrl.io.Labelled;

/**
 * The learning algorithms rrl knows, by the names the papers and d3rlpy use ({@link #label()}); in JSON by
 * that label ("TD3+BC").
 */
@com.google.gson.annotations.JsonAdapter(Labelled.Json.class)
public enum Algorithm implements Labelled {
    /** Fujimoto et al. 2018, online (paper 2's online baseline; paper 1's fine-tuning learner). */
    TD3("TD3"),
    /** Fujimoto and Gu 2021, offline (paper 1's pi_off; paper 2's Table 1). */
    TD3_BC("TD3+BC"),
    /** Haarnoja et al. 2018, online (D4RL's behaviour policies; paper 2's online baseline). */
    SAC("SAC"),
    /** Kostrikov et al. 2022, implicit Q-learning, offline (paper 2's Table 1). */
    IQL("IQL"),
    /** Yang et al. 2024, robust IQL under data corruption, offline (RPEX's offline learner). */
    RIQL("RIQL"),
    /** Fujimoto, Meger and Precup 2019, offline (paper 2's Table 1, through d3rlpy). */
    BCQ("BCQ"),
    /** Schulman et al. 2017, proximal policy optimisation, online and on-policy (paper 2's third online baseline). */
    PPO("PPO"),
    /** An et al. 2021, SAC-N with ensemble-diversified critics, offline (paper 3's adversary's critic). */
    EDAC("EDAC"),
    /** Zhang, Xu and Yu 2023, policy expansion: offline-to-online from an IQL checkpoint (paper 3's baseline). */
    PEX("PEX"),
    /** He et al. 2025, robust policy expansion: offline-to-online from a RIQL checkpoint (paper 3's method). */
    RPEX("RPEX");

    private final String label;

    Algorithm(String label) {
        this.label = label;
    }

    /** The name as printed in the papers and in {@code metrics.csv} / {@code config.json}: "TD3+BC". */
    @Override
    public String label() {
        return label;
    }

    /**
     * Parses a label or enum name, case-insensitively ("td3+bc", "TD3_BC", "td3bc" all give {@link #TD3_BC});
     * anything else is an error naming the choices.
     */
    public static Algorithm parse(String s) {
        return Labelled.parse(Algorithm.class, s, "algorithm");
    }

    @Override
    public String toString() {
        return label;
    }
}
