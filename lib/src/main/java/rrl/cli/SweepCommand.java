package rrl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.experiment.Executor;
import rrl.experiment.ExecutorSettings;
import rrl.experiment.RunKinds;
import rrl.experiment.RunResult;
import rrl.experiment.RunSpec;
import rrl.experiment.RunState;
import rrl.experiment.StudyPlan;
import rrl.experiment.StudyPlans;
import rrl.experiment.Sweep;
import rrl.notebook.Workspace;
import rrl.report.SweepViews;
import tech.tablesaw.api.Table;
import rrl.results.Resources;

/**
 * {@code rrl sweep}: a study plan (paper 1's TD3, paper 2's tables or paper 3's PEX/RPEX, a {@link StudyPlan}) as its runs, one at
 * a time, for engines that schedule runs themselves (a Slurm array task runs {@code rrl sweep run-one});
 * {@code status} says where each run stands.
 */
@Command(name = "sweep", description = {"A study plan (paper 1's TD3 fine-tuning, paper 2's tables with \"study\": "
        + "\"robustness\", or paper 3's PEX/RPEX) as its runs: run them "
        + "through an executor (local, Spark, Slurm), see where each stands, collect them into one table, or run one by "
        + "phase and index (what a cluster task runs).", "Phases: setup, runs, re-attacks (TD3; without re-attacks "
        + "when the plan says \"reAttacks\": false, then faults when it sets \"faultEpisodes\", then state-action when it sets \"stateAction\"); expert-attack (when it asks for adversarially-perturbed data), data, "
        + "policies, attacks, evaluations (paper 2's tables); data, offline, online (PEX/RPEX)."}, subcommands = {SweepCommand.Status.class, SweepCommand.RunAll.class, SweepCommand.Collect.class, SweepCommand.Cost.class, SweepCommand.RunOne.class,
        SweepCommand.Slurm.class})
