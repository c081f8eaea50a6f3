package rrl.stats;

/** Checks and small helpers on score matrices {@code scores[run][task]}. */
public final class ScoreMatrices {
    private ScoreMatrices() {}

    /**
     * Throws IllegalArgumentException naming {@code what} unless {@code scores} has at least one run and one task,
     * equal-length rows and finite values.
     */
    public static void check(double[][] scores, String what) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException(what + ": a score matrix needs at least one run (row), got none");
        }
        int tasks = scores[0] == null ? 0 : scores[0].length;
        if (tasks == 0) {
            throw new IllegalArgumentException(what + ": a score matrix needs at least one task (column), got none");
        }
        for (int n = 0; n < scores.length; n++) {
            if (scores[n] == null || scores[n].length != tasks) {
                throw new IllegalArgumentException(what + ": run " + n + " has "
                        + (scores[n] == null ? "no" : scores[n].length) + " task scores, run 0 has " + tasks
                        + " (runs x tasks must be rectangular)");
            }
            for (int m = 0; m < tasks; m++) {
                if (!Double.isFinite(scores[n][m])) {
                    throw new IllegalArgumentException(what + ": score of run " + n + ", task " + m + " is " + scores[n][m]);
                }
            }
        }
    }

    /** A deep copy. */
    public static double[][] copy(double[][] scores) {
        double[][] c = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            c[i] = scores[i].clone();
        }
        return c;
    }

    /** Mean over runs of each task: length tasks. */
    public static double[] taskMeans(double[][] scores) {
        double[] mean = new double[scores[0].length];
        for (double[] run : scores) {
            for (int m = 0; m < mean.length; m++) {
                mean[m] += run[m];
            }
        }
        for (int m = 0; m < mean.length; m++) {
            mean[m] /= scores.length;
        }
        return mean;
    }

    /** All scores, row by row. */
    public static double[] flatten(double[][] scores) {
        double[] all = new double[scores.length * scores[0].length];
        int k = 0;
        for (double[] run : scores) {
            System.arraycopy(run, 0, all, k, run.length);
            k += run.length;
        }
        return all;
    }
}
