package rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule of README's architecture section: every use of another rrl package points down the layers
 * (same layer allowed). Reads the main sources' code with comments and strings removed, so a Javadoc link
 * does not count and an import or a fully qualified name does.
 */
class LayeringTest {
    /** Top to bottom. */
    static final List<List<String>> LAYERS = List.of(
            List.of("cli", "notebook", "bench"),
            List.of("report"),
            List.of("experiment"),
            List.of("finetune"),
            List.of("train"),
            List.of("eval"),
            List.of("attack", "nd4j"),
            List.of("corrupt"),
            List.of("algo"),
            List.of("replay", "data", "rollout", "results"),
            List.of("policy"),
            List.of("nn", "env", "render"),
            List.of("mujoco", "parallel", "checkpoint", "io", "random", "progress", "guard", "stats"));

    private static final Pattern USE = Pattern.compile("\\brrl\\.([a-z0-9]+)\\.");

    @Test
    void importsPointDownTheLayers() throws IOException {
        Path root = Path.of("src/main/java/rrl");
        List<String> violations = new ArrayList<>();
        TreeSet<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = root.relativize(f).getName(0).toString();
                String code = stripCommentsAndStrings(Files.readString(f));
                Matcher m = USE.matcher(code);
                while (m.find()) {
                    String used = m.group(1);
                    if (used.equals(pkg)) {
                        continue;
                    }
                    Integer from = layer(pkg);
                    Integer to = layer(used);
                    if (from == null) {
                        unknown.add(pkg);
                    } else if (to == null) {
                        unknown.add(used);
                    } else if (to < from) {
                        violations.add(root.relativize(f) + " uses rrl." + used + " (layer " + to + " above " + from + ")");
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "packages missing from LAYERS (add them where they belong): " + unknown);
        assertEquals(List.of(), violations.stream().distinct().toList());
    }

    private static Integer layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return null;
    }

    static String stripCommentsAndStrings(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    @Test
    void theStripperKeepsCodeAndDropsComments() {
        String code = stripCommentsAndStrings("import rrl.a.B; /** {@link rrl.c.D} */ x = \"rrl.e.F\"; // rrl.g.H\n");
        assertTrue(code.contains("rrl.a.B") && !code.contains("rrl.c.") && !code.contains("rrl.e.") && !code.contains("rrl.g."), code);
    }
}
