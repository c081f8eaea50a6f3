package rrl.cli;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rule of an evaluation's {@code --out}: a folder holding another evaluation's results is not overwritten. */
final class OutFolders {
    private OutFolders() {}

    /**
     * Refuses, before any work, {@code out} when its {@code config.json} records settings that differ from
     * {@code settings} in any of their keys (the same settings again recompute the same numbers, so they may
     * overwrite); one line naming each differing setting with both values.
     */
    static void requireSameEvaluation(Path out, Map<String, ?> settings) {
        Path file = out == null ? null : out.resolve("config.json");
        if (file == null || !Files.exists(file)) {
            return;
        }
        JsonObject was;
        try {
            was = rrl.io.StrictJson.parse(Files.readString(file)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--out " + out + " holds a config.json that cannot be read (" + e.getMessage()
                    + "); give another --out");
        }
        JsonObject now = new Gson().toJsonTree(settings).getAsJsonObject();
        List<String> differ = new ArrayList<>();
        for (String key : now.keySet()) {
            JsonElement a = was.get(key);
            JsonElement b = now.get(key);
            boolean same = a == null ? b == null || b.isJsonNull() : a.isJsonPrimitive() && b.isJsonPrimitive()
                    && a.getAsJsonPrimitive().isNumber() && b.getAsJsonPrimitive().isNumber()
                    ? a.getAsDouble() == b.getAsDouble() : a.equals(b);
            if (!same) {
                differ.add(key + " (" + a + " -> " + b + ")");
            }
        }
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException("--out " + out + " holds the results of another evaluation: " + String.join(
                    ", ", differ) + "; give another --out (or remove that folder)");
        }
    }
}
