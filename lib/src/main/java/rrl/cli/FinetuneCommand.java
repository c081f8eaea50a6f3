package rrl.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.report.FineTuningClaims;
import rrl.experiment.FineTuningStudy;
import rrl.nn.NetThreads;

/** {@code rrl finetune}: paper 1's adversarial fine-tuning runs from a JSON plan. */
@Command(name = "finetune", description = {"Adversarial fine-tuning (paper 1) from a JSON plan: prepares pi_off, the offline data and",
        "the DE attack once, then runs every (run, seed) into OUT/<name>-s<seed>/; re-running resumes. Prints the final",
        "evaluations and the claims 5-8 check. Plan fields: env, pretrained, dataset, datasetSize, attackGenerations, steps,",
        "evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs [{name, condition, curriculum, fromScratch}],",
        "seeds, out (absent fields: paper 1's defaults)."})
final class FinetuneCommand implements Runnable {
    @Option(names = "--config", required = true, description = "the plan (JSON)")
    Path config;

    @Option(names = "--seeds", split = ",", description = "override the plan's seeds")
    List<Long> seeds;

    @Option(names = "--out", description = "override the plan's output folder")
    String out;

    @Option(names = "--threads", description = "threads for network updates (default: all cores)")
    Integer threads;

    @Override
    public void run() {
        if (threads != null) {
            NetThreads.set(threads);
        }
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.read(config);
        if (seeds != null) {
            plan = plan.withSeeds(seeds);
        }
        if (out != null) {
            plan = plan.withOut(out);
        }
        FineTuningStudy.Results r = FineTuningStudy.run(plan, true);
        System.out.println(FineTuningClaims.finalTable(r).print());
        System.out.println(FineTuningClaims.check(r).print());
    }
}
