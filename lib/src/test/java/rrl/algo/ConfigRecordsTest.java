package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.checkpoint.Checkpoint;
import rrl.policy.ShippedPolicies;

/** Td3Config and SacConfig are immutable values, and read and write the JSON that runs have always written. */
class ConfigRecordsTest {
    private static final Gson GSON = new Gson();

    @Test
    void equalConfigsAreEqual() {
        assertEquals(Td3Config.td3(), Td3Config.td3());
        assertEquals(Td3Config.td3().hashCode(), Td3Config.td3().hashCode());
        assertEquals(Td3Config.td3bc(), Td3Config.td3().withBcAlpha(2.5));
        assertEquals(Td3Config.td3().withHidden(32, 32), Td3Config.td3().withHidden(32, 32));
        assertNotEquals(Td3Config.td3().withHidden(32, 32), Td3Config.td3().withHidden(32, 64));
        assertEquals(SacConfig.defaults(), SacConfig.defaults());
        assertEquals(SacConfig.defaults().hashCode(), SacConfig.defaults().hashCode());
        assertEquals(SacConfig.defaults().withHidden(64).withBatchSize(32),
                SacConfig.defaults().withHidden(64).withBatchSize(32));
        assertNotEquals(SacConfig.defaults(), SacConfig.defaults().withStartSteps(1));
        assertEquals(List.of(256, 256), Td3Config.td3().hidden());
    }

    @Test
    void hiddenWidthsCannotBeChangedFromOutside() {
        int[] widths = {64, 64};
        Td3Config t = Td3Config.td3().withHidden(widths);
        SacConfig s = SacConfig.defaults().withHidden(widths);
        widths[0] = 1;
        assertEquals(List.of(64, 64), t.hidden());
        assertEquals(List.of(64, 64), s.hidden());
        t.hiddenSizes()[0] = 2;
        s.hiddenSizes()[1] = 3;
        assertArrayEquals(new int[] {64, 64}, t.hiddenSizes());
        assertArrayEquals(new int[] {64, 64}, s.hiddenSizes());
        assertThrows(UnsupportedOperationException.class, () -> t.hidden().set(0, 5));
        assertThrows(UnsupportedOperationException.class, () -> s.hidden().add(5));
        List<Integer> mutable = new ArrayList<>(List.of(16, 16));
        Td3Config direct = new Td3Config(mutable, 3e-4, 3e-4, 256, 0.99, 0.005, 0.2, 0.5, 2, 0, 0.1, 25_000);
        mutable.set(0, 8);
        assertEquals(List.of(16, 16), direct.hidden());
        assertThrows(IllegalArgumentException.class, () -> Td3Config.td3().withHidden(256, 0));
    }

    /** JSON: "hidden": [256, 256] as before, and back to an equal record, also through checkpoint metadata. */
    @Test
    void gsonRoundTripKeepsTheFormat() {
        for (Td3Config c : List.of(Td3Config.td3(), Td3Config.td3bc().withHidden(32, 16))) {
            String json = GSON.toJson(c);
            assertTrue(json.startsWith("{\"hidden\":[" + c.hidden().get(0) + "," + c.hidden().get(1) + "],"), json);
            assertEquals(c, GSON.fromJson(json, Td3Config.class));
            assertEquals(c, Checkpoint.create("test").putMeta("config", c).getMeta("config", Td3Config.class));
        }
        SacConfig s = SacConfig.defaults().withHidden(64, 64, 64);
        String json = GSON.toJson(s);
        assertTrue(json.startsWith("{\"hidden\":[64,64,64],\"actorLr\":3.0E-4,"), json);
        assertEquals(s, GSON.fromJson(json, SacConfig.class));
    }

    /**
     * Configs written by earlier versions (int[] components) read into equal records and write back the same
     * JSON: the shipped TD3+BC learner checkpoint's metadata and the shipped runs' config.json files.
     */
    @Test
    void configsWrittenBeforeStillRead() throws IOException {
        JsonObject fromCheckpoint = ShippedPolicies.learner("Hopper", "td3bc-expert").meta()
                .getAsJsonObject("config").getAsJsonObject("td3");
        assertEquals(Td3Config.td3bc(), GSON.fromJson(fromCheckpoint, Td3Config.class));
        assertEquals(fromCheckpoint.toString(), GSON.toJson(Td3Config.td3bc()));

        JsonObject td3Run = resource("rrl/policies/hopper/td3-training-config.json").getAsJsonObject("config");
        assertEquals(Td3Config.td3(), GSON.fromJson(td3Run.get("td3"), Td3Config.class));
        assertEquals(td3Run.get("td3").toString(), GSON.toJson(Td3Config.td3()));
        JsonObject sacRun = resource("rrl/policies/hopper/training-config.json").getAsJsonObject("config");
        assertEquals(SacConfig.defaults(), GSON.fromJson(sacRun.get("sac"), SacConfig.class));
        assertEquals(sacRun.get("sac").toString(), GSON.toJson(SacConfig.defaults()));
    }

    private static JsonObject resource(String name) throws IOException {
        try (InputStream in = ConfigRecordsTest.class.getClassLoader().getResourceAsStream(name)) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }
}
