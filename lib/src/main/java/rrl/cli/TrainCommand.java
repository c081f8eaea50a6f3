package rrl.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.algo.SacConfig;
import rrl.nn.NetThreads;
import rrl.train.OnlineTraining;

/** {@code rrl train}: training runs into run folders (resumable). */
@Command(name = "train", description = "Train policies into a run folder; running again on the folder resumes.",
        subcommands = {TrainCommand.Sac.class, TrainCommand.Td3.class, TrainCommand.Ppo.class, TrainCommand.Td3Bc.class, TrainCommand.Iql.class,
                TrainCommand.Riql.class, TrainCommand.Bcq.class, TrainCommand.Edac.class, TrainCommand.Pex.class,
                TrainCommand.Rpex.class})
final class TrainCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options shared by the online trainers (SAC, TD3 and PPO). */
    static final class RunOptions {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--steps", defaultValue = "1000000", description = "environment steps (default: ${DEFAULT-VALUE})")
        long steps;

        @Option(names = "--run", required = true, description = "run folder (resumed if it holds training.ckpt)")
        Path run;

        @Range(min = Range.MIN_SEED)

        @Option(names = "--seed", defaultValue = "0", description = "seed of the networks' initialisation, the "
                + "minibatches, exploration and the environments' reset noise (default: ${DEFAULT-VALUE})")
        long seed;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--eval-every", defaultValue = "5000", description = "evaluation and policy checkpoint interval")
        int evalEvery;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--checkpoint-every", defaultValue = "20000", description = "steps between training-state "
                + "checkpoints (default 20000; a killed run resumes from the last)")
        int checkpointEvery;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for network updates (default: all cores for sac and td3, 1 for "
                + "ppo)")
        Integer threads;

        /** Applies --threads (before any network is built). */
        void applyThreads() {
            if (threads != null) {
                NetThreads.set(threads);
            }
        }
    }

    /** The off-policy trainers' options: the shared ones and the replay's capacity. */
    static final class OnlineOptions {
        @picocli.CommandLine.Mixin
        RunOptions r;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--replay-capacity", defaultValue = "1000000", description = "transitions the replay buffer "
                + "keeps, whatever the budget (default: TD3's and rlkit's 1000000); part of the run's identity")
        int replayCapacity;

        void train(OnlineTraining.Config base) {
            r.applyThreads();
            OnlineTraining.Config c = base.withSchedule(1000, r.evalEvery, 10, r.checkpointEvery, r.seed)
                    .withReplayCapacity(replayCapacity);
            rrl.guard.Preflight.outputFolder("--run", r.run);
            rrl.env.Task task = rrl.env.Environments.task(c.env());
            // held at once: the replay, the training environment and the evaluation's
            rrl.guard.Preflight.memory(rrl.replay.RingReplay.memory(c.replayCapacity(), task.observationDim(),
                    task.actionDim()), rrl.env.VectorEnv.memory(task, 1 + c.evalEpisodes()));
            done(OnlineTraining.run(c, r.run, true), r.run);
        }
    }

    /** The closing line of an online run: its last evaluation and where its files are. */
    static void done(List<OnlineTraining.EvalPoint> evals, Path run) {
        OnlineTraining.EvalPoint last = evals.get(evals.size() - 1);
        System.out.printf("done: step %d, return %.1f (D4RL score %.1f); policies and metrics.csv in %s%n",
                last.step(), last.meanReturn(), last.normalizedScore(), run);
    }

    /** {@code rrl train sac}. */
    @Command(name = "sac", description = "Online SAC on one environment (behaviour policies for dataset generation).")
    static final class Sac implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OnlineOptions o;

        @Override
        public void run() {
            String name = rrl.env.Environments.task(o.r.env).name();
            o.train(OnlineTraining.Config.sac(name, o.r.steps, SacConfig.defaults()));
        }
    }

    /** {@code rrl train td3}. */
    @Command(name = "td3", description = "Online TD3 on one environment (paper 2's online baseline).")
    static final class Td3 implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OnlineOptions o;

        @Override
        public void run() {
            String name = rrl.env.Environments.task(o.r.env).name();
            o.train(OnlineTraining.Config.td3(name, o.r.steps, rrl.algo.Td3Config.td3()));
        }
    }

    /** {@code rrl train ppo}. */
    @Command(name = "ppo", description = "Online PPO on one environment (paper 2's third online baseline; the PPO "
            + "paper's MuJoCo settings). The learning rate anneals to 0 over --steps, so the budget is part of the run. "
            + "Network updates run on one thread unless --threads says otherwise: PPO's minibatches of 64 rows through "
            + "64-wide networks are too small to split (notebooks/recorded/bench-train/ppo.json).")
    static final class Ppo implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        RunOptions o;

        @Range(min = 1, max = 1024)

        @Option(names = "--envs", defaultValue = "1", description = "environments collecting each rollout, 2048 / "
                + "envs steps each (default: the paper's ${DEFAULT-VALUE} actor); must divide 2048")
        int envs;

        @Override
        public void run() {
            if (o.threads == null) {
                NetThreads.set(1); // measured: one thread beats two at PPO's default shapes (bench-train/ppo.json)
            } else {
                o.applyThreads();
            }
            rrl.algo.PpoConfig base = rrl.algo.PpoConfig.defaults();
            if (base.rolloutSize() % envs != 0) {
                throw new IllegalArgumentException("--envs " + envs + " does not divide PPO's rollout of "
                        + base.rolloutSize() + " steps; use 1, 2, 4, 8, ..., 1024");
            }
            rrl.algo.PpoConfig ppo = base.withRollout(envs, base.rolloutSize() / envs);
            if (o.steps < ppo.rolloutSize()) {
                throw new IllegalArgumentException("--steps " + o.steps + " is shorter than one PPO rollout; give at least "
                        + ppo.rolloutSize());
            }
            long untrained = o.steps % ppo.rolloutSize();
            if (untrained != 0) {
                // the run still collects them; its last rollout is never full, so no update uses them
                System.err.println("warning: the last " + untrained + " of --steps " + o.steps + " fill no whole rollout of "
                        + ppo.rolloutSize() + " and are not trained on; --steps " + (o.steps - untrained) + " or "
                        + (o.steps - untrained + ppo.rolloutSize()) + " avoids it");
            }
            rrl.train.PpoTraining.Config c = rrl.train.PpoTraining.Config.of(o.env, o.steps, ppo, o.seed)
                    .withSchedule(o.evalEvery, 10, o.checkpointEvery);
            rrl.guard.Preflight.outputFolder("--run", o.run);
            rrl.env.Task task = rrl.env.Environments.task(c.env());
            rrl.guard.Preflight.memory(rrl.env.VectorEnv.memory(task, envs + c.evalEpisodes()));
            done(rrl.train.PpoTraining.run(c, o.run, true), o.run);
        }
    }

    /** Options shared by the offline trainers (td3bc, iql, riql, bcq, edac). */
    static final class OfflineOptions {
        @Option(names = "--env", required = true, description = "environment the data came from (Ant-d4rl for D4RL ant files)")
        String env;

        @Option(names = "--dataset", required = true, description = "D4RL-format HDF5 file or Minari dataset (its folder or "
                + "main_data.hdf5)")
        Path dataset;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--steps", defaultValue = "1000000", description = "gradient updates (default: ${DEFAULT-VALUE}, "
                + "the papers' budget: hours; give a small number to try)")
        long steps;

        @Option(names = "--run", required = true, description = "run folder (resumed if it holds training.ckpt)")
        Path run;

        @Range(min = Range.MIN_SEED)

        @Option(names = "--seed", defaultValue = "0", description = "seed of the networks' initialisation, the "
                + "minibatches, exploration and the environments' reset noise (default: ${DEFAULT-VALUE})")
        long seed;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--eval-every", defaultValue = "5000", description = "updates between evaluations (and "
                + "training-state checkpoints); default 5000 for every offline learner, as the TD3+BC and IQL papers "
                + "evaluate")
        int evalEvery;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for network updates (default: all cores)")
        Integer threads;

        @Option(names = "--observation-scaling", description = "iql, riql, bcq, edac: none, states (dataset mean / std + "
                + "1e-3) or states-and-next (over observations and next observations, as RIQL); default: the algorithm's "
                + "reference code (IQL, BCQ, EDAC: none; RIQL: states-and-next); td3bc takes only states, its paper's")
        String observationScaling;

        /** {@code --observation-scaling} parsed, or null for the config's own default. */
        rrl.algo.ObservationScaling scaling() {
            return observationScaling == null ? null : rrl.algo.ObservationScaling.parse(observationScaling);
        }

        /** The task's name as the environments spell it ("hopper" gives "Hopper"). */
        String task() {
            return rrl.env.Environments.task(env).name();
        }

        void train(rrl.algo.LearnerConfig learner) {
            if (threads != null) {
                NetThreads.set(threads);
            }
            rrl.guard.Preflight.outputFolder("--run", run);
            rrl.data.D4rlDataset data = rrl.data.DatasetRecord.readFor(dataset, rrl.env.Environments.task(env), "--dataset");
            rrl.train.OfflineTraining.Config c = new rrl.train.OfflineTraining.Config(env, learner, steps, evalEvery, 10,
                    Math.min(1000, evalEvery), seed);
            rrl.train.OfflineTraining.Result r = rrl.train.OfflineTraining.run(data, c, run, true);
            rrl.train.OfflineTraining.EvalPoint last = r.curve().get(r.curve().size() - 1);
            System.out.printf("done: update %d, return %.1f (D4RL score %.1f); policy.ckpt and metrics.csv in %s%n",
                    last.step(), last.meanReturn(), last.normalizedScore(), run);
        }
    }

    /** {@code rrl train td3bc}. */
    @Command(name = "td3bc", description = "Offline TD3+BC on a D4RL-format HDF5 file.")
    static final class Td3Bc implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OfflineOptions o;

        @Override
        public void run() {
            o.train(rrl.train.OfflineTraining.learner(rrl.algo.Algorithm.TD3_BC, o.steps, o.scaling()));
        }
    }

    /**
     * {@code rrl train iql}: IQL with its authors' settings ({@code IqlConfig.defaults()}); the actor's cosine
     * decays over {@code --steps} (as CORL's {@code max_timesteps}), so {@code --steps} is part of the run: a run
     * resumes with the same {@code --steps}, and another {@code --steps} is another run.
     */
    @Command(name = "iql", description = "Offline IQL on a D4RL-format HDF5 file (the actor's learning rate decays "
            + "to 0 over --steps).")
    static final class Iql implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OfflineOptions o;

        @Override
        public void run() {
            o.train(rrl.train.OfflineTraining.learner(rrl.algo.Algorithm.IQL, o.steps, o.scaling()));
        }
    }

    /**
     * {@code rrl train riql}: RIQL with its authors' settings; {@code --corruption} takes (sigma, quantile, N) from
     * their per-environment table ({@code RiqlTuning}), {@code --sigma}, {@code --quantile} and {@code --critics}
     * override single values. The actor's cosine decays over {@code --steps}, as for {@code train iql}.
     */
    @Command(name = "riql", description = "Offline RIQL (robust IQL) on a D4RL-format HDF5 file (the actor's learning "
            + "rate decays to 0 over --steps).")
    static final class Riql implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OfflineOptions o;

        @Option(names = "--corruption", description = "the corruption the data has, for the authors' tuned sigma, "
                + "quantile and critics on HalfCheetah, Walker2d and Hopper: random- or adversarial- followed by "
                + "observations, actions, rewards or dynamics (default: the untuned 1.0, 0.25, 5)")
        String corruption;

        @Range(min = 0, minExclusive = true, max = 1e6)

        @Option(names = "--sigma", description = "RIQL's Huber sigma (threshold 1/sigma^2)")
        Double sigma;

        @Range(min = 0, max = 1)

        @Option(names = "--quantile", description = "quantile level over the target critics")
        Double quantile;

        @Range(min = 1, max = 100)

        @Option(names = "--critics", description = "number of critics N")
        Integer critics;

        @Option(names = "--actor", description = "deterministic (RIQL's code, the default) or gaussian (the actor of RPEX's "
                + "offline stage, whose density RPEX's selection weighs)")
        String actor;

        @Override
        public void run() {
            rrl.algo.AdvantageWeightedActor.Kind kind = null;
            if (actor != null) {
                String a = actor.strip().toUpperCase(java.util.Locale.ROOT);
                if (!a.equals("GAUSSIAN") && !a.equals("DETERMINISTIC")) {
                    throw new IllegalArgumentException("unknown --actor '" + actor + "'; use deterministic or gaussian");
                }
                kind = rrl.algo.AdvantageWeightedActor.Kind.valueOf(a);
            }
            rrl.algo.RiqlTuning t = corruption == null ? rrl.algo.RiqlTuning.defaults()
                    : rrl.algo.RiqlTuning.of(o.task(), rrl.algo.RiqlTuning.Corruption.parse(corruption));
            t = new rrl.algo.RiqlTuning(sigma != null ? sigma : t.sigma(), quantile != null ? quantile : t.quantile(),
                    critics != null ? critics : t.critics());
            rrl.algo.RiqlConfig c = rrl.algo.RiqlConfig.defaults().withTuning(t).withTotalSteps(o.steps);
            if (kind != null) {
                c = c.withActor(kind);
            }
            o.train(o.scaling() == null ? c : c.withObservationScaling(o.scaling()));
        }
    }

    /** {@code rrl train bcq}: d3rlpy's BCQ defaults, raw observations unless {@code --observation-scaling}. */
    @Command(name = "bcq", description = "Offline BCQ (d3rlpy's defaults) on a D4RL-format HDF5 file.")
    static final class Bcq implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OfflineOptions o;

        @Override
        public void run() {
            o.train(rrl.train.OfflineTraining.learner(rrl.algo.Algorithm.BCQ, o.steps, o.scaling()));
        }
    }

    /**
     * {@code rrl train edac}: EDAC with the settings of the code RIQL trained its adversary's critic with
     * ({@code EdacConfig.defaults()}: 10 critics, eta 1, 256 x 3 networks); {@code --critics} and {@code --eta}
     * override N and eta (the EDAC paper tunes both per task).
     */
    @Command(name = "edac", description = "Offline EDAC (SAC-N with the ensemble-diversity penalty; CORL's and RIQL's "
            + "EDAC settings) on a D4RL-format HDF5 file: the critic ensemble adversarial data corruption attacks.")
    static final class Edac implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        OfflineOptions o;

        @Range(min = 2, max = 100)

        @Option(names = "--critics", description = "number of critics N (default: 10)")
        Integer critics;

        @Range(min = 0, max = 1e6)

        @Option(names = "--eta", description = "weight of the diversity penalty (default: 1.0)")
        Double eta;

        @Override
        public void run() {
            rrl.algo.EdacConfig c = rrl.algo.EdacConfig.defaults();
            if (critics != null) {
                c = c.withCritics(critics);
            }
            if (eta != null) {
                c = c.withEta(eta);
            }
            o.train(o.scaling() == null ? c : c.withObservationScaling(o.scaling()));
        }
    }
    /** Options of the offline-to-online trainers (pex, rpex). */
    static final class ExpansionOptions {
        @Option(names = "--env", required = true, description = "environment of the offline run and of the online steps")
        String env;

        @Option(names = "--offline", required = true, description = "the offline run: its folder (holding training.ckpt) "
                + "or its training.ckpt")
        Path offline;

        @Option(names = "--dataset", required = true, description = "the D4RL-format file the offline run trained on "
                + "(half of every minibatch)")
        Path dataset;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--steps", defaultValue = "1000000", description = "environment steps (default: ${DEFAULT-VALUE}, "
                + "the papers' budget; the first 5000 only collect)")
        long steps;

        @Option(names = "--run", required = true, description = "run folder (resumed if it holds training.ckpt)")
        Path run;

        @Range(min = Range.MIN_SEED)

        @Option(names = "--seed", defaultValue = "0", description = "seed of the online policy's initialisation, the "
                + "policy set's draws, the minibatches and the environments' reset noise (default: ${DEFAULT-VALUE})")
        long seed;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--eval-every", defaultValue = "10000", description = "environment steps between evaluations "
                + "(default: the references' ${DEFAULT-VALUE})")
        int evalEvery;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--checkpoint-every", defaultValue = "20000", description = "steps between training-state "
                + "checkpoints (default 20000; a killed run resumes from the last)")
        int checkpointEvery;

        @Range(min = 1, max = 1_000_000_000)

        @Option(names = "--replay-capacity", defaultValue = "1000000", description = "transitions the online buffer "
                + "keeps (default: the references' ${DEFAULT-VALUE})")
        int replayCapacity;

        @Range(min = 0, max = 1_000_000_000)

        @Option(names = "--learning-starts", description = "environment steps the policy set collects before the first "
                + "update (default: the references' 5000)")
        Integer learningStarts;

        @Option(names = "--online-corruption", paramLabel = "FIELDS", description = "corrupt the online transitions "
                + "as RPEX does, comma-separated obs,act,rew,dyn: each field with probability 0.5 at scale 1 before the "
                + "transition is stored; the agent goes on from the clean state and evaluation is clean (default: none)")
        String onlineCorruption;

        @Option(names = "--zero-clean-rewards", description = "with rew corrupted online, store 0 as an uncorrupted reward, "
                + "as RPEX's code literally does (default: kept; notebooks/our-reading.md entry 35)")
        boolean zeroCleanRewards;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for network updates (default: all cores)")
        Integer threads;

        /** The fields of --online-corruption (empty if not given); a bad list is refused in one line. */
        private java.util.Set<rrl.corrupt.CorruptionField> corruptionFields() {
            if (onlineCorruption == null) {
                if (zeroCleanRewards) {
                    throw new IllegalArgumentException("--zero-clean-rewards needs --online-corruption with rew");
                }
                return java.util.Set.of();
            }
            java.util.Set<rrl.corrupt.CorruptionField> fs;
            try {
                fs = rrl.corrupt.CorruptionField.parseList(onlineCorruption);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--online-corruption: " + e.getMessage(), e);
            }
            if (fs.isEmpty()) {
                throw new IllegalArgumentException("--online-corruption is empty; give obs, act, rew or dyn (comma-separated)");
            }
            if (zeroCleanRewards && !fs.contains(rrl.corrupt.CorruptionField.REWARD)) {
                throw new IllegalArgumentException("--zero-clean-rewards needs rew in --online-corruption (it has "
                        + onlineCorruption.strip() + ")");
            }
            return fs;
        }

        /**
         * One warning line when the offline run stopped before its own --steps (killed, or still running): expansion
         * then starts from that state, which is allowed (the run id records the offline updates) but rarely meant.
         */
        private static void warnIfUnfinished(Path ckpt, rrl.checkpoint.Checkpoint off, rrl.algo.PolicyExpansionConfig learner) {
            try {
                Path config = ckpt.toAbsolutePath().getParent().resolve("config.json");
                String counter = learner.offlineAlgorithm().name().toLowerCase(java.util.Locale.ROOT);
                if (!java.nio.file.Files.isRegularFile(config) || !off.hasLongs(counter)) {
                    return;
                }
                com.google.gson.JsonElement j = rrl.io.StrictJson.parse(java.nio.file.Files.readString(config));
                com.google.gson.JsonElement cfg = j.isJsonObject() && j.getAsJsonObject().has("config")
                        ? j.getAsJsonObject().get("config") : j;
                if (!cfg.isJsonObject() || !cfg.getAsJsonObject().has("steps")) {
                    return;
                }
                long planned = cfg.getAsJsonObject().get("steps").getAsLong();
                long done = off.longs(counter)[0];
                if (done < planned) {
                    System.err.println("warning: the offline run " + ckpt.toAbsolutePath().getParent() + " stopped at update "
                            + done + " of its " + planned + "; the expansion starts from that state (rerun the offline "
                            + "command to finish it first)");
                }
            } catch (java.io.IOException | RuntimeException e) {
                // the warning is a courtesy; the run's own checks decide what is refused
            }
        }

        void train(rrl.algo.PolicyExpansionConfig learner) {
            java.util.Set<rrl.corrupt.CorruptionField> corrupted = corruptionFields();
            if (learningStarts != null) {
                learner = learner instanceof rrl.algo.PexConfig p ? p.withLearningStarts(learningStarts)
                        : ((rrl.algo.RpexConfig) learner).withLearningStarts(learningStarts);
            }
            if (steps <= learner.learningStarts()) {
                throw new IllegalArgumentException("--steps " + steps + " ends before learning starts (after "
                        + learner.learningStarts() + " steps): no update would run; give --steps above "
                        + learner.learningStarts() + " or a smaller --learning-starts");
            }
            if (threads != null) {
                NetThreads.set(threads);
            }
            String task = rrl.env.Environments.task(env).name();
            Path ckpt = rrl.train.PolicyExpansionTraining.offlineCheckpoint(offline);
            rrl.guard.Preflight.outputFolder("--run", run);
            rrl.checkpoint.Checkpoint off = rrl.checkpoint.Checkpoint.read(ckpt);
            warnIfUnfinished(ckpt, off, learner);
            rrl.data.D4rlDataset data = rrl.data.DatasetRecord.readFor(dataset, rrl.env.Environments.task(task), "--dataset");
            rrl.train.PolicyExpansionTraining.Config c = rrl.train.PolicyExpansionTraining.Config.of(task, learner, ckpt,
                    off, data, steps, evalEvery, seed).withSchedule(evalEvery, 10, checkpointEvery)
                    .withReplayCapacity(replayCapacity).withOnlineCorruption(corrupted, zeroCleanRewards);
            rrl.env.Task t = rrl.env.Environments.task(task);
            rrl.guard.Preflight.memory(rrl.replay.RingReplay.memory(c.replayCapacity(), t.observationDim(),
                    t.actionDim()), rrl.env.VectorEnv.memory(t, 1 + c.evalEpisodes()));
            done(rrl.train.PolicyExpansionTraining.run(c, off, data, run, true), run);
        }
    }

    /** {@code rrl train pex}: PEX with its authors' online settings ({@code PexConfig.defaults()}) from an IQL run. */
    @Command(name = "pex", description = "Offline-to-online PEX (policy expansion) from an `rrl train iql` run.")
    static final class Pex implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        ExpansionOptions o;

        @Override
        public void run() {
            o.train(rrl.algo.PexConfig.defaults());
        }
    }

    /** {@code rrl train rpex}: RPEX with its authors' online settings ({@code RpexConfig.defaults()}) from a RIQL run. */
    @Command(name = "rpex", description = "Offline-to-online RPEX (robust policy expansion) from an `rrl train riql` run.")
    static final class Rpex implements Runnable, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        ExpansionOptions o;

        @Override
        public void run() {
            o.train(rrl.algo.RpexConfig.defaults());
        }
    }
}
