package rrl.experiment;

import java.nio.file.Path;
import java.util.List;
import rrl.results.Resources;

/**
 * A study plan that runs as phases of sweeps, whichever paper's: paper 1's adversarial fine-tuning
 * ({@link FineTuningStudy}), paper 2's tables ({@link RobustnessTablesStudy}) or paper 3's policy expansion
 * ({@link PolicyExpansionStudy}). What a scheduler needs of
 * either (its phases by name, the plan recorded in the study folder, the study run through an executor), so that
 * {@code rrl sweep} and notebooks handle both alike; {@link StudyPlans#read} picks the kind from the plan's text.
 */
public sealed interface StudyPlan permits StudyPlan.FineTuning, StudyPlan.PolicyExpansion, StudyPlan.RobustnessTables {
    /** The study's kind in words, e.g. "fine-tuning study" (for messages). */
    String what();

    /** Which paper's kind of study this is; a study folder holds one kind ({@link StudyKind#requireFolder}). */
    StudyKind kind();

    /** The study's size in words for a banner, e.g. "6 runs x 5 seeds". */
    String size();

    /** The phases' names in the order they run ({@link FineTuningStudy#PHASES}, {@link PolicyExpansionStudy#PHASES}). */
    List<String> phaseNames();

    /** The study in {@code dir} as its phases, one sweep each, in {@link #phaseNames()}' order. */
    List<Sweep> phases(Path dir);

    /** Writes {@code dir/plan.json} if absent, refusing first a plan that makes {@code dir} another study. */
    void recordPlan(Path dir);

    /** Runs (or resumes) the whole study into {@code dir} through {@code executor}, phase by phase. */
    default void run(Path dir, Executor executor) {
        run(dir, executor, () -> {});
    }

    /** As {@link #run(Path, Executor)}, calling {@code started} after every check and input read, before any write. */
    void run(Path dir, Executor executor, Runnable started);

    /** The study folder: the plan's {@code out}, resolved against {@code resources}' root if relative. */
    Path outDir(Resources resources);

    /** The same plan writing to {@code out}. */
    StudyPlan withOut(String out);

    /** The same plan with these training seeds. */
    StudyPlan withSeeds(List<Long> seeds);

    /** Paper 1's plan ({@link FineTuningStudy.Plan}): phases setup, runs, re-attacks, and faults when it asks. */
    record FineTuning(FineTuningStudy.Plan plan) implements StudyPlan {
        @Override
        public StudyKind kind() {
            return StudyKind.FINE_TUNING;
        }

        @Override
        public String what() {
            return "fine-tuning study";
        }

        @Override
        public String size() {
            return rrl.io.Messages.count(plan.runs().size(), "run") + " x " + rrl.io.Messages.count(plan.seeds().size(), "seed");
        }

        @Override
        public List<String> phaseNames() {
            return FineTuningStudy.phaseNames(plan);
        }

        @Override
        public List<Sweep> phases(Path dir) {
            return FineTuningStudy.phases(plan, dir);
        }

        @Override
        public void recordPlan(Path dir) {
            FineTuningStudy.recordPlan(plan, dir);
        }

        @Override
        public void run(Path dir, Executor executor, Runnable started) {
            FineTuningStudy.run(plan, dir, executor, started);
        }

        @Override
        public Path outDir(Resources resources) {
            return plan.outDir(resources);
        }

        @Override
        public FineTuning withOut(String out) {
            return new FineTuning(plan.withOut(out));
        }

        @Override
        public FineTuning withSeeds(List<Long> seeds) {
            return new FineTuning(plan.withSeeds(seeds));
        }
    }

    /** Paper 3's plan ({@link PolicyExpansionStudy.Plan}): phases data, offline, online. */
    record PolicyExpansion(PolicyExpansionStudy.Plan plan) implements StudyPlan {
        @Override
        public StudyKind kind() {
            return StudyKind.POLICY_EXPANSION;
        }

        @Override
        public String what() {
            return "policy-expansion study";
        }

        @Override
        public String size() {
            return plan.budget();
        }

        @Override
        public List<String> phaseNames() {
            return PolicyExpansionStudy.PHASES;
        }

        @Override
        public List<Sweep> phases(Path dir) {
            return PolicyExpansionStudy.phases(plan, dir);
        }

        @Override
        public void recordPlan(Path dir) {
            PolicyExpansionStudy.recordPlan(plan, dir);
        }

        @Override
        public void run(Path dir, Executor executor, Runnable started) {
            PolicyExpansionStudy.run(plan, dir, executor, started);
        }

        @Override
        public Path outDir(Resources resources) {
            return plan.outDir(resources);
        }

        @Override
        public PolicyExpansion withOut(String out) {
            return new PolicyExpansion(plan.withOut(out));
        }

        @Override
        public PolicyExpansion withSeeds(List<Long> seeds) {
            return new PolicyExpansion(plan.withSeeds(seeds));
        }
    }

    /** Paper 2's tables ({@link RobustnessTablesStudy.Plan}): phases expert-attack, data, policies, attacks, evaluations. */
    record RobustnessTables(RobustnessTablesStudy.Plan plan) implements StudyPlan {
        @Override
        public StudyKind kind() {
            return StudyKind.ROBUSTNESS_TABLES;
        }

        @Override
        public String what() {
            return "robustness study";
        }

        @Override
        public String size() {
            return plan.size();
        }

        @Override
        public List<String> phaseNames() {
            return RobustnessTablesStudy.phaseNames(plan);
        }

        @Override
        public List<Sweep> phases(Path dir) {
            return RobustnessTablesStudy.phases(plan, dir);
        }

        @Override
        public void recordPlan(Path dir) {
            RobustnessTablesStudy.recordPlan(plan, dir);
        }

        @Override
        public void run(Path dir, Executor executor, Runnable started) {
            RobustnessTablesStudy.run(plan, dir, executor, started);
        }

        @Override
        public Path outDir(Resources resources) {
            return plan.outDir(resources);
        }

        @Override
        public RobustnessTables withOut(String out) {
            return new RobustnessTables(plan.withOut(out));
        }

        @Override
        public RobustnessTables withSeeds(List<Long> seeds) {
            return new RobustnessTables(plan.withSeeds(seeds));
        }
    }
}
