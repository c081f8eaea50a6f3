package rrl.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rrl.algo.LearnerConfig;
import rrl.data.D4rlDataset;

/**
 * Several offline learners on several datasets of one environment, each trained from several seeds: the runs
 * behind a comparison such as paper 2's Table 1 rows (BCQ, TD3+BC, IQL) or notebook 01's. Every run is an
 * {@link OfflineTraining} run of its own with the same schedule, in {@code dir/<dataset>/<learner>/seed-<s>}, so a
 * comparison that was stopped resumes where each run stopped and a finished one is read back without training.
 */
public final class OfflineComparison {
    private OfflineComparison() {}

    /**
     * @param env the environment the datasets come from
     * @param learners the learners, each with its settings; each is fitted to the run's length
     *     ({@link LearnerConfig#withTotalSteps})
     * @param seeds training seeds per learner and dataset: {@code seed}, {@code seed + 1}, ... (independent runs:
     *     initialisation, minibatches and evaluation episodes all follow the seed)
     * @param updates gradient updates per run
     * @param evalEvery updates between evaluations
     * @param evalEpisodes episodes per evaluation
     */
    public record Config(String env, List<LearnerConfig> learners, int seeds, long seed, long updates, int evalEvery,
                         int evalEpisodes) {
        public Config {
            learners = List.copyOf(learners);
            if (learners.isEmpty()) {
                throw new IllegalArgumentException("a comparison needs at least one learner");
            }
            if (learners.stream().map(l -> l.algorithm().label()).distinct().count() != learners.size()) {
                throw new IllegalArgumentException("two learners of one algorithm would share a label and a folder: "
                        + learners.stream().map(l -> l.algorithm().label()).toList());
            }
            if (seeds < 1 || updates < 1 || evalEvery < 1 || evalEpisodes < 1) {
                throw new IllegalArgumentException("seeds, updates, evalEvery and evalEpisodes must be >= 1, got "
                        + seeds + ", " + updates + ", " + evalEvery + ", " + evalEpisodes);
            }
        }

        /** The training config of one learner's run with seed {@code s}. */
        OfflineTraining.Config run(LearnerConfig learner, long s) {
            return new OfflineTraining.Config(env, learner.withTotalSteps(updates), updates, evalEvery, evalEpisodes,
                    Math.min(1000, evalEvery), s);
        }
    }

    /** One trained run: its dataset's name, the learner's label ("IQL"), its seed and what it produced. */
    public record Run(String dataset, String learner, long seed, OfflineTraining.Result result) {}

    /** Every run, in the order dataset, learner, seed. */
    public record Result(Config config, List<String> datasets, List<Run> runs) {
        public Result {
            datasets = List.copyOf(datasets);
            runs = List.copyOf(runs);
        }

        /** The runs of one dataset and learner, by seed. */
        public List<Run> runs(String dataset, String learner) {
            return runs.stream().filter(r -> r.dataset().equals(dataset) && r.learner().equals(learner)).toList();
        }

        /** The learners' labels in the config's order. */
        public List<String> learners() {
            return config.learners().stream().map(l -> l.algorithm().label()).toList();
        }
    }

    /**
     * Trains (or resumes, or reads back) every learner on every dataset from every seed.
     *
     * @param datasets the data by name ("medium", "expert"), in the order of the result
     * @param dir the comparison's folder (null: nothing written, nothing resumed)
     * @param progress a progress bar per run
     */
    public static Result run(Config c, Map<String, D4rlDataset> datasets, Path dir, boolean progress) {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one dataset");
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, D4rlDataset> d : new LinkedHashMap<>(datasets).entrySet()) {
            for (LearnerConfig l : c.learners()) {
                String label = l.algorithm().label();
                for (int k = 0; k < c.seeds(); k++) {
                    long s = c.seed() + k;
                    Path folder = dir == null ? null : dir.resolve(d.getKey()).resolve(folderName(label))
                            .resolve("seed-" + s);
                    runs.add(new Run(d.getKey(), label, s, OfflineTraining.run(d.getValue(), c.run(l, s), folder,
                            progress)));
                }
            }
        }
        return new Result(c, List.copyOf(datasets.keySet()), runs);
    }

    /** "TD3+BC" -> "td3bc": a folder name without characters shells quote. */
    static String folderName(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }
}
