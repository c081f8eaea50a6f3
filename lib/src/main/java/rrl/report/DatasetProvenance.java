package rrl.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import rrl.data.D4rlDataset;
import rrl.data.DatasetRecord;
import rrl.io.StrictJson;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Where datasets came from, one row per dataset, read from the JSON record beside each ({@link DatasetRecord}): what
 * {@code rrl datasets info} prints. The records are small and are committed where a dataset file is not (a Hopper
 * medium-replay buffer is 14.8 MB), so the README's dataset numbers are read from them.
 */
public final class DatasetProvenance {
    /** Hex digits of the content hash shown: enough to tell files apart at a glance; the record keeps all 64. */
    static final int HASH_DIGITS = 16;

    private DatasetProvenance() {}

    /**
     * One row per dataset: the file as given, its environment, kind (a perturbed or corrupted copy says so), transitions,
     * what made it (the run's policy file, a shipped policy or the source dataset), the step of that policy or of the
     * replay's end and its evaluation return with the D4RL score, the rule that chose that step, the start of the content
     * hash the record pins ({@link D4rlDataset#sha256}: over the arrays, not {@code sha256sum} of the file), and whether
     * the data file beside the record has that content ("same content", "other content: ...", "not here"); "–" where a
     * record has no such field.
     *
     * @param files datasets ({@code X.hdf5}, whose record is {@code X.json}) or their records
     * @throws IllegalArgumentException one line naming the file and the fix: no such file, a folder, another kind of
     *     file, a record that cannot be read or is not a dataset record, or a field of the wrong type
     */
    public static Table table(List<Path> files) {
        StringColumn name = StringColumn.create("dataset");
        StringColumn env = StringColumn.create("env");
        StringColumn kind = StringColumn.create("kind");
        StringColumn size = StringColumn.create("transitions");
        StringColumn from = StringColumn.create("made from");
        StringColumn step = StringColumn.create("step");
        StringColumn ret = StringColumn.create("its return (D4RL score)");
        StringColumn rule = StringColumn.create("step chosen as");
        StringColumn hash = StringColumn.create("content hash");
        StringColumn file = StringColumn.create("data file");
        for (Path f : files) {
            Path record = recordOf(f);
            JsonObject r = read(record, f);
            try {
                String e = rrl.env.Environments.task(text(r, "env")).name();
                Path data = DatasetRecord.dataset(record);
                name.append(f.toString());
                env.append(e);
                kind.append(kind(r));
                size.append(count(r.has("size") ? r.get("size") : r.get("transitions")));
                from.append(madeFrom(r));
                JsonElement s = first(r, "replayUpToStep", "policyStep");
                step.append(r.has("mediumPolicyStep") && r.has("expertPolicyStep")
                        ? count(r.get("mediumPolicyStep")) + " + " + count(r.get("expertPolicyStep")) : count(s));
                JsonElement v = first(r, "mediumEvalReturn", "policyEvalReturn");
                ret.append(v == null || !Double.isFinite(v.getAsDouble()) ? "–" : String.format(Locale.ROOT,
                        "%.1f (%.1f)", v.getAsDouble(), rrl.rollout.D4rlScores.normalized(e, v.getAsDouble())));
                rule.append(r.has("mediumRule") && r.has("expertRule") && !r.has("policyStep")
                        ? text(r, "mediumRule") + "; " + text(r, "expertRule")
                        : r.has("mediumRule") ? text(r, "mediumRule") : text(r, "expertRule"));
                String h = text(r, "sha256");
                hash.append(h.length() > HASH_DIGITS ? h.substring(0, HASH_DIGITS) + "…" : h);
                file.append(dataState(data, h));
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(f + ": its record " + record.getFileName() + " is not as rrl datasets "
                        + "writes one (" + ex.getMessage() + "); regenerate the dataset or fix the record");
            }
        }
        return Table.create("Datasets and where they came from", name, env, kind, size, from, step, ret, rule, hash, file);
    }

