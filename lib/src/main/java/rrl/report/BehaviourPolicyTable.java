package rrl.report;

import com.google.gson.JsonObject;
import java.util.Locale;
import rrl.env.Environments;
import rrl.policy.ShippedPolicies;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The SAC behaviour policies shipped for each environment (D4RL's medium and expert data makers), one row per
 * environment, read from the {@code record.json} that {@code rrl datasets export-policies} writes beside them: each
 * policy's step, mean return over the record's evaluation episodes and D4RL score, the rule that made the expert one
 * (or the best policy so far while none is shipped), and how far the run trained. The README's table is
 * {@code bin/rrl policies list --markdown}, so its numbers come from the records.
 */
public final class BehaviourPolicyTable {
    private BehaviourPolicyTable() {}

    /** The table over Hopper, HalfCheetah, Walker2d and Ant (an environment without a record shows "–"). */
    public static Table table() {
        StringColumn env = StringColumn.create("env");
        StringColumn medium = StringColumn.create("medium (step, return, D4RL score)");
        StringColumn expert = StringColumn.create("expert (step, return, D4RL score: why it is the expert)");
        StringColumn mediumRule = StringColumn.create("medium chosen as");
        StringColumn trained = StringColumn.create("SAC steps trained");
        for (String e : Environments.NAMES) {
            env.append(e);
            JsonObject r = ShippedPolicies.text(e, "record.json")
                    .map(t -> rrl.io.StrictJson.parse(t).getAsJsonObject()).orElse(null);
            if (r == null) {
                medium.appendMissing();
                mediumRule.appendMissing();
                expert.appendMissing();
                trained.appendMissing();
                continue;
            }
            JsonObject m = r.has("medium") ? r.getAsJsonObject("medium") : null;
            medium.append(m != null ? point(m) : "not shipped");
            // a record says when its medium is not D4RL's (a third of the expert's return), up to its first ';'
            mediumRule.append(m == null ? "–" : m.has("rule") ? m.get("rule").getAsString().split(";")[0]
                    : "the policy closest to a third of the expert's return (D4RL)");
            JsonObject ex = r.has("expert") ? r.getAsJsonObject("expert") : null;
            if (ex != null && ShippedPolicies.names(e).contains("expert")) {
                // records written before the criterion was recorded had their expert by 90% of REF_MAX
                expert.append(point(ex) + ": " + (ex.has("criterion") ? ex.get("criterion").getAsString()
                        : rrl.train.DatasetGeneration.NEAR_REF_MAX));
            } else {
                JsonObject best = ex != null ? ex : r.has("bestSoFar") ? r.getAsJsonObject("bestSoFar") : null;
                expert.append(best == null ? "not shipped" : "not shipped; best so far " + point(best));
            }
            trained.append(steps(r));
        }
        return Table.create("Shipped SAC behaviour policies (rrl/policies/<env>/record.json)", env, medium, mediumRule, expert,
                trained);
    }

    /** {@link #table()} as a GitHub markdown table (what the README holds). */
    public static String markdown() {
        return Tables.markdown(table());
    }

    /** "140k, 1100, 34.4" from a record's step, evalReturn and d4rlScore. */
    private static String point(JsonObject p) {
        return thousands(p.get("step").getAsLong()) + ", " + Math.round(p.get("evalReturn").getAsDouble()) + ", "
                + String.format(Locale.ROOT, "%.1f", p.get("d4rlScore").getAsDouble());
    }

    private static String steps(JsonObject r) {
        String trained = String.format(Locale.ROOT, "%,d", r.get("trainedSteps").getAsLong());
        return r.has("plannedSteps") && r.get("plannedSteps").getAsLong() != r.get("trainedSteps").getAsLong()
                ? trained + " of " + String.format(Locale.ROOT, "%,d", r.get("plannedSteps").getAsLong()) + " planned"
                : trained;
    }

    /** 140000 as "140k", 995000 as "995k", 1000000 as "1M". */
    private static String thousands(long step) {
        return step >= 1_000_000 && step % 1_000_000 == 0 ? step / 1_000_000 + "M"
                : step % 1000 == 0 ? step / 1000 + "k" : String.format(Locale.ROOT, "%,d", step);
    }
}
