package rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** CI runs every notebook: environment/test.sh's CHAINS name each notebooks/NN_*.ipynb (a new notebook is not forgotten). */
class NotebooksInCiTest {
    @Test
    void everyNotebookIsInACiChain() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Matcher m = Pattern.compile("(?m)^CHAINS=\\(([^)]*)\\)").matcher(Files.readString(root.resolve("environment/test.sh")));
        assertTrue(m.find(), "environment/test.sh defines CHAINS=(...)");
        TreeSet<String> chained = new TreeSet<>();
        for (String chain : m.group(1).trim().split("\\s+")) {
            chained.addAll(java.util.List.of(chain.split("-")));
        }
        TreeSet<String> notebooks = new TreeSet<>();
        try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d_.*\\.ipynb"))
                    .forEach(n -> notebooks.add(n.substring(0, 2)));
        }
        assertEquals(notebooks, chained, "environment/test.sh's CHAINS must name every notebook once");
    }
}
