package rrl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rrl.algo.SacConfig;
import rrl.attack.ActionPerturbedDataset;
import rrl.attack.AttackRecord;
import rrl.attack.ConditionKind;
import rrl.data.D4rlDataset;
import rrl.data.DatasetRecord;
import rrl.nn.NetThreads;
import rrl.train.DatasetGeneration;
import rrl.train.OnlineTraining;

/** {@code rrl datasets}: D4RL-format datasets made with our own environments, perturbed copies, and conversion to and from Minari. */
@Command(name = "datasets", description = "Make D4RL-format datasets, action-perturbed and corrupted copies; convert between D4RL and Minari.",
        subcommands = {DatasetsCommand.Generate.class, DatasetsCommand.Collect.class, DatasetsCommand.Perturb.class, DatasetsCommand.Corrupt.class,
            DatasetsCommand.ExportPolicies.class, DatasetsCommand.Convert.class, DatasetsCommand.Info.class})
final class DatasetsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code rrl datasets collect}. */
    @Command(name = "collect", description = {"Write a D4RL-format dataset of one policy's rollouts.",
            "--transitions rows of --policy rolled out with its sampling actions (as D4RL collected its behaviour data) on "
            + "10 simulators, --seed seeding the action noise and the simulators. With --policy shipped:expert "
            + "--transitions 100000 --seed K it is the data a fine-tuning setup of seed K trains pi_off on "
            + "(offline-expert-100000-sK.hdf5 in a fine-tuning study), so the offline policies trained beside it can be "
            + "reproduced without the study. Writes --out and its record <stem>.json (read by `rrl datasets info`), "
            + "replacing an earlier dataset of that name."})
    static final class Collect implements Runnable {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Option(names = "--policy", required = true, description = "the SAC (Gaussian-head) policy to roll out: "
                + "shipped:expert, shipped:medium or a SAC run's policies/step-N.ckpt")
        String policy;

        @Range(min = 1, max = 100_000_000)
        @Option(names = "--transitions", defaultValue = "1000000", description = "rows to collect (default: D4RL's "
                + "1,000,000)")
        int transitions;

        @Range(min = Range.MIN_SEED)
        @Option(names = "--seed", defaultValue = "0", description = "seed of the action noise and the simulators "
                + "(default 0)")
        long seed;

        @Option(names = "--out", required = true, description = "the .hdf5 file to write (its record: <stem>.json)")
        Path out;

        @Override
        public void run() {
            rrl.env.Task task = rrl.env.Environments.task(env);
            rrl.experiment.PolicyRef ref = rrl.experiment.PolicyRef.parse(policy);
            rrl.policy.ActorPolicy actor = ref.load(task); // another environment's policy is refused here
            if (!actor.canSample()) {
                throw new IllegalArgumentException("--policy " + policy + " has no Gaussian head to sample actions from; "
                        + "datasets collect rolls out a SAC policy, as D4RL collected its data: give shipped:expert, "
                        + "shipped:medium or a SAC run's policies/step-N.ckpt");
            }
            rrl.guard.Preflight.outputFile("--out", out, ".hdf5");
            ActionPerturbedDataset.requireHdf5Name(out);
            DatasetRecord.requireWritable(out, "--out"); // before any work: the record is written last
            D4rlDataset data = rrl.data.DatasetCollector.sampled(task, actor, transitions, seed, task.name() + " "
                    + policy);
            DatasetRecord.writeSampled(out, data, task.name(), policy, ref.sha256(task), seed);
            System.out.printf("%s: %s of %s on %s (seed %d), content hash %s%n", out,
                    rrl.io.Messages.count(data.size(), "transition"), policy, task.name(), seed, data.sha256());
        }
    }

    /** {@code rrl datasets generate}. */
    @Command(name = "generate", description = {"Write D4RL-format datasets from SAC behaviour policies.",
            "Choose where the policies come from: --from-shipped (the medium and expert policies shipped with rrl: no "
                    + "training, minutes; no medium-replay) or --run DIR (a SAC run folder, trained or resumed to --train-steps "
                    + "first: hours for D4RL's 1000000 steps; --train-steps 0 uses the run as it is). One of the two is required.",
            "A run that has not finished its planned steps and is below 90%% of D4RL's REF_MAX has no expert yet: it "
                    + "gives medium (the policy closest to a third of REF_MAX) and medium-replay (its replay buffer up to "
                    + "that policy's step) alone, so a run stopped past its medium level makes D4RL's medium-replay.",
            "A run whose training settings equal the shipped policies' training-config.json and whose evaluations equal "
                    + "their training-curve.csv at every step both list (a re-run of the command in their record.json) is "
                    + "that run cut short: its medium is the shipped medium's step, so medium-replay needs the run trained "
                    + "only to there.",
            "Files: <out>/<env>-<kind>-rrl.hdf5 with a JSON record each. The output folder and the memory of the "
                    + "datasets are checked before any training or collection."})
    static final class Generate implements Runnable {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Option(names = "--kinds", split = ",", defaultValue = "random,medium,medium-replay,expert,medium-expert",
                description = "dataset kinds, comma-separated: random, medium, medium-replay, expert, medium-expert "
                        + "(default: all five; with --from-shipped leave out medium-replay)")
        List<String> kinds;

        @Range(min = 1, max = 10_000_000)

        @Option(names = "--size", defaultValue = "1000000", description = "transitions per dataset (D4RL: 1M)")
        int size;

        @Option(names = "--run", description = "SAC run folder whose evaluated policies make the datasets (trained or "
                + "resumed to --train-steps first); or give --from-shipped")
        Path run;

        @Option(names = "--from-shipped", description = "use the medium/expert policies shipped with rrl (no training; "
                + "no medium-replay); or give --run")
        boolean fromShipped;

        @Range(min = 0, max = 1_000_000_000)

        @Option(names = "--train-steps", description = "with --run: SAC steps to reach before generating (default "
                + "1000000, D4RL's; 0: use the run as it is)")
        Long trainStepsGiven;

        @Option(names = "--out", defaultValue = "datasets", description = "output folder")
        Path out;

        @Range(min = Range.MIN_SEED)

        @Option(names = "--seed", defaultValue = "0", description = "seed of the collection (and of the SAC run it "
                + "trains)")
        long seed;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for network updates (default: all cores)")
        Integer threads;

        @Override
        public void run() {
            if (fromShipped && run != null) {
                throw new IllegalArgumentException("--from-shipped and --run " + run + " exclude each other: the "
                        + "policies come either from rrl's shipped ones or from a SAC run; give one of them");
            }
            if (fromShipped && trainStepsGiven != null) { // the shipped policies are not trained: the option would be ignored
                throw new IllegalArgumentException("--train-steps " + trainStepsGiven + " trains a SAC run, but --from-shipped "
                        + "uses the shipped policies as they are; drop --train-steps, or give --run DIR instead");
            }
            long trainSteps = trainStepsGiven == null ? 1_000_000 : trainStepsGiven;
            if (!fromShipped && run == null) {
                throw new IllegalArgumentException("say where the behaviour policies come from: --from-shipped (the "
                        + "policies shipped with rrl, minutes) or --run DIR (a SAC run folder, trained to --train-steps "
                        + trainSteps + " first if it has fewer)");
            }
            if (threads != null) {
                NetThreads.set(threads);
            }
            String name = rrl.env.Environments.task(env).name();
            List<DatasetGeneration.Kind> ks = kinds.stream().map(DatasetGeneration.Kind::parse).toList();
            DatasetGeneration.Config config = new DatasetGeneration.Config(name, fromShipped ? null : run, out, ks, size, 10,
                    seed);
            if (fromShipped && ks.contains(DatasetGeneration.Kind.MEDIUM_REPLAY)) {
                throw new IllegalArgumentException("medium-replay is a training run's replay buffer: pass --run with a SAC "
                        + "run folder (bin/rrl train sac), or leave medium-replay out of --kinds (e.g. --kinds "
                        + "random,medium,expert,medium-expert)");
            }
            DatasetGeneration.check(config); // before training: the output folder and the datasets' memory
            if (!fromShipped && trainSteps > 0) {
                OnlineTraining.Config sac = OnlineTraining.Config.sac(name, trainSteps, SacConfig.defaults())
                        .withSchedule(1000, 5000, 10, 20_000, seed);
                rrl.guard.Preflight.outputFolder("--run", run);
                rrl.env.Task task = rrl.env.Environments.task(name);
                rrl.guard.Preflight.memory(rrl.replay.RingReplay.memory(sac.replayCapacity(), task.observationDim(),
                        task.actionDim()), rrl.env.VectorEnv.memory(task, 1 + sac.evalEpisodes()));
                System.err.println("training (or resuming) SAC in " + run + " to " + trainSteps + " steps before "
                        + "generating; --train-steps 0 uses the run as it is");
                OnlineTraining.run(sac, run, true);
            }
            Map<DatasetGeneration.Kind, Path> files = DatasetGeneration.generate(config, true);
            files.forEach((k, f) -> System.out.println(k.label() + ": " + f));
        }
    }

    /** {@code rrl datasets perturb}: paper 2's action-perturbed datasets ({@link ActionPerturbedDataset}). */
    @Command(name = "perturb", description = {
            "Write a copy of a D4RL-format dataset with perturbed actions (paper 2, Table 3).",
            "Every action a becomes a + delta * a (element-wise), clipped to [-1, 1] unless --no-clip; observations, "
                    + "rewards, terminals, timeouts and next observations are copied unchanged. --kind random draws "
                    + "one delta from U([-eps, eps]^Na) per episode (an episode ends at a terminal or timeout row); "
                    + "--kind adversarial applies the delta of --delta (the delta.csv of `rrl attack` against the "
                    + "expert policy) to every row.",
            "--recollect --policy P --env E instead rolls the policy out (as `datasets generate` collects its "
                    + "expert) with every step executing a + delta * a, and stores that executed action, clipped "
                    + "unless --no-clip: the perturbed actions then drive the states.",
            "Writes --out (a .hdf5 name, replaced if it exists), its record <stem>.json and, for random, "
                    + "<stem>-deltas.csv (episode, start row, delta)."})
    static final class Perturb implements Runnable {
        @Option(names = "--dataset", description = "the source D4RL-format HDF5 file or Minari dataset (e.g. an expert "
                + "dataset); or give --recollect")
        Path dataset;

        @Option(names = "--kind", required = true, description = "random (a delta per episode) or adversarial (--delta on every row)")
        String kind;

        @Range(min = 0, minExclusive = true, max = 1)

        @Option(names = "--eps", defaultValue = "0.3", description = "bound of delta: random draws from [-eps, eps], an "
                + "adversarial --delta must lie within it (paper 2's perturbed datasets: 0.3, Ant included)")
        double eps;

        @Option(names = "--delta", description = "with --kind adversarial: the delta.csv of `rrl attack` (one row of Na values)")
        Path delta;

        @Range(min = Range.MIN_SEED)

        @Option(names = "--seed", description = "with --kind random: seed of the per-episode draws (default 0); with "
                + "--recollect: seed of the collection (default 0)")
        Long seed;

        @Option(names = "--no-clip", description = "store a + delta * a as it is, outside [-1, 1] too (default: clipped to "
                + "the action space, see notebooks/our-reading.md#perturbed-datasets)")
        boolean noClip;

        @Option(names = "--recollect", description = "roll --policy out under the perturbation instead of relabelling "
                + "--dataset (the other reading; notebooks/our-reading.md#perturbed-datasets)")
        boolean recollect;

        @Option(names = "--policy", description = "with --recollect: the policy to roll out, shipped:NAME (e.g. "
                + "shipped:expert), a policy.ckpt, a DL4J .zip or a run folder")
        String policy;

        @Option(names = "--env", description = "with --recollect: the policy's environment, Hopper, HalfCheetah, "
                + "Walker2d or Ant")
        String env;

        @Range(min = 1, max = 10_000_000)

        @Option(names = "--transitions", description = "with --recollect: transitions to collect (default 1000000, D4RL's "
                + "size)")
        Integer transitions;

        @Option(names = "--out", required = true, description = "the .hdf5 file to write (its record: <stem>.json)")
        Path out;

        @Override
        public void run() {
            ConditionKind k = kind();
            requireCombination();
            if (k == ConditionKind.RANDOM && delta != null) {
                throw new IllegalArgumentException("--delta " + delta + " is for --kind adversarial; a random dataset draws "
                        + "its deltas from --seed: drop --delta, or use --kind adversarial");
            }
            if (k == ConditionKind.ADVERSARIAL && delta == null) {
                throw new IllegalArgumentException("--kind adversarial needs --delta FILE: the delta.csv that `bin/rrl "
                        + "attack --policy <the expert> ...` writes in its run folder");
            }
            if (k == ConditionKind.ADVERSARIAL && seed != null && !recollect) {
                throw new IllegalArgumentException("--seed draws random deltas; --kind adversarial applies the one delta of "
                        + "--delta " + delta + ": drop --seed, or use --kind random");
            }
            rrl.guard.Preflight.outputFile("--out", out, ".hdf5");
            ActionPerturbedDataset.requireHdf5Name(out);
            DatasetRecord.requireWritable(out, "--out"); // before any work: the record is written last
            Map<String, Object> extra = new LinkedHashMap<>();
            String sourceEnv = DatasetRecord.env(dataset, "--dataset").orElse(null);
            if (sourceEnv != null) {
                extra.put("env", sourceEnv); // so commands with --env can refuse the copy for another environment
            }
            ActionPerturbedDataset p;
            String from;
            if (recollect) {
                rrl.env.Task task = rrl.env.Environments.task(env);
                extra.put("env", task.name()); // rolled out in this environment, whatever the source was
                rrl.experiment.PolicyRef ref = rrl.experiment.PolicyRef.parse(policy);
                rrl.policy.ActorPolicy actor = ref.load(task); // another environment's policy is refused here
                ActionPerturbedDataset.Recollection how;
                if (k == ConditionKind.RANDOM) {
                    how = ActionPerturbedDataset.Recollection.random(eps, !noClip);
                } else {
                    double[] d = AttackRecord.readDelta(delta, task.actionDim());
                    try {
                        how = ActionPerturbedDataset.Recollection.adversarial(eps, d, task.actionDim(), task.name(), !noClip);
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("--delta " + delta + ": " + x.getMessage(), x);
                    }
                }
                Map<String, Object> origin = new LinkedHashMap<>();
                origin.put("policy", policy);
                origin.put("policySha256", ref.sha256(task));
                long s = seed == null ? 0 : seed;
                p = DatasetGeneration.recollect(task, actor, how, transitions == null ? 1_000_000 : transitions, s,
                        origin, true);
                from = "rollouts of " + policy + " on " + task.name();
            } else {
                ActionPerturbedDataset.requireOtherFile(dataset, out);
                D4rlDataset source = D4rlDataset.read(dataset);
                if (k == ConditionKind.RANDOM) {
                    p = ActionPerturbedDataset.random(source, eps, seed == null ? 0 : seed, !noClip);
                } else {
                    double[] d = AttackRecord.readDelta(delta, source.actDim()); // its errors name the file
                    try {
                        p = ActionPerturbedDataset.adversarial(source, eps, d, !noClip);
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("--delta " + delta + ": " + x.getMessage(), x);
                    }
                }
                from = "copy of " + dataset;
            }
            if (delta != null) {
                extra.put("deltaFile", delta.toString());
            }
            p.write(out, extra);
            System.out.printf("%s: %s %s (%s, %s, eps %s), %d action values outside "
                    + "[-1, 1] %s%n", out, p.label(), from, rrl.io.Messages.count(p.dataset().size(), "row"),
                    rrl.io.Messages.count(p.episodes(), "episode"), rrl.io.Texts.number(eps),
                    p.valuesOutsideActionSpace(), p.clipped() ? "clipped" : "kept (--no-clip)");
            System.out.println("record: " + DatasetRecord.file(out) + (k == ConditionKind.RANDOM
                    ? ", per-episode deltas: " + ActionPerturbedDataset.deltasFile(out) : ""));
        }

        /** The relabelling and the re-collection take different inputs; a mix is refused before any work. */
        private void requireCombination() {
            if (recollect) {
                if (dataset != null) {
                    throw new IllegalArgumentException("--dataset " + dataset + " is relabelled, --recollect rolls a policy "
                            + "out instead: drop --dataset, or drop --recollect (and --policy, --env)");
                }
                if (policy == null) {
                    throw new IllegalArgumentException("--recollect needs --policy P (the policy to roll out under the "
                            + "perturbation, e.g. shipped:expert) and --env E");
                }
                if (env == null) {
                    throw new IllegalArgumentException("--recollect needs --env (the environment of --policy " + policy
                            + "): Hopper, HalfCheetah, Walker2d or Ant");
                }
                return;
            }
            for (String[] o : new String[][] {{"--policy", policy}, {"--env", env},
                    {"--transitions", transitions == null ? null : transitions.toString()}}) {
                if (o[1] != null) {
                    throw new IllegalArgumentException(o[0] + " " + o[1] + " is for --recollect (rolling a policy out "
                            + "under the perturbation): add --recollect, or drop " + o[0] + " to relabel --dataset");
                }
            }
            if (dataset == null) {
                throw new IllegalArgumentException("give --dataset F (relabel its actions) or --recollect --policy P "
                        + "--env E (roll the policy out under the perturbation)");
            }
        }
        private ConditionKind kind() {
            ConditionKind k = null;
            try {
                k = ConditionKind.parse(kind);
            } catch (IllegalArgumentException e) {
                // the enum's message offers "normal", which is no perturbed dataset
            }
            if (k == null || k == ConditionKind.NORMAL) {
                throw new IllegalArgumentException("unknown --kind '" + kind + "'; use random or adversarial (normal "
                        + "would be the source dataset itself)");
            }
            return k;
        }
    }

    /** {@code rrl datasets corrupt}: RIQL's data corruption (paper 3; {@link rrl.corrupt.DatasetCorruption}). */
    @Command(name = "corrupt", description = {
            "Write a corrupted copy of a D4RL-format dataset as RIQL corrupts one (paper 3's offline data).",
            "Each field of --fields is corrupted in each transition (s, a, r, s') with probability --rate, drawn per field. "
                    + "random: obs, act and dyn (the next observation) get + U(-range, range) * the field's std, rewards "
                    + "are replaced by U(-range, range) * 30. adversarial: rewards become -range * r; obs, act and dyn take "
                    + "100 Adam steps (rate 0.01 * range) lowering the mean Q of --critic, within range * std. Actions are "
                    + "not clipped (as RIQL leaves them).",
            "Writes --out (a .hdf5 name, replaced if it exists): each transition as two rows (s, a, r) and (s', flagged "
                    + "timeout), so D4RL's q-learning rule and ours read exactly the corrupted transitions back, and a "
                    + "'corruption' group with a 0/1 mask per field (one value per transition) and the settings."})
    static final class Corrupt implements Runnable {
        @Option(names = "--dataset", required = true, description = "the clean D4RL-format HDF5 file or Minari dataset")
        Path dataset;

        @Option(names = "--mode", required = true, description = "random (noise) or adversarial (an attack on --critic)")
        String mode;

        @Option(names = "--fields", required = true, description = "what to corrupt, comma-separated: obs, act, rew, dyn "
                + "(dyn: the next observation)")
        String fields;

        @Range(min = 0, max = 1)

        @Option(names = "--rate", defaultValue = "0.3", description = "probability that a transition's field is "
                + "corrupted (default 0.3, RIQL's)")
        double rate;

        @Range(min = 0, minExclusive = true, max = 1000)

        @Option(names = "--range", defaultValue = "1.0", description = "scale of the corruption, in stds (default 1.0, RIQL's)")
        double range;

        @Range(min = Range.MIN_SEED)

        @Option(names = "--seed", defaultValue = "0", description = "seed of which transitions, the noise and the "
                + "attack's starting points (default 0)")
        long seed;

        @Option(names = "--critic", description = "with --mode adversarial and obs, act or dyn: the critic to attack, a "
                + "run folder (or its training.ckpt) of a learner with critics and an actor (rrl train td3bc, sac, edac, iql or "
                + "riql) on the dataset's environment")
        Path critic;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for the critic's passes (default: all cores)")
        Integer threads;

        @Option(names = "--out", required = true, description = "the .hdf5 file to write (its record: <stem>.json)")
        Path out;

        @Override
        public void run() {
            rrl.corrupt.CorruptionMode m = rrl.corrupt.CorruptionMode.parse(mode);
            java.util.Set<rrl.corrupt.CorruptionField> fs;
            try {
                fs = rrl.corrupt.CorruptionField.parseList(fields);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fields: " + e.getMessage(), e);
            }
            if (fs.isEmpty()) {
                throw new IllegalArgumentException("--fields is empty; give obs, act, rew or dyn (comma-separated)");
            }
            rrl.corrupt.CorruptionConfig config = new rrl.corrupt.CorruptionConfig(m, fs, rate, range, seed,
                    rrl.corrupt.CorruptionConfig.STEPS, rrl.corrupt.CorruptionConfig.STEP_SIZE,
                    rrl.corrupt.CorruptionConfig.CHUNKS);
            if (config.needsCritic() && critic == null) {
                throw new IllegalArgumentException("--mode adversarial corrupts " + config.fieldLabels() + " by attacking "
                        + "a critic: give --critic RUN (a run folder of rrl train td3bc, sac, edac, iql or riql on this environment), "
                        + "or use --fields rew, which needs none");
            }
            if (!config.needsCritic() && critic != null) {
                throw new IllegalArgumentException("--critic " + critic + " is only used by --mode adversarial on obs, "
                        + "act or dyn; drop --critic");
            }
            rrl.guard.Preflight.outputFile("--out", out, ".hdf5");
            ActionPerturbedDataset.requireHdf5Name(out);
            DatasetRecord.requireWritable(out, "--out"); // before any work: the record is written last
            ActionPerturbedDataset.requireOtherFile(dataset, out);
            if (threads != null) {
                NetThreads.set(threads);
            }
            // read once: the critic check and the new record
            String env = DatasetRecord.env(dataset, "--dataset").orElse(null);
            D4rlDataset source = D4rlDataset.read(dataset);
            rrl.corrupt.CriticAdversary adversary = null;
            if (config.needsCritic()) {
                adversary = rrl.corrupt.CriticAdversary.fromRun(critic);
                if (adversary.observationDim() != source.obsDim() || adversary.actionDim() != source.actDim()
                        || (env != null && !env.equals(adversary.env()))) {
                    throw new IllegalArgumentException("--critic " + critic + " was trained on " + adversary.env()
                            + " (observation " + adversary.observationDim() + ", action " + adversary.actionDim()
                            + ") but --dataset " + dataset + " is " + (env == null ? "" : env + " ") + "data (observation "
                            + source.obsDim() + ", action " + source.actDim() + "); give a critic trained on "
                            + (env == null ? "that environment" : env));
                }
            }
            rrl.corrupt.CorruptedDataset c = rrl.corrupt.DatasetCorruption.apply(source, config, adversary);
            c.write(out);
            // the record beside the file (replacing any older one of that name): the environment, when the source's
            // record names it, lets later commands refuse the file for another environment of the same sizes
            java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
            if (env != null) {
                record.put("env", env);
            }
            record.put("source", dataset.toString());
            record.put("source_sha256", source.sha256());
            record.put("corruption", config.mode().label());
            record.put("fields", config.fieldLabels());
            record.put("rate", rate);
            record.put("range", range);
            record.put("seed", seed);
            record.put("transitions", c.transitions());
            record.put("rows", c.dataset().size());
            record.put("sha256", c.dataset().sha256()); // the content hash a run pins, as generate's records hold it
            if (critic != null) {
                record.put("critic", critic.toString());
            }
            rrl.io.AtomicFiles.writeString(DatasetRecord.file(out),
                    new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(record));
            System.out.printf("%s: %s corruption of %s (rate %s, range %s, seed %d): %s corrupted%s%n", out, m.label(),
                    dataset, rrl.io.Texts.number(rate), rrl.io.Texts.number(range), seed, c.summary(),
                    config.riqlTuning().map(k -> "; RIQL's tuning for it: rrl train riql --corruption " + k.label())
                            .orElse(""));
        }
    }

    /** {@code rrl datasets info}. */
    @Command(name = "info", description = {"Where datasets came from, read from the JSON record beside each: environment, "
            + "kind, transitions, the run or policy that made it, the policy's (or the replay's last) step and its "
            + "return, the rule that chose that step, the content hash the record pins (over the arrays, as studies pin "
            + "data; not sha256sum of the file), and whether the data file beside the record has that content."})
    static final class Info implements Runnable {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "datasets (X.hdf5, whose record is X.json) or their records")
        List<Path> files;

        @Option(names = "--markdown", description = "print a markdown table (as the README's)")
        boolean markdown;

        @Override
        public void run() {
            tech.tablesaw.api.Table t = rrl.report.DatasetProvenance.table(files);
            System.out.print(markdown ? rrl.report.Tables.markdown(t) : t.printAll() + "\n");
        }
    }

    /** {@code rrl datasets export-policies}. */
    @Command(name = "export-policies", description = "Copy a SAC run's medium and expert policies with their record (e.g. into lib/src/main/resources/rrl/policies/<env>).")
    static final class ExportPolicies implements Runnable {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Option(names = "--run", required = true, description = "the SAC run folder (written by `rrl train sac`)")
        Path run;

        @Option(names = "--out", required = true, description = "folder for medium.ckpt, expert.ckpt and their record")
        Path out;

        @Option(names = "--command", defaultValue = "", description = "the command that trained the run (for the record)")
        String command;

        @Override
        public void run() {
            rrl.guard.Preflight.outputFolder("--out", out);
            DatasetGeneration.exportPolicies(env, run, out, command);
            System.out.println("exported the run's behaviour policies to " + out + " (see record.json for which and why)");
        }
    }
    /** {@code rrl datasets convert}. */
    @Command(name = "convert", description = {"Convert a dataset between D4RL's flat HDF5 file and a Minari dataset folder.",
            "--dataset takes either (told apart by the file's layout). Minari episodes' T+1 observations become "
                    + "observations / next_observations, terminations become terminals and truncations timeouts; D4RL "
                    + "rows are cut into episodes at terminal and timeout rows.",
            "The output is written atomically and is never overwritten."})
    static final class Convert implements Runnable {
        @Option(names = "--dataset", required = true, description = "a D4RL .hdf5 file or a Minari dataset (its folder "
                + "<id>, <id>/data or main_data.hdf5)")
        Path dataset;

        @Option(names = "--to", required = true, description = "minari (a dataset folder) or d4rl (one .hdf5 file)")
        String to;

        @Option(names = "--out", required = true, description = "--to minari: the new dataset folder (e.g. "
                + "$MINARI_DATASETS_PATH/rrl/hopper/expert-v0); --to d4rl: the .hdf5 file")
        Path out;

        @Option(names = "--dataset-id", description = "--to minari: the id written into the metadata, (namespace/)name-vN "
                + "(default: --out relative to $MINARI_DATASETS_PATH when it lies there, else its folder name; either "
                + "must end in a version, -v0)")
        String datasetId;

        @Override
        public void run() {
            if (!to.equals("minari") && !to.equals("d4rl")) {
                throw new IllegalArgumentException("--to " + to + " is not a format rrl writes; use --to minari or --to d4rl");
            }
            if (to.equals("d4rl") && datasetId != null) {
                throw new IllegalArgumentException("--dataset-id names a Minari dataset; leave it out with --to d4rl");
            }
            if (to.equals("minari")) {
                if (java.nio.file.Files.exists(out)) {
                    throw new IllegalArgumentException("--out " + out + " exists; Minari datasets are not overwritten: "
                            + "give a new folder or delete it first");
                }
                String id = datasetId != null ? datasetId : defaultId(out, System.getenv("MINARI_DATASETS_PATH"));
                rrl.data.D4rlDataset.read(dataset).writeMinari(out, id);
                System.out.println("wrote Minari dataset " + id + " to " + out);
            } else {
                rrl.guard.Preflight.outputFile("--out", out, ".hdf5");
                if (java.nio.file.Files.exists(out)) {
                    throw new IllegalArgumentException("--out " + out + " exists; converted files are not overwritten: "
                            + "give a new file or delete it first");
                }
                rrl.data.D4rlDataset.read(dataset).write(out);
                System.out.println("wrote D4RL file " + out);
            }
        }

        static String defaultId(Path out, String minariRoot) {
            Path abs = out.toAbsolutePath().normalize();
            String id = abs.getFileName().toString();
            if (minariRoot != null && !minariRoot.isBlank()) {
                Path root = Path.of(minariRoot).toAbsolutePath().normalize();
                if (abs.startsWith(root) && !abs.equals(root)) {
                    id = root.relativize(abs).toString().replace(java.io.File.separatorChar, '/');
                }
            }
            // minari.load_dataset finds a dataset by its id as a folder path, so the folder must carry the version
            if (!id.matches(".*-v\\d+")) {
                throw new IllegalArgumentException("--out " + out + " has no version: Minari finds a dataset by its id, "
                        + "which is its folder's path (name-vN); give --out " + out + "-v0, or --dataset-id");
            }
            return id;
        }
    }
}
