package rrl.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.experiment.FineTuningStudy;
import rrl.experiment.PolicyExpansionStudy;
import rrl.experiment.StudyPlan;
import rrl.experiment.StudyPlans;
import rrl.experiment.LocalExecutor;
import rrl.experiment.RunKinds;
import rrl.nn.NetThreads;
import rrl.notebook.Workspace;
import rrl.report.FineTuningClaims;
import rrl.report.PolicyExpansionClaims;
import rrl.results.Resources;

/** {@code rrl finetune}: paper 1's adversarial fine-tuning, or paper 3's PEX / RPEX study, from a JSON plan. */
@Command(name = "finetune", description = {"Offline-to-online fine-tuning from a JSON plan: TD3 (paper 1), PEX or RPEX (paper 3).",
        "Prepares pi_off, the offline data and the DE attack (once, or per seed with \"pretrained\": \"train:td3bc\", which trains each seed's own "
            + "TD3+BC pi_off), runs every (run, seed) into OUT/<name>-s<seed>/ (each with provenance.json and its run id), then re-attacks every "
            + "fine-tuned policy (OUT/reattack-<name>-s<seed>/; \"reAttacks\": false skips them) and, with \"faultEpisodes\", "
            + "evaluates pi_off and every run under unseen faults (OUT/faults-*), and with \"stateAction\" over a grid of action and "
            + "observation bounds (OUT/state-action-*); re-running resumes and hands finished runs back. Prints the final "
            + "evaluations, the claims 5-8 verdicts and the parts of the plan's phases (`rrl report --study OUT` prints them "
            + "again). Plan fields:",
        "env, pretrained, pretrainSteps, data (random, medium, medium-expert or expert: the kind of offline data regenerated; "
            + "default expert), dataset (a D4RL file instead, relative to the working directory), datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes, steps, evalEvery, "
            + "evalEpisodes, checkpointEvery, offlineFraction, topK, runs [{name, condition, curriculum, fromScratch, algorithm: td3, q0, qMax, beta, eta, signal, refreshEvery, refreshPool}], seeds, "
            + "out, learningStarts, scratchWarmup, faultEpisodes, reAttacks, stateAction {episodes, actionEps, "
            + "observationEps, attackPopulation, attackGenerations, attackEpisodes} "
            + "(absent fields: paper 1's defaults; eps: paper 2's per environment, used by the attack and the random condition; "
            + "present values out of range, unknown fields and duplicate run names are errors before any work starts).",
        "A relative out in the plan is under the project folder; a relative --out is under the working directory.",
        "The plan chooses the algorithm: runs with \"algorithm\": \"pex\" or \"rpex\" (or no runs and a field below that only "
            + "paper 3's plan has) make it paper 3's study: the offline data corrupted as RIQL corrupts it, IQL and RIQL per "
            + "seed, then PEX and RPEX under online corruption, then claim 9 (the claims 5-8 above are paper 1's). Its fields, "
            + "absent or null ones at paper 3's budgets: env; dataset (a D4RL file, relative to the working directory; absent: "
            + "datasetSize transitions of the shipped medium policy, 1,000,000, with dataSeed); corruption (random or "
            + "adversarial); corruptedFields (any of obs, act, rew, dyn; all four by default); corruptionRate (0.3); "
            + "corruptionRange (1.0); corruptionSeed (0); critic (adversarial obs, act or dyn: an `rrl train edac` run "
            + "folder); offlineSteps (1,000,000), offlineEvalEvery (10,000), offlineEvalEpisodes (10); steps (1,000,000 "
            + "environment steps), evalEvery (10,000), evalEpisodes (10), checkpointEvery (20,000), learningStarts (5,000); "
            + "onlineCorruption (absent: corruptedFields; []: none); zeroCleanRewards (store 0 for uncorrupted rewards, as "
            + "RPEX's code does; false); runs [{name, algorithm}] (one pex and one rpex by default); seeds; out."})
final class FinetuneCommand implements Runnable, Resumable {
    @Option(names = "--config", required = true, description = "the plan (JSON)")
    Path config;

    @Range(min = Range.MIN_SEED)
    @Option(names = "--seeds", split = ",", description = "override the plan's seeds (integers >= 0)")
    List<Long> seeds;

    @Option(names = "--out", description = "override the plan's output folder (a relative path is under the working directory)")
    String out;

    @Range(min = 1, max = 1024)
    @Option(names = "--threads", description = "threads per run (default: all cores / --parallel)")
    Integer threads;

    @Range(min = 1, max = Range.MAX_PARALLEL)
    @Option(names = "--parallel", defaultValue = "1", description = "runs at a time on this machine (default: 1)")
    int parallel;

    @Override
    public void run() {
        StudyPlan plan = StudyPlans.read(config);
        if (seeds != null) {
            plan = plan.withSeeds(seeds);
        }
        if (out != null) {
            plan = plan.withOut(Path.of(out).toAbsolutePath().toString());
        }
        Resources resources = resources();
        rrl.guard.Preflight.outputFolder(out != null ? "--out" : "the plan's \"out\"", plan.outDir(resources));
        Path dir = plan.outDir(resources);
        LocalExecutor executor = new LocalExecutor(RunKinds.standard(), parallel, resources.threads(), true);
        StudyPlan p = plan;
        // the banner once the study has checked the plan against its folder and read its inputs: refusals come first
        Runnable banner = () -> {
            SweepCommand.printEstimate(p, dir, resources.threads(), config);
            System.err.printf("%s %s: %s, %d at a time, %s each%n", p.what(), dir, p.size(), parallel,
                    rrl.io.Messages.count(resources.threads(), "thread"));
        };
        if (plan instanceof StudyPlan.FineTuning f) {
            FineTuningStudy.Results r = FineTuningStudy.run(f.plan(), dir, executor, banner);
            // the whole text report, the parts of the plan's phases included, as `rrl report --study OUT` prints it
            ReportCommand.printText(dir, r, FineTuningClaims.check(r));
        } else if (plan instanceof StudyPlan.RobustnessTables t) {
            rrl.experiment.RobustnessStudy.Result r = rrl.experiment.RobustnessTablesStudy.run(t.plan(), dir, executor, banner);
            ReportCommand.printRobustness(r, rrl.report.RobustnessClaims.check(r));
        } else if (plan instanceof StudyPlan.PolicyExpansion x) {
            PolicyExpansionStudy.Results r = PolicyExpansionStudy.run(x.plan(), dir, executor, banner);
            System.out.println(PolicyExpansionClaims.finalTable(r).print());
            tech.tablesaw.api.Table verdicts = PolicyExpansionClaims.check(r);
            System.out.println(verdicts.print(verdicts.rowCount()));
            System.out.println(PolicyExpansionClaims.summary(r));
        }
    }

    /** Each run's threads (all cores / --parallel unless --threads) with the project as the root of relative outs. */
    private Resources resources() {
        int cores = Runtime.getRuntime().availableProcessors();
        int perRun = threads != null ? threads : Math.max(1, cores / parallel);
        // The network kernels' thread pool is one per process: runs side by side each keep their updates on
        // their own thread rather than queue for the shared pool.
        NetThreads.set(parallel > 1 ? 1 : perRun);
        return new Resources(perRun, Workspace.projectRoot());
    }
}
