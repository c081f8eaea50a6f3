package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.Function;
import rrl.io.JsonFields;
import rrl.io.StrictJson;

/**
 * Reading a study plan's JSON onto its defaults: the syntax, unknown fields (with the closest known one) and value
 * types are checked, then every field given (and not null) replaces the default of the plan's environment. Range
 * checks stay with each plan, which knows its fields.
 */
final class PlanJson {
    private PlanJson() {}

    /**
     * The plan of {@code type} in {@code json}, its absent fields from {@code defaults.apply(env)}; {@code what} names
     * it in errors and {@code needs} says what a plan holds at least (after "needs a JSON object with at least ").
     */
    static <P extends Record> P read(String json, String what, Class<P> type, Function<String, P> defaults, String needs,
                                     Gson gson) {
        JsonElement tree;
        try {
            tree = StrictJson.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": " + rrl.io.Messages.jsonSyntax(e));
        }
        if (tree == null || !tree.isJsonObject() || !(tree.getAsJsonObject().get("env") instanceof com.google.gson.JsonPrimitive)) {
            throw new IllegalArgumentException(what + " needs a JSON object with at least " + needs);
        }
        JsonFields.requireKnown(tree, type, what);
        JsonFields.requireTypes(tree, type, what, gson);
        JsonObject merged;
        try {
            merged = gson.toJsonTree(defaults.apply(tree.getAsJsonObject().get("env").getAsString())).getAsJsonObject();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
        }
        for (Map.Entry<String, JsonElement> e : tree.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonNull() && !e.getKey().equals("env")) {
                merged.add(e.getKey(), e.getValue());
            }
        }
        try {
            return gson.fromJson(merged, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
        }
    }
}
