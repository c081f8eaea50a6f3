package rrl.train;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import rrl.env.Task;

/**
 * The SAC run that made an environment's shipped behaviour policies, as its record and training curve tell it
 * ({@code rrl/policies/<env>/record.json} and {@code training-curve.csv}): how far it trained, its medium step and,
 * once it had one, its expert step, and the mean evaluation return at every evaluated step.
 *
 * <p>Why: a re-run of the shipped command gives the same numbers (same seed on any thread count), so a run whose
 * evaluations equal the shipped curve's at every step both have <em>is</em> the shipped run, cut short. D4RL's medium
 * is a third of the expert's return, and the expert may lie far ahead (HalfCheetah's at step 995,000, its medium at
 * 55,000); the shipped record already knows it. So {@link DatasetGeneration} takes the shipped medium step for such a
 * run, and medium-replay data (the replay buffer up to the medium step) needs only the steps up to the medium.
 *
 * @param lastEvaluated the last step the shipped curve lists
 * @param mediumStep the shipped medium policy's step
 * @param expertStep the shipped expert's step, or -1 when the record ships none (the run had no expert yet)
 * @param returns mean evaluation return by step, as the curve lists them (Java's shortest round-trip decimals, so
 *                {@link Double#parseDouble} gives back the very double the run computed)
 * @param config the shipped run's settings (its training-config.json's {@code config})
 * @param source where the record and curve were read, for messages and dataset records
 * @param mediumRule how the record says its medium was chosen ({@code medium.rule}), or null where it names none (the
 *                   medium is then the policy closest to a third of the expert's return, or of REF_MAX without one)
 */
record ShippedRun(String env, long lastEvaluated, long mediumStep, long expertStep, Map<Long, Double> returns,
                  JsonObject config, String source, String mediumRule) {
    /**
     * The settings that decide a SAC run's numbers, compared with the shipped run's where both record them (older
     * records name the learner block "sac", newer ones "learner"). Evaluation settings are not among them: evaluating
     * draws from its own generator, so a run evaluated every 1,000 steps trains as one evaluated every 5,000.
     */
    static final List<String> TRAINING_FIELDS = List.of("env", "seed", "learningStarts", "updatesPerStep", "replayCapacity");

    /** The shipped run of {@code task}, if the library ships its record and curve. */
    static Optional<ShippedRun> of(Task task) {
        String env = task.name();
        Optional<String> record = rrl.policy.ShippedPolicies.text(env, "record.json");
        Optional<String> curve = rrl.policy.ShippedPolicies.text(env, "training-curve.csv");
        Optional<String> config = rrl.policy.ShippedPolicies.text(env, "training-config.json");
        if (record.isEmpty() || curve.isEmpty() || config.isEmpty()) {
            return Optional.empty();
        }
        String folder = "rrl/policies/" + env.toLowerCase(java.util.Locale.ROOT) + "/";
        return Optional.of(parse(env, record.get(), curve.get(), config.get(), folder));
    }

    /**
     * Parses a record.json, training-curve.csv and training-config.json as {@link DatasetGeneration#exportPolicies}
     * writes them.
     */
    static ShippedRun parse(String env, String recordJson, String curveCsv, String configJson, String source) {
        JsonObject r = rrl.io.StrictJson.parse(recordJson).getAsJsonObject();
        JsonObject m = r.getAsJsonObject("medium");
        long medium = m.get("step").getAsLong();
        // an expert is shipped when the record has one ("bestSoFar" otherwise; older records carry no "shipped" flag)
        JsonObject ex = r.has("expert") ? r.getAsJsonObject("expert") : null;
        long expert = ex != null && (!ex.has("shipped") || ex.get("shipped").getAsBoolean()) ? ex.get("step").getAsLong() : -1;
        Map<Long, Double> returns = new TreeMap<>();
        String[] lines = curveCsv.strip().split("\n");
        List<String> header = List.of(lines[0].strip().split(","));
        int step = header.indexOf("step");
        int ret = header.indexOf("return_mean");
        if (step < 0 || ret < 0) {
            throw new IllegalStateException(source + "training-curve.csv has no step and return_mean columns");
        }
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].strip().split(",");
            // a metrics.csv also logs training rows between evaluations, with an empty (NaN) return
            if (f.length > ret && !f[ret].isEmpty() && !f[ret].equals("NaN")) {
                returns.put(Long.parseLong(f[step]), Double.parseDouble(f[ret]));
            }
        }
        if (returns.isEmpty()) {
            throw new IllegalStateException(source + "training-curve.csv lists no evaluation");
        }
        JsonObject c = rrl.io.StrictJson.parse(configJson).getAsJsonObject();
        return new ShippedRun(env, ((TreeMap<Long, Double>) returns).lastKey(), medium, expert, Map.copyOf(returns),
                c.has("config") ? c.getAsJsonObject("config") : c, source, m.has("rule") ? m.get("rule").getAsString() : null);
    }

    /**
     * The shipped run's evaluation at {@code step} as an evaluation point naming {@code policyFile}: its mean return
     * and D4RL score from the curve (NaN where the curve has no such step; std and alpha are not recorded there).
     */
    OnlineTraining.EvalPoint point(long step, String policyFile) {
        double r = returns.getOrDefault(step, Double.NaN);
        return new OnlineTraining.EvalPoint(step, r, Double.NaN,
                Double.isNaN(r) ? Double.NaN : rrl.rollout.D4rlScores.normalized(env, r), Double.NaN, policyFile);
    }

    /**
     * Whether {@code evals} are this run's, cut short: no further than the shipped curve goes, and at every step both
     * list (at least one) the same mean return to the last bit. A run evaluated on another grid (every 1,000 steps, or
     * at an off-grid final step) is compared where the grids meet.
     */
    boolean isPrefix(List<OnlineTraining.EvalPoint> evals) {
        if (evals.isEmpty() || evals.get(evals.size() - 1).step() > lastEvaluated) {
            return false;
        }
        int common = 0;
        for (OnlineTraining.EvalPoint e : evals) {
            Double shipped = returns.get(e.step());
            if (shipped != null) {
                if (Double.doubleToLongBits(shipped) != Double.doubleToLongBits(e.meanReturn())) {
                    return false;
                }
                common++;
            }
        }
        return common > 0;
    }

    /**
     * The first training setting in which {@code runConfig} (a run's {@code config}, as config.json holds it) differs
     * from the shipped run's, "setting: ours vs shipped", or empty when every setting both record is equal.
     */
    Optional<String> configDifference(JsonObject runConfig) {
        for (String f : TRAINING_FIELDS) {
            if (config.has(f) && runConfig.has(f) && !config.get(f).equals(runConfig.get(f))) {
                return Optional.of(f + ": " + runConfig.get(f) + " vs " + config.get(f));
            }
        }
        JsonObject ours = learner(runConfig);
        JsonObject theirs = learner(config);
        if (ours != null && theirs != null) {
            for (String f : theirs.keySet()) {
                if (ours.has(f) && !ours.get(f).equals(theirs.get(f))) {
                    return Optional.of(f + ": " + ours.get(f) + " vs " + theirs.get(f));
                }
            }
        }
        return Optional.empty();
    }

    /** The learner block of a run's config: "learner" (current) or "sac" (the shipped runs' older records). */
    private static JsonObject learner(JsonObject config) {
        return config.has("learner") ? config.getAsJsonObject("learner")
                : config.has("sac") ? config.getAsJsonObject("sac") : null;
    }
}
