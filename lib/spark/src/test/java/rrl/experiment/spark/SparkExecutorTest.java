package rrl.experiment.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.ExecutorSettings;
import rrl.experiment.FineTuningStudy;

/** Spark in this JVM (local[2]): the same study as the local executor's, file for file. */
class SparkExecutorTest {
    @TempDir
    Path tmp;

    @Test
    void aStudyOnSparkWritesTheFilesOfALocalStudy() throws Exception {
        Path local = Studies.reference();
        Path spark = tmp.resolve("spark");
        long t0 = System.nanoTime();
        try (SparkExecutor e = new SparkExecutor(new ExecutorSettings("spark", null, 2, 1, true))) {
            assertEquals("local[2,4]", e.master());
            FineTuningStudy.run(Studies.plan(Studies.STEPS), spark, e);
        }
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        Studies.assertKeyFilesExist(spark);
        int n = Studies.assertSameFiles(local, spark);
        System.out.printf("study: local executor (2 slots) %.1f s, Spark local[2] %.1f s (context start and stop included); "
                + "%d files identical%n", Studies.referenceSeconds(), sparkSeconds, n);
    }
}
