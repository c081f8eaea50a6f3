package rrl.data;

/**
 * The identity of a dataset a run trains on: where it came from and what it holds. Runs pin their inputs with it
 * (it is part of their config, so of their run id): resuming a run on other data is refused, naming both.
 *
 * @param path the file the dataset was read from, as given (null for a dataset made in memory); recorded for
 *     people, not part of a run's identity (a moved file is the same data)
 * @param sha256 {@link D4rlDataset#sha256()}: 64 lower-case hex digits over the arrays
 */
public record DatasetRef(String path, String sha256) {
    public DatasetRef {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a dataset's sha256 is 64 lower-case hex digits, got " + sha256
                    + "; use DatasetRef.of(dataset)");
        }
    }

    /** The identity of {@code data}: its source file (if read from one) and its content hash. */
    public static DatasetRef of(D4rlDataset data) {
        return new DatasetRef(data.source(), data.sha256());
    }

    /** "datasets/hopper-expert-rrl.hdf5 (sha256 3f2a9c0d1e7b)" or "an in-memory dataset (sha256 ...)". */
    public String describe() {
        return (path == null ? "an in-memory dataset" : path) + " (sha256 " + sha256.substring(0, 12) + ")";
    }
}
