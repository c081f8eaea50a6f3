package rrl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Did you mean" only for slips: every place that suggests a name goes through {@link Spelling#suggestion}. */
class SpellingTest {
    private static final List<String> ENVS = List.of("Hopper", "HalfCheetah", "Walker2d", "Ant");

    @Test
    void slipsAreSuggestedUnrelatedStringsAreNot() {
        assertEquals(Optional.of("Hopper"), Spelling.suggestion("hoper", ENVS));
        assertEquals(Optional.of("Walker2d"), Spelling.suggestion("Walker", ENVS));
        assertEquals(Optional.of("HalfCheetah"), Spelling.suggestion("halfcheeta", ENVS));
        assertEquals(Optional.of("Ant"), Spelling.suggestion("ants", ENVS));
        assertEquals(Optional.of("steps"), Spelling.suggestion("stepz", List.of("env", "steps", "seeds")));
        // 3 edits from "Ant", as far as it can be from any 3-letter name: no suggestion
        assertEquals(Optional.empty(), Spelling.suggestion("Foo", ENVS));
        assertEquals(Optional.empty(), Spelling.suggestion("x", ENVS));
        assertEquals(Optional.empty(), Spelling.suggestion("zzzzzz", List.of("expert", "medium", "td3")));
    }

    /** The three places that suggest: environment names, JSON fields and shipped policies. */
    @Test
    void everySuggestingMessageLeavesUnrelatedStringsAlone() {
        String env = assertThrows(IllegalArgumentException.class, () -> rrl.env.Environments.task("Foo")).getMessage();
        assertTrue(env.contains("Unknown environment 'Foo'") && !env.contains("Did you mean"), env);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rrl.env.Environments.task("Hoppr")).getMessage()
                .contains("Did you mean Hopper?"));

        record Plan(String env, long steps) {}
        String far = assertThrows(IllegalArgumentException.class, () -> JsonFields.requireKnown(
                JsonParser.parseString("{\"qqqqqq\": 1}"), Plan.class, "plan P")).getMessage();
        assertTrue(far.startsWith("unknown field \"qqqqqq\" in plan P (fields: env, steps)"), far);
        String near = assertThrows(IllegalArgumentException.class, () -> JsonFields.requireKnown(
                JsonParser.parseString("{\"stepz\": 1}"), Plan.class, "plan P")).getMessage();
        assertTrue(near.contains("did you mean \"steps\"?"), near);

        String shipped = assertThrows(IllegalArgumentException.class, () -> rrl.policy.ShippedPolicies.load("Hopper",
                "zzzzzz")).getMessage();
        assertTrue(shipped.contains("shipped for Hopper: ") && !shipped.contains("did you mean"), shipped);
        assertFalse(shipped.contains("?)"), shipped);
    }
}
