package rrl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A repeated key is refused at any depth; everything else reads exactly as Gson's own parser reads it. */
class StrictJsonTest {
    @Test
    void aRepeatedKeyIsRefusedNamingTheKeyAndWhereItIs() {
        assertEquals("duplicate key \"steps\" in $: keep one of the two values", assertThrows(JsonSyntaxException.class,
                () -> StrictJson.parse("{\"steps\": 1000, \"env\": \"Hopper\", \"steps\": 10}")).getMessage());
        assertEquals("duplicate key \"condition\" in $.runs[1]: keep one of the two values", assertThrows(JsonSyntaxException.class,
                () -> StrictJson.parse("{\"runs\": [{\"condition\": \"a\"}, {\"condition\": \"a\", \"condition\": \"b\"}]}")).getMessage());
        assertEquals("duplicate key \"x\" in $.a.b: keep one of the two values", assertThrows(JsonSyntaxException.class,
                () -> StrictJson.parse("{\"a\": {\"b\": {\"x\": 1, \"y\": [1, {}], \"x\": 1}}}")).getMessage());
    }

    @Test
    void otherwiseTheTreeIsGsonsOwn() {
        for (String json : List.of("{\"a\": 1, \"b\": [1, 2.5, NaN, \"x\", null, true], \"c\": {\"a\": 1}}", "[{\"a\": 1}, {\"a\": 2}]",
                "42", "\"text\"", "{a: 'lenient'}", "{\"a\": 1e400}")) {
            assertEquals(JsonParser.parseString(json), StrictJson.parse(json), json);
        }
        assertEquals(JsonNull.INSTANCE, StrictJson.parse(""));
    }

    @Test
    void malformedTextKeepsGsonsMessage() {
        for (String json : List.of("{\"a\": 1", "{\"a\" 1}", "[1, 2", "{} {}")) {
            String gson = assertThrows(JsonSyntaxException.class, () -> JsonParser.parseString(json)).getMessage();
            assertEquals(gson, assertThrows(JsonSyntaxException.class, () -> StrictJson.parse(json)).getMessage(), json);
        }
    }
}