final class SweepCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The plan and its study folder, as the other commands take them. */
    static final class PlanOptions {
        @Option(names = "--plan", required = true, description = "a study plan (JSON): paper 1's TD3 fine-tuning, "
                + "paper 2's tables (\"study\": \"robustness\") or paper 3's PEX/RPEX, as for rrl finetune")
        Path plan;

        @Option(names = "--out", description = "override the plan's output folder (a relative path is under the working "
                + "directory; the plan's own relative \"out\" is under the project folder)")
        String out;

        StudyPlan read() {
            StudyPlan p = StudyPlans.read(plan);
            return out == null ? p : p.withOut(Path.of(out).toAbsolutePath().toString());
        }

        /** These options as given, for the commands a hint prints: a complete command, run from the same folder. */
        String given() {
            return "--plan " + plan + (out == null ? "" : " --out " + out);
        }

        Path dir(StudyPlan p) {
            Path dir = p.outDir(new Resources(1, Workspace.projectRoot()));
            if (Files.isRegularFile(dir)) {
                throw new IllegalArgumentException((out != null ? "--out " : "the plan's \"out\" ") + dir
                        + " is a file, not a study folder; give a folder");
            }
            StudyPlans.requireKind(p, dir); // another kind of study's folder is refused by every subcommand, not only by run
            return dir;
        }
    }

    @Command(name = "status", description = {"List every run of the plan by phase (setup, runs, re-attacks, and faults or "
            + "state-action when the plan asks for them; paper 2's tables: expert-attack, data, policies, attacks, "
            + "evaluations; PEX/RPEX: data, offline, online) and index, with its folder and state.", "States: done (result.json), running (its "
            + "folder is locked by a process), failed (its last attempt threw; the error is shown), stopped (started, "
            + "resumes when run again) or pending."})
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        PlanOptions options = new PlanOptions();

        @Override
        public Integer call() {
            StudyPlan p = options.read();
            Path dir = options.dir(p);
            List<Sweep> phases = p.phases(dir);
            java.util.EnumMap<RunState, Integer> counts = new java.util.EnumMap<>(RunState.class);
            // columns as wide as their longest entry: phase names (state-action) and run labels vary by plan
            int phaseWidth = p.phaseNames().stream().mapToInt(String::length).max().orElse(5);
            int labelWidth = phases.stream().flatMap(s -> s.runs().stream()).mapToInt(r -> r.label().length()).max()
                    .orElse(3);
            String row = "%-" + phaseWidth + "s %3d  %-" + labelWidth + "s  %s%s%n";
            for (int ph = 0; ph < phases.size(); ph++) {
                List<RunSpec> runs = phases.get(ph).runs();
                for (int i = 0; i < runs.size(); i++) {
                    RunSpec spec = runs.get(i);
                    RunState state = RunState.of(spec);
                    counts.merge(state, 1, Integer::sum);
                    String error = state == RunState.FAILED ? ": " + RunState.error(spec.folder())
                            : state == RunState.OTHER_RUN ? ": " + RunState.otherRun(spec) : "";
                    System.out.printf(row, p.phaseNames().get(ph), i, spec.label(), state.label(), error);
                }
            }
            List<String> parts = new java.util.ArrayList<>();
            for (RunState st : RunState.values()) {
                if (st != RunState.OTHER_RUN || counts.containsKey(st)) {
                    parts.add(counts.getOrDefault(st, 0) + " " + st.label());
                }
            }
            System.out.println(String.join(", ", parts));
            return 0;
        }
    }

    @Command(name = "run", description = {"Run (or resume) the whole plan, phase by phase, through an executor: local "
            + "(this process, the default), spark (Spark tasks; --master picks the cluster) or slurm (submits job arrays, "
            + "as `rrl sweep slurm`).", "Re-running resumes: finished runs are handed back, stopped or failed ones "
            + "continue from their folders. The numbers do not depend on the executor, --parallel or --threads."})
    static final class RunAll implements Callable<Integer>, Resumable {
        @picocli.CommandLine.Mixin
        PlanOptions options = new PlanOptions();

        @Option(names = "--executor", defaultValue = "local", description = "local, spark or slurm (default local)")
        String executor;

        @Option(names = "--master", description = "Spark master URL: local[N] or spark://host:7077 (a standalone cluster) "
                + "(default local[--parallel]); run folders must be on storage every worker sees")
        String master;

        @Range(min = 1, max = Range.MAX_PARALLEL)
        @Option(names = "--parallel", defaultValue = "1", description = "runs at a time (local slots, or Spark's "
                + "local[N] without --master; default 1)")
        int parallel;

        @Range(min = 1, max = 1024)
        @Option(names = "--threads", description = "threads per run (Spark: spark.task.cpus; Slurm: --cpus-per-task; "
                + "default: the cores split between --parallel runs locally, 1 elsewhere)")
        Integer threads;

        @Option(names = "--time", description = "slurm only: time limit per task (default 24:00:00)")
        String time;

        @Option(names = "--partition", description = "slurm only: the partition (default: the cluster's)")
        String partition;

        @Override
        public Integer call() throws Exception {
            executor = executor.strip().toLowerCase(java.util.Locale.ROOT);
            if (!executor.equals("slurm") && (time != null || partition != null)) {
                throw new IllegalArgumentException("--time and --partition are for --executor slurm; drop them or use slurm");
            }
            if (executor.equals("slurm")) {
                if (master != null) {
                    throw new IllegalArgumentException("--master is for --executor spark; Slurm uses the cluster sbatch "
                            + "reaches, drop --master");
                }
                Slurm s = new Slurm();
                s.options = options;
                s.cpus = threads == null ? 1 : threads;
                s.time = time == null ? "24:00:00" : time;
                s.partition = partition;
                return s.call();
            }
            int cores = Runtime.getRuntime().availableProcessors();
            int t = threads != null ? threads
                    : executor.equals(ExecutorSettings.LOCAL) ? Math.max(1, cores / parallel) : 1;
            StudyPlan p = options.read();
            Path dir = options.dir(p);
            rrl.guard.Preflight.outputFolder(options.out != null ? "--out" : "the plan's \"out\"", dir);
            Executor e = new ExecutorSettings(executor, master, parallel, t, true).create();
            rrl.nn.NetThreads.set(t);
            String width = master != null ? "the cluster's free cores decide how many at a time"
                    : parallel + " at a time";
            String over = master == null && (long) parallel * t > cores ? String.format(java.util.Locale.ROOT,
                    " (%d threads on %d cores: slower, the same numbers)", parallel * t, cores) : "";
            // the banner once the study has checked the plan against its folder and read its inputs: refusals come first
            p.run(dir, e, () -> {
                printEstimate(p, dir, t, options.plan);
                System.err.printf("sweep %s: %s executor%s, %s, %d thread%s per run%s%n", dir, executor,
                        master == null ? "" : " at " + master, width, t, t == 1 ? "" : "s", over);
            });
            Table t2 = SweepViews.collect(p, dir);
            System.out.println(t2.print(t2.rowCount()));
            System.out.println(SweepViews.counts(t2) + "; the study's tables and claims: rrl report --study " + dir);
            return 0;
        }
    }

    @Command(name = "collect", description = {"Every run of the plan as one table: phase, index, folder, kind, seed, state "
            + "and, for finished runs, their final returns. Read from the run folders alone, so it is the same whichever "
            + "executor ran them, and works while runs are missing or failed.", "--csv also writes it as CSV (every digit)."})
    static final class Collect implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        PlanOptions options = new PlanOptions();

        @Option(names = "--csv", description = "also write the table to this CSV file")
        Path csv;

        @Override
        public Integer call() {
            StudyPlan p = options.read();
            Path dir = options.dir(p);
            Table t = SweepViews.collect(p, dir);
            System.out.println(t.print(t.rowCount()));
            System.out.println(SweepViews.counts(t));
            if (csv != null) {
                rrl.guard.Preflight.outputFile("--csv", csv, ".csv");
                rrl.io.AtomicFiles.write(csv, tmp -> t.write().csv(tmp.toFile()));
                System.out.println("wrote " + csv);
            }
            return 0;
        }
    }

    @Command(name = "cost", description = {"What a study costs: a finished one measured from its run folders "
            + "(--study), or a fine-tuning plan estimated before it runs (--plan).",
            "--study: wall-clock and core-hours per run kind, and the runs projected linearly to a paper budget. Paper "
            + "1's TD3 study: the fine-tuning runs projected to --steps steps per run. A PEX/RPEX study: the offline "
            + "learners (IQL, RIQL) projected to --offline-steps updates, the online runs (PEX, RPEX) to --steps "
            + "environment steps, the data carried over as measured. Paper 2's robustness study (`rrl robustness`): the "
            + "DE attacks as measured, the evaluations projected to paper 2's 1,000 episodes (its estimate before it "
            + "runs: rrl robustness ... --cost).",
            "--plan (paper 1's fine-tuning plans): the work the plan asks for (TD3 updates, environment steps one at a "
            + "time and in batches) times unit costs measured here in a few seconds on --threads threads; episodes "
            + "count at 1,000 steps, so an upper bound where they end early. `rrl sweep run` prints its total before a "
            + "new study starts.",
            "Use it to size a cluster job before running a paper-budget study."})
    static final class Cost implements Callable<Integer> {
        @Option(names = "--study", description = "a study folder: paper 1's fine-tuning or paper 3's PEX/RPEX (with "
                + "plan.json), or paper 2's robustness study.")
        Path study;

        @Option(names = "--plan", description = "a fine-tuning plan (paper 1's TD3; JSON) to estimate before it runs.")
        Path plan;

        @Range(min = 1, max = 1024)
        @Option(names = "--threads", description = "with --plan: threads per run the unit costs are measured on "
                + "(default 1, a cluster task's share).")
        Integer threads;

        @Range(min = 1, max = 1_000_000_000_000L)
        @Option(names = "--steps", description = "fine-tuning (online) environment steps per run to project to "
                + "(default 1,000,000: paper 1's smallest budget; paper 3's online budget).")
        Long steps;

        @Range(min = 1, max = 1_000_000_000_000L)
        @Option(names = "--offline-steps", description = "PEX/RPEX studies: offline gradient updates per learner to "
                + "project to (default 1,000,000: paper 3's, PEX main_offline.py).")
        Long offlineSteps;

        @Option(names = "--markdown", description = "print a markdown table (what the README holds).")
        boolean markdown;

        @Override
        public Integer call() {
            if (study != null && plan != null) {
                throw new IllegalArgumentException("--study and --plan are two questions (what a finished study cost, "
                        + "what a plan will cost); give one of them");
            }
            if (study == null && plan == null) {
                throw new IllegalArgumentException("give --study (a finished study's folder) or --plan (a fine-tuning "
                        + "plan to estimate)");
            }
            Table t;
            if (plan != null) {
                if (steps != null || offlineSteps != null) {
                    throw new IllegalArgumentException("--steps and --offline-steps project a finished --study; an "
                            + "estimate takes the plan's own budget: change \"steps\" in the plan instead");
                }
                t = estimate(StudyPlans.read(plan), threads == null ? 1 : threads);
            } else {
                if (threads != null) {
                    throw new IllegalArgumentException("--threads is for --plan (the threads the unit costs are measured "
                            + "on); a --study's runs recorded their own");
                }
                t = SweepViews.cost(study, steps, offlineSteps);
            }
            System.out.println(markdown ? "*" + t.name() + ".*\n\n" + rrl.report.Tables.markdown(t) : t.print(t.rowCount()));
            return 0;
        }

        /** The estimate table of a fine-tuning plan; a PEX/RPEX plan is refused with the way to its cost. */
        static Table estimate(StudyPlan p, int threads) {
            if (!(p instanceof StudyPlan.FineTuning f)) {
                throw new IllegalArgumentException("an estimate before running is for paper 1's fine-tuning plans; for a "
                        + p.what() + ", run a small budget and project it: rrl sweep cost --study FOLDER --steps N "
                        + "--offline-steps N");
            }
            return SweepViews.estimate(f.plan(), rrl.experiment.FineTuningCostEstimate.UnitCosts.measure(f.plan().env(),
                    threads, 0));
        }
    }

    /**
     * Before a fine-tuning study starts, when none of its runs has started yet (no run folder in {@code dir} holds a
     * provenance.json): one line on stderr with the whole study's expected cost on this machine, at {@code threads}
     * threads per run, and the command for its table ({@code planFile} as given). A resumed study has done part of its
     * work, so a whole-study number would mislead there; none is printed.
     */
    static void printEstimate(StudyPlan p, Path dir, int threads, Path planFile) {
        if (!(p instanceof StudyPlan.FineTuning f) || anyRunStarted(dir)) {
            return;
        }
        rrl.experiment.FineTuningCostEstimate.UnitCosts u = rrl.experiment.FineTuningCostEstimate.UnitCosts.measure(
                f.plan().env(), threads, 0);
        double hours = rrl.experiment.FineTuningCostEstimate.coreHours(f.plan(), u);
        System.err.printf(java.util.Locale.ROOT, "expected cost: at most %s on this machine (%s; episodes counted at "
                + "1,000 steps)%s; per run kind: rrl sweep cost %s%n", coreTime(hours), u, SweepViews.busyNote(u),
                "--plan " + planFile + (threads == 1 ? "" : " --threads " + threads));
    }

    /** Core-hours in words: "0.4 core-minutes", "2.35 core-hours", "1,204 core-hours". */
    static String coreTime(double hours) {
        if (hours < 1) {
            return String.format(java.util.Locale.ROOT, "%.1f core-minutes", hours * 60);
        }
        return hours < 10 ? String.format(java.util.Locale.ROOT, "%.2f core-hours", hours)
                : String.format(java.util.Locale.ROOT, "%,.0f core-hours", hours);
    }

    private static boolean anyRunStarted(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> entries = Files.walk(dir, 2)) {
            return entries.anyMatch(f -> f.getFileName().toString().equals(rrl.results.RunFolder.PROVENANCE));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return true; // unreadable: do not claim a whole-study number
        }
    }

    @Command(name = "run-one", description = {"Run (or resume) one run of the plan: the run at --index of --phase "
            + "(setup, runs, re-attacks, faults or state-action; paper 2's tables: expert-attack, data, policies, attacks or "
            + "evaluations; PEX/RPEX: data, offline or online; see `rrl sweep status`).",
            "A phase needs the one before it finished. A finished run is handed back; a failed run exits 1 (so a "
            + "scheduler can retry it), bad input exits 2."})
    static final class RunOne implements Callable<Integer>, Resumable.OneRun {
        @picocli.CommandLine.Mixin
        PlanOptions options = new PlanOptions();

        @Option(names = "--phase", required = true, description = "setup, runs, re-attacks, faults or state-action (paper 2's tables: "
                + "expert-attack, data, policies, attacks or evaluations; PEX/RPEX: data, offline or online)")
        String phase;

        @Range(min = 0, max = 10_000_000)
        @Option(names = "--index", defaultValue = "0", description = "the run's index within its phase, from 0 "
                + "(default 0; a Slurm array passes its task id)")
        int index;

        @Range(min = 1, max = 1024)
        @Option(names = "--threads", description = "threads for the run (default: all cores)")
        Integer threads;

        @Override
        public Integer call() {
            StudyPlan p = options.read();
            int ph = p.phaseNames().indexOf(phase);
            if (ph < 0) {
                throw new IllegalArgumentException("--phase must be one of " + p.phaseNames() + " (the phases of a "
                        + p.what() + "), got " + phase);
            }
            Path dir = options.dir(p);
            List<Sweep> phases = p.phases(dir);
            List<RunSpec> runs = phases.get(ph).runs();
            if (index >= runs.size()) {
                throw new IllegalArgumentException("--index " + index + " is past the " + rrl.io.Messages.count(runs.size(), "run") + " of phase "
                        + phase + " (indexes 0-" + (runs.size() - 1) + ")");
            }
            rrl.guard.Preflight.outputFolder(options.out != null ? "--out" : "the plan's \"out\"", dir);
            for (int before = 0; before < ph; before++) {
                List<RunSpec> earlier = phases.get(before).runs();
                for (int i = 0; i < earlier.size(); i++) {
                    RunState s = RunState.of(earlier.get(i));
                    if (s != RunState.DONE) {
                        throw new IllegalArgumentException("phase " + p.phaseNames().get(before) + " has not finished "
                                + "(index " + i + ", " + earlier.get(i).label() + ": " + s.label() + "); run it first: "
                                + "rrl sweep run-one " + options.given() + " --phase " + p.phaseNames().get(before)
                                + " --index " + i);
                    }
                }
            }
            p.recordPlan(dir);
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            rrl.nn.NetThreads.set(t);
            RunResult r = RunKinds.standard().execute(runs.get(index), t, true);
            System.out.println(r.name() + " (" + r.id() + "): " + (r.ok() ? (r.reused() ? "finished earlier, reused" : "done")
                    : "FAILED: " + r.error()));
            return r.ok() ? 0 : 1;
        }
    }

    @Command(name = "slurm", description = {"Run the plan on a Slurm cluster: one job array per phase (setup, runs, "
            + "re-attacks, and faults or state-action when the plan asks for them; paper 2's tables: expert-attack, data, "
            + "policies, attacks, evaluations; PEX/RPEX: data, offline, online), each "
            + "after the one before it succeeded.",
            "Every array task runs `bin/rrl sweep run-one` on its index, with --requeue (a requeued task resumes its run "
            + "from its folder); run folders must be on storage every node sees. --dry-run prints the scripts."})
    static final class Slurm implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        PlanOptions options = new PlanOptions();

        @Range(min = 1, max = 1024)
        @Option(names = "--cpus", defaultValue = "1", description = "CPUs per run (--cpus-per-task; the run's threads)")
        int cpus;

        @Option(names = "--time", defaultValue = "24:00:00", description = "time limit per task (sbatch --time)")
        String time;

        @Option(names = "--partition", description = "Slurm partition (default: the cluster's)")
        String partition;

        @Option(names = "--dry-run", description = "print the scripts and the submission commands, submit nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            if (!time.matches("(\\d+-)?\\d{1,2}(:\\d{2}){0,2}")) {
                throw new IllegalArgumentException("--time must be Slurm's [D-]HH[:MM[:SS]], e.g. 24:00:00, got " + time);
            }
            StudyPlan p = options.read();
            Path dir = options.dir(p);
            List<Sweep> phases = p.phases(dir);
            List<String> names = p.phaseNames();
            Path project = Workspace.projectRoot();
            List<String> scripts = new java.util.ArrayList<>();
            for (int ph = 0; ph < phases.size(); ph++) {
                scripts.add(script(names.get(ph), phases.get(ph).runs().size(), project,
                        options.plan.toAbsolutePath(), dir));
            }
            if (dryRun) {
                for (int ph = 0; ph < scripts.size(); ph++) {
                    System.out.println("# " + dir.resolve("slurm").resolve(names.get(ph) + ".sbatch"));
                    System.out.println(scripts.get(ph));
                }
                System.out.println("# submit: " + submission(names));
                return 0;
            }
            if (!onPath("sbatch")) {
                throw new IllegalArgumentException("sbatch is not on PATH: run this on a Slurm login node, or use "
                        + "--dry-run to print the scripts");
            }
            rrl.guard.Preflight.outputFolder(options.out != null ? "--out" : "the plan's \"out\"", dir);
            p.recordPlan(dir);
            Path folder = dir.resolve("slurm");
            for (int ph = 0; ph < scripts.size(); ph++) {
                String text = scripts.get(ph);
                rrl.io.AtomicFiles.write(folder.resolve(names.get(ph) + ".sbatch"),
                        tmp -> Files.writeString(tmp, text));
            }
            String previous = null;
            for (String phase : names) {
                List<String> cmd = new java.util.ArrayList<>(List.of("sbatch", "--parsable"));
                if (previous != null) {
                    cmd.add("--dependency=afterok:" + previous);
                }
                cmd.add(folder.resolve(phase + ".sbatch").toString());
                Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(proc.getInputStream().readAllBytes()).strip();
                if (proc.waitFor() != 0) {
                    // sbatch explains over several lines; its last says what failed
                    String last = out.lines().filter(l -> !l.isBlank()).reduce((x, y) -> y).orElse("no output").strip();
                    throw new IllegalStateException("sbatch refused the " + phase + " array (" + last + "): is a Slurm "
                            + "controller reachable from here (try sinfo; SLURM_CONF)? The scripts are in " + folder
                            + "; fix it and run again");
                }
                previous = out.split(";")[0];
                System.out.println(phase + ": job " + previous);
            }
            System.out.println("follow it with `bin/rrl sweep status " + options.given() + "`"
                    + (p instanceof StudyPlan.RobustnessTables ? "; once every array has finished, `bin/rrl sweep run "
                    + options.given() + "` writes the robustness tables (it hands every run back)" : ""));
            return 0;
        }

        /** The job array of one phase: one task per run, each resuming its run from its folder when requeued. */
        String script(String phase, int tasks, Path project, Path plan, Path dir) {
            StringBuilder b = new StringBuilder("#!/bin/bash\n");
            b.append("#SBATCH --job-name=rrl-").append(phase).append('\n');
            b.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
            b.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
            b.append("#SBATCH --time=").append(time).append('\n');
            b.append("#SBATCH --requeue\n");
            if (partition != null) {
                b.append("#SBATCH --partition=").append(partition).append('\n');
            }
            b.append("#SBATCH --output=").append(dir.resolve("slurm")).append("/").append(phase).append("-%a.log\n");
            b.append("#SBATCH --open-mode=append\n"); // a requeued task adds to its log instead of wiping the attempt before
            b.append("echo \"== $(date '+%F %T') job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname), "
                    + "restart ${SLURM_RESTART_COUNT:-0}\"\n");
            b.append("cd ").append(quote(project.toString())).append('\n');
            b.append("exec bin/rrl sweep run-one --plan ").append(quote(plan.toString())).append(" --out ")
                    .append(quote(dir.toString())).append(" --phase ").append(phase)
                    .append(" --index \"$SLURM_ARRAY_TASK_ID\" --threads \"$SLURM_CPUS_PER_TASK\"\n");
            return b.toString();
        }

        /** The submission of the phases' arrays in order, each after the one before it, e.g. for setup, runs, re-attacks. */
        private static String submission(List<String> phases) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < phases.size(); i++) {
                boolean last = i == phases.size() - 1;
                b.append(last ? "sbatch " : "j" + (i + 1) + "=$(sbatch --parsable ")
                        .append(i == 0 ? "" : "--dependency=afterok:$j" + i + " ").append(phases.get(i)).append(".sbatch")
                        .append(last ? "" : "); ");
            }
            return b.toString();
        }

        private static String quote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }

        private static boolean onPath(String exe) {
            String path = System.getenv("PATH");
            return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
        }
    }
}
