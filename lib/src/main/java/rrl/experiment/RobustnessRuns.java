package rrl.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import rrl.attack.AttackConfig;
import rrl.attack.AttackRecord;
import rrl.attack.ConditionKind;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.eval.RobustnessEvaluation;
import rrl.io.NumericCsv;
import rrl.policy.ActorPolicy;
import rrl.results.Resources;
import rrl.results.RunFolder;
import rrl.rollout.Episode;

/**
 * The run kinds of paper 2's robustness experiment: the DE attack on a policy, and the evaluation of a policy
 * under the normal, random and adversarial conditions. Both take their thread budget from the executor; their
 * numbers do not depend on it.
 */
public final class RobustnessRuns {
    /**
     * The DE attack on {@code policy} (a policy.ckpt, a DL4J .zip or shipped:NAME) whose file has SHA-256
     * {@code policySha256}: the content is part of the run id, so a changed policy file is another run. Or, with
     * {@code trainedBy} (the run id of the run that trains it, in a plan that trains its policies before it attacks them),
     * {@code policy} is a path relative to the sweep's root and that id pins it.
     */
    public record Attack(String policy, String policySha256, AttackConfig attack, String trainedBy) {
        /** The attack on {@code policy} as its file is now. */
        public static Attack of(String policy, AttackConfig attack) {
            return new Attack(policy, PolicyRef.parse(policy).sha256(Environments.task(attack.env())), attack, null);
        }

        /** The attack pinned by content (or unpinned, {@code policySha256} null: attacks recorded before pins). */
        public Attack(String policy, String policySha256, AttackConfig attack) {
            this(policy, policySha256, attack, null);
        }
    }

    /** {@code policy} as a reference to load: itself, or with {@code trainedBy} its path under the sweep's root. */
    static PolicyRef policyRef(String policy, String trainedBy, Path root) {
        return PolicyRef.parse(trainedBy == null ? policy : root.resolve(policy).normalize().toString());
    }

    /**
     * {@code episodes} episodes of {@code policy} under each condition from evaluation seed {@code seed} (the same
     * initial states for every condition), random deltas within {@code eps}, the adversarial one {@code delta}; or,
     * when {@code delta} is null, the delta of the attack run in {@code attack} (a folder relative to the sweep's
     * root), read when the evaluation runs: a plan can then list its evaluations before its attacks have run
     * ({@link RobustnessTablesStudy}). Exactly one of {@code delta} and {@code attack} is set. {@code trainedBy} as
     * for {@link Attack}.
     */
    public record Evaluation(String env, String policy, double eps, double[] delta, int episodes, int maxEnvs, long seed,
                             String attack, String trainedBy) {
        public Evaluation {
            if ((delta == null) == (attack == null)) {
                throw new IllegalArgumentException("an evaluation takes the adversarial delta or the attack run that "
                        + "finds it, exactly one (got " + (delta == null ? "neither" : "both") + ")");
            }
        }

        /** The evaluation with the delta {@code delta}. */
        public Evaluation(String env, String policy, double eps, double[] delta, int episodes, int maxEnvs, long seed) {
            this(env, policy, eps, delta, episodes, maxEnvs, seed, null, null);
        }

        /** The adversarial delta: {@code delta}, or the one the attack run in {@code root}/{@code attack} found. */
        public double[] delta(Path root) {
            if (delta != null) {
                return delta;
            }
            Path dir = root.resolve(attack);
            if (!java.nio.file.Files.isRegularFile(dir.resolve(RunKinds.RESULT))) {
                throw new IllegalArgumentException("the attack run " + dir + " has not finished; run the attacks phase "
                        + "before the evaluations");
            }
            return AttackRecord.read(RunFolder.at(dir)).delta();
        }

        @Override
        public String toString() {
            return "Evaluation[env=" + env + ", policy=" + policy + ", eps=" + eps + ", "
                    + (delta != null ? "delta=" + rrl.io.Texts.numbers(delta) : "attack=" + attack)
                    + ", episodes=" + episodes + ", maxEnvs=" + maxEnvs + ", seed=" + seed + "]";
        }
    }

