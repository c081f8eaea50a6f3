package rrl.cli;

import picocli.CommandLine.Command;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.mujoco.NativeMuJoCo;

/** {@code rrl envs}: lists the environments with their dimensions. */
@Command(name = "envs", description = "List the environments and their observation/action sizes.")
final class EnvsCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("MuJoCo " + NativeMuJoCo.version());
        System.out.printf("%-12s %-15s %5s %5s %10s%n", "name", "reproduces", "obs", "act", "frame skip");
        for (String name : Environments.NAMES) {
            Task t = Environments.task(name);
            System.out.printf("%-12s %-15s %5d %5d %10d%n", t.name(), t.gymnasiumId(), t.observationDim(),
                    t.actionDim(), t.frameSkip());
        }
        System.out.println("(Ant-d4rl: Ant with the 111-dim D4RL observation layout)");
    }
}