    /** The record of {@code given}: itself for a .json, the record beside it for a .hdf5; refuses anything else. */
    private static Path recordOf(Path given) {
        if (Files.isDirectory(given)) {
            throw new IllegalArgumentException(given + " is a folder; give its datasets (" + given.resolve("*.hdf5")
                    + ") or their .json records");
        }
        if (!Files.exists(given)) {
            throw new IllegalArgumentException(given + ": no such file; give a dataset X.hdf5 or its record X.json");
        }
        String n = given.getFileName().toString();
        if (n.endsWith(".json")) {
            return given;
        }
        if (!n.endsWith(".hdf5")) {
            throw new IllegalArgumentException(given + " is neither a dataset (.hdf5) nor a record (.json); give a "
                    + "dataset X.hdf5 or its record X.json");
        }
        return DatasetRecord.file(given);
    }

    private static JsonObject read(Path record, Path given) {
        String what = record.equals(given) ? given.toString() : given + ": its record " + record.getFileName();
        JsonObject r;
        try {
            JsonElement j = StrictJson.parse(Files.readString(record));
            if (!j.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            r = j.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " cannot be read ("
                    + (e instanceof IOException io ? rrl.io.IoErrors.describe(io) : rrl.io.Messages.jsonSyntax(e))
                    + "); give a dataset written by rrl datasets generate, collect, perturb or corrupt, or its .json record");
        }
        if (!r.has("env") || !(r.has("kind") || r.has("corruption"))) {
            throw new IllegalArgumentException(what + " is not a dataset record (it names no env and kind); give a "
                    + "dataset written by rrl datasets generate, perturb or corrupt, or its .json record");
        }
        return r;
    }

    /** The D4RL kind, or what a perturbed ({@code eps}) or corrupted ({@code corruption}) copy is. */
    private static String kind(JsonObject r) {
        if (r.has("corruption")) {
            return "corrupted (" + text(r, "corruption") + ": " + text(r, "fields") + ", rate " + text(r, "rate") + ")";
        }
        if (r.has("eps")) {
            return "perturbed (" + text(r, "kind") + ", eps " + text(r, "eps") + ")";
        }
        return text(r, "kind");
    }

    /** The policy that collected the data (with its run folder), else the source dataset or run. */
    private static String madeFrom(JsonObject r) {
        if (r.has("policy")) {
            String p = text(r, "policy");
            return r.has("run") && r.has("policyStep") && !p.startsWith("shipped:") ? text(r, "run") + "/" + p : p;
        }
        if (r.has("mediumPolicy") && r.has("expertPolicy")) {
            String m = text(r, "mediumPolicy");
            String x = text(r, "expertPolicy");
            return m.startsWith("shipped:") ? m + " + " + x : text(r, "run") + "/{" + m + ", " + x + "}";
        }
        return r.has("source") ? text(r, "source") : text(r, "run");
    }

    /** Whether the data file beside the record holds the content the record pins. */
    private static String dataState(Path data, String pinned) {
        if (!Files.isRegularFile(data)) {
            return "not here";
        }
        if (pinned.equals("–")) {
            return "present (the record pins no hash)";
        }
        String h = D4rlDataset.read(data).sha256();
        return h.equals(pinned) ? "same content" : "other content: " + h.substring(0, HASH_DIGITS) + "…";
    }

    private static JsonElement first(JsonObject r, String a, String b) {
        JsonElement v = r.get(a);
        return v != null && !v.isJsonNull() ? v : r.get(b) == null || r.get(b).isJsonNull() ? null : r.get(b);
    }

    private static String count(JsonElement v) {
        return v == null || v.isJsonNull() ? "–" : String.format(Locale.ROOT, "%,d", v.getAsLong());
    }

    private static String text(JsonObject r, String field) {
        JsonElement v = r.get(field);
        return v == null || v.isJsonNull() ? "–" : v.isJsonPrimitive() ? v.getAsString() : v.toString();
    }
}