    /** The conditions of an evaluation run, in the order they are run and written. */
    public static final List<ConditionKind> CONDITIONS = List.of(ConditionKind.NORMAL, ConditionKind.RANDOM,
            ConditionKind.ADVERSARIAL);

    private static final List<String> EPISODE_COLUMNS = List.of("condition", "env", "index", "return", "length",
            "terminated");

    private RobustnessRuns() {}

    public static final RunKind<Attack> ATTACK = new RunKind<>() {
        @Override
        public String name() {
            return "attack";
        }

        @Override
        public Class<Attack> configType() {
            return Attack.class;
        }

        /** NP x M simulators per generation. */
        @Override
        public List<rrl.guard.MemoryBudget.Request> memory(Attack c) {
            return List.of(rrl.env.VectorEnv.memory(Environments.task(c.attack().env()),
                    c.attack().populationSize() * c.attack().episodesPerIndividual()));
        }

        /** Attacks recorded before policies were pinned resume as they were. */
        @Override
        public java.util.Set<String> pins() {
            return java.util.Set.of("policySha256");
        }

        @Override
        public List<Long> seeds(Attack c) {
            return List.of(c.attack().seed());
        }

        @Override
        public Path run(Attack c, RunFolder folder, Resources resources, boolean progress) {
            Task task = Environments.task(c.attack().env());
            PolicyRef ref = policyRef(c.policy(), c.trainedBy(), resources.root());
            if (c.policySha256() != null && !c.policySha256().equals(ref.sha256(task))) {
                throw new IllegalArgumentException("policy " + c.policy() + " changed since this attack was planned (sha256 "
                        + c.policySha256().substring(0, 12) + " -> " + ref.sha256(task).substring(0, 12) + "); plan the attack again");
            }
            ActorPolicy p = ref.load(task);
            DifferentialEvolutionAttack.Result r = DifferentialEvolutionAttack.run(p, c.attack(), folder.file("attack.ckpt"),
                    progress, resources.threads());
            AttackRecord.write(folder, r, Map.of("policy", c.policy()));
            return folder.file("delta.csv");
        }
    };

    public static final RunKind<Evaluation> EVALUATION = new RunKind<>() {
        @Override
        public String name() {
            return "robustness-evaluation";
        }

        @Override
        public Class<Evaluation> configType() {
            return Evaluation.class;
        }

        @Override
        public List<Long> seeds(Evaluation c) {
            return List.of(c.seed());
        }

        @Override
        public Path run(Evaluation c, RunFolder folder, Resources resources, boolean progress) {
            Task task = Environments.task(c.env());
            ActorPolicy p = policyRef(c.policy(), c.trainedBy(), resources.root()).load(task);
            double[] delta = c.delta(resources.root());
            List<double[]> rows = new ArrayList<>();
            for (ConditionKind k : CONDITIONS) {
                rrl.rollout.Evaluation.Result r = RobustnessEvaluation.run(p, task, k.create(c.eps(), delta), c.episodes(),
                        c.maxEnvs(), c.seed(), false, resources.threads());
                for (Episode e : r.episodes()) {
                    rows.add(new double[] {k.ordinal(), e.env(), e.index(), e.episodeReturn(), e.length(),
                            e.terminated() ? 1 : 0});
                }
            }
            Path f = folder.file("episodes.csv");
            NumericCsv.write(f, EPISODE_COLUMNS, rows);
            return f;
        }
    };

    /** The episodes an evaluation run wrote, per condition, in their order (per-step rewards are not kept). */
    public static Map<ConditionKind, List<Episode>> readEpisodes(Path file) {
        NumericCsv.Table t = NumericCsv.read(file, EPISODE_COLUMNS.size(), "evaluation episodes");
        Map<ConditionKind, List<Episode>> out = new EnumMap<>(ConditionKind.class);
        for (ConditionKind k : CONDITIONS) {
            out.put(k, new ArrayList<>());
        }
        for (double[] r : t.rows()) {
            out.get(ConditionKind.values()[(int) r[0]]).add(new Episode((int) r[1], (int) r[2], r[3], (int) r[4], r[5] != 0,
                    new double[0]));
        }
        return out;
    }
}
