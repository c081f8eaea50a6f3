package rrl.cli;

/**
 * A command whose runs resume from their folders when it runs again: interrupted (Ctrl-C, SIGTERM), it prints one
 * line saying so ({@link Main}), rather than exiting without a word.
 */
interface Resumable {
    /** What stopped, for that line: "the runs" unless the command runs one. */
    default String stopped() {
        return "the runs";
    }

    /** A command that runs one run (a training run, an attack). */
    interface OneRun extends Resumable {
        @Override
        default String stopped() {
            return "the run";
        }
    }
}
