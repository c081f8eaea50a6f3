package rrl.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A settings table shipped as a class-path resource: a JSON object whose {@code "environments"} array holds one
 * object per environment, each read as a {@code type} record with unknown fields refused. The per-environment
 * settings of the attack and the curriculum live in such files so that every value sits beside its source.
 */
public final class EnvironmentSettingsFile {
    private EnvironmentSettingsFile() {}

    /**
     * The rows of {@code resource}, in file order.
     *
     * @throws IllegalStateException when the resource is missing or malformed (a packaging fault, not user input)
     */
    public static <R extends Record> List<R> read(String resource, Class<R> type) {
        String text;
        try (InputStream in = EnvironmentSettingsFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the library lacks its resource " + resource + "; rebuild it");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + IoErrors.describe(e), e);
        }
        try {
            JsonElement tree = StrictJson.parse(text);
            JsonArray rows = tree.getAsJsonObject().getAsJsonArray("environments");
            Gson gson = new Gson();
            List<R> out = new ArrayList<>();
            for (JsonElement row : rows) {
                JsonFields.requireKnown(row, type, resource);
                out.add(gson.fromJson(row, type));
            }
            return List.copyOf(out);
        } catch (RuntimeException e) {
            throw new IllegalStateException(resource + " is malformed: " + e.getMessage(), e);
        }
    }

    /**
     * The row of {@code rows} whose environment ({@code envOf}) is {@code name}, an environment's Gymnasium name.
     *
     * @throws IllegalStateException when {@code resource} lacks a row for {@code name} (a packaging fault)
     */
    public static <R> R rowFor(List<R> rows, String name, java.util.function.Function<R, String> envOf, String resource) {
        return rows.stream().filter(r -> envOf.apply(r).equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(resource + " has no row for " + name));
    }
}
