package rrl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.env.Environments;

/** The record beside a dataset file tells apart environments of the same sizes (Walker2d, HalfCheetah: 17 and 6). */
class DatasetRecordTest {
    @TempDir
    Path tmp;

    /** A real HDF5 file of {@code n} zero rows with the given sizes. */
    private Path dataset(String name, int obsDim, int actDim) {
        int n = 4;
        Path file = tmp.resolve(name);
        D4rlDataset.of(n, obsDim, actDim, new float[n * obsDim], new float[n * actDim], new float[n], new boolean[n],
                new boolean[n]).write(file);
        return file;
    }

    private static String refusal(Runnable r) {
        String m = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertEquals(1, m.lines().count(), m);
        return m;
    }

    @Test
    void theRecordIsTheStemDotJson() {
        assertEquals(tmp.resolve("x.json"), DatasetRecord.file(tmp.resolve("x.hdf5")));
        assertEquals(tmp.resolve("x.json.json"), DatasetRecord.file(tmp.resolve("x.json.hdf5")));
        assertTrue(refusal(() -> DatasetRecord.file(tmp.resolve("x.h5"))).contains("give a file ending in .hdf5"));
    }

    @Test
    void noRecordNamesNoEnvironment() throws Exception {
        Path walker = dataset("walker.hdf5", 17, 6);
        assertEquals(Optional.empty(), DatasetRecord.env(walker));
        assertEquals(17, DatasetRecord.readFor(walker, Environments.task("HalfCheetah"), "--dataset").obsDim());
        Files.writeString(tmp.resolve("walker.json"), "{\"size\": 4}");
        assertEquals(Optional.empty(), DatasetRecord.env(walker), "a record without env");
        assertEquals(Optional.empty(), DatasetRecord.env(tmp.resolve("hopper-medium-v2")), "a Minari id has no record");
    }

    @Test
    void aRecordedEnvironmentIsCanonical() throws Exception {
        Path walker = dataset("walker.hdf5", 17, 6);
        Files.writeString(tmp.resolve("walker.json"), "{\"env\": \"walker2d-v4\", \"size\": 4}");
        assertEquals(Optional.of("Walker2d"), DatasetRecord.env(walker));
        assertEquals(4, DatasetRecord.readFor(walker, Environments.task("Walker2d"), "--dataset").size());
    }

    @Test
    void aRecordNamingAnotherEnvironmentIsRefused() throws Exception {
        Path walker = dataset("walker.hdf5", 17, 6);
        Files.writeString(tmp.resolve("walker.json"), "{\"env\": \"Walker2d\"}");
        String m = refusal(() -> DatasetRecord.readFor(walker, Environments.task("HalfCheetah"), "--dataset"));
        assertEquals("--dataset " + walker + " is Walker2d data (its record walker.json says so), not HalfCheetah; "
                + "give --env Walker2d or a HalfCheetah dataset", m);
    }

    @Test
    void anUnreadableRecordIsOneLineNamingTheFix() throws Exception {
        Path walker = dataset("walker.hdf5", 17, 6);
        Path record = tmp.resolve("walker.json");
        Files.writeString(record, "{\"env\": \"Walker2d\",");
        String m = refusal(() -> DatasetRecord.readFor(walker, Environments.task("Walker2d"), "--dataset"));
        assertTrue(m.startsWith("--dataset " + walker + ": its record " + record + " cannot be read ("), m);
        assertTrue(m.endsWith("); fix it or delete it (the record only names the data's origin)"), m);
        assertTrue(refusal(() -> DatasetRecord.env(walker)).startsWith(walker + ": its record "), "no argument named");
    }

    @Test
    void otherSizesAreRefusedBeforeTheRecordIsRead() throws Exception {
        Path hopper = dataset("hopper.hdf5", 11, 3);
        Files.writeString(tmp.resolve("hopper.json"), "not json");
        String m = refusal(() -> DatasetRecord.readFor(hopper, Environments.task("Walker2d"), "--data"));
        assertEquals("--data " + hopper + " holds 11-dimensional observations and 3-dimensional actions, Walker2d has "
                + "17 and 6; give a Walker2d dataset", m);
    }
}
