package rrl.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rrl notebook kernel for real: JJava started by jupyter_client from the project venv, with the kernelspec
 * {@code environment/kernelspec.py} writes (here on this build's class path) and the start-up script
 * {@code environment/kernel-startup.jsh}. Cells run as a notebook runs them and their outputs are read as a saved
 * notebook keeps them ({@code lib/src/test/python/kernel_probe.py}); no mocks.
 */
class KernelTest {
    private static final String[] CELLS = {
        // 0: a Table as the last expression shows as an HTML table
        "Table.create(\"t\", IntColumn.create(\"a\", 1, 2), StringColumn.create(\"s\", \"x\", \"y\"))",
        // 1: a chart as the last expression shows as a PNG
        "var c = Charts.lineChart(\"c\", \"x\", \"y\");\nc.addSeries(\"s\", new double[] {0, 1}, new double[] {1, 2});\nc",
        // 2: the library's main types with no import line
        "Task t = Environments.task(\"Hopper\");\nAttackConfig a = AttackConfig.paper(\"Hopper\");\n"
            + "RobustnessEvaluation.Spec e = RobustnessEvaluation.of(\"Hopper\");\nList<Path> p = new ArrayList<>();\n"
            + "Executor x = null; Class<?> k = FineTuningStudy.class; Class<?> w = Workspace.class;\n"
            + "Class<?> o = OfflineTraining.class; Class<?> d = D4rlDataset.class; Class<?> v = ActorPolicy.class;\nt",
        // 3: printf arrives in whole lines
        "System.out.printf(\"reward %.1f  terminated %s%n\", 1.5, true);\nprintf(\"[%d/%d] %s: %s%n\", 1, 4, \"run-s0\", \"done\");",
        // 4: a progress bar in a notebook is one output, updated in place
        "try (var bar = new rrl.progress.ProgressBar(\"probe work\", 300, \"items\")) {\n"
            + "    for (int i = 0; i < 300; i++) { bar.step(1); Thread.sleep(2); }\n}",
        // 5: display(...) shows and returns nothing
        "display(Table.create(\"d\", StringColumn.create(\"s\", \"x\")));",
        // 6: a value with an HTML form
        "record Bold(String s) implements HtmlRenderable { public String toHtml() { return \"<b>\" + s + \"</b>\"; } }\n"
            + "new Bold(\"hi\")",
        // 7: a results object prints as a summary, not ActorPolicy@1f2a
        "ShippedPolicies.load(\"Hopper\", \"expert\")",
        // 8: a partial line still arrives, and printf's PrintStream is not echoed as PrintStream@hash
        "System.out.print(\"no newline\");\nSystem.out.printf(\"%n\");",
        // 9: an animation (rrl.render, imported by the start-up) shows as an inline GIF
        "Clip clip = new Clip(\"two frames\");\n"
            + "clip.add(new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_3BYTE_BGR));\n"
            + "clip.add(new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_3BYTE_BGR));\n"
            + "Animation.of(clip, 10)",
    };

    private static List<List<JsonObject>> outputs;
    private static String kernelLog;

    @BeforeAll
    static void runKernel(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();
        Path python = root.resolve(".venv/bin/python");
        assertTrue(Files.isExecutable(python), "the kernel test needs the project venv at " + python
                + " (run environment/setup.sh)");
        Path kernels = dir.resolve("jupyter/kernels/rrl-test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // This build's classes and dependencies (target/classes, not a packaged jar: the test phase runs first).
        run(List.of(python.toString(), root.resolve("environment/kernelspec.py").toString(), "--dir", kernels.toString(),
                "--display-name", "rrl test", "--project", root.toString(), "--java", java, "--jjava-jars", "link",
                "--classpath", System.getProperty("java.class.path")), dir, null);
        Path cells = dir.resolve("cells.json");
        Files.writeString(cells, new Gson().toJson(CELLS));
        Path log = dir.resolve("kernel.log");
        String json = run(List.of(python.toString(), root.resolve("lib/src/test/python/kernel_probe.py").toString(),
                "rrl-test", cells.toString()), dir, log);
        kernelLog = Files.readString(log);
        outputs = new ArrayList<>();
        for (JsonElement cell : new Gson().fromJson(json, JsonArray.class)) {
            List<JsonObject> outs = new ArrayList<>();
            cell.getAsJsonArray().forEach(o -> outs.add(o.getAsJsonObject()));
            outputs.add(outs);
        }
        for (int i = 0; i < outputs.size(); i++) {
            for (JsonObject o : outputs.get(i)) {
                assertFalse(o.get("type").getAsString().equals("error"), "cell " + i + " raised: " + o);
            }
        }
    }

    private static String run(List<String> cmd, Path dir, Path stderr) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        pb.environment().put("RRL_RESULTS_DIR", dir.resolve("results").toString());
        if (stderr != null) {
            pb.redirectError(stderr.toFile());
        } else {
            pb.redirectErrorStream(true);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + cmd);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + text
                + (stderr != null ? Files.readString(stderr) : ""));
        return text;
    }

    private static List<JsonObject> of(int cell, String type) {
        return outputs.get(cell).stream().filter(o -> o.get("type").getAsString().equals(type)).toList();
    }

    private static String data(JsonObject o, String mime) {
        JsonObject d = o.getAsJsonObject("data");
        return d.has(mime) ? d.get(mime).getAsString() : null;
    }

    @Test
    void aTableAsLastExpressionIsAnHtmlTable() {
        List<JsonObject> results = of(0, "execute_result");
        assertEquals(1, results.size(), outputs.get(0).toString());
        String html = data(results.get(0), "text/html");
        assertTrue(html != null && html.contains("<table") && html.contains("text-align:left\">x<"), html);
    }

    @Test
    void aChartAsLastExpressionIsAPng() {
        List<JsonObject> results = of(1, "execute_result");
        assertEquals(1, results.size(), outputs.get(1).toString());
        String png = data(results.get(0), "image/png");
        assertTrue(png != null && png.startsWith("iVBORw0KGgo"), "base64 PNG expected: " + results.get(0));
    }

    @Test
    void anAnimationAsLastExpressionIsAnInlineGif() {
        List<JsonObject> results = of(9, "execute_result");
        assertEquals(1, results.size(), outputs.get(9).toString());
        String html = data(results.get(0), "text/html");
        assertTrue(html != null && html.contains("src=\"data:image/gif;base64,R0lGOD"), "an inline GIF expected: "
                + results.get(0));
        assertTrue(data(results.get(0), "text/plain").startsWith("Animation 1 tile x 2 frames"),
                data(results.get(0), "text/plain"));
    }

    @Test
    void mainTypesNeedNoImportLine() {
        assertEquals("Hopper (Gymnasium Hopper-v4): observation 11, action 3, frame skip 4",
                data(of(2, "execute_result").get(0), "text/plain"));
    }

    @Test
    void printfArrivesInWholeLines() {
        List<JsonObject> streams = of(3, "stream");
        StringBuilder all = new StringBuilder();
        for (JsonObject s : streams) {
            String text = s.get("text").getAsString();
            assertTrue(text.endsWith("\n"), "a stream message that is not whole lines: " + streams);
            all.append(text);
        }
        assertEquals("reward 1.5  terminated true\n[1/4] run-s0: done\n", all.toString());
        assertTrue(streams.size() <= 2, "one message per line at most: " + streams);
        assertEquals(List.of(), of(3, "execute_result"), "JJava's printf returns nothing");
    }

    @Test
    void aProgressBarLeavesOneLine() {
        List<JsonObject> outs = outputs.get(4);
        assertEquals(1, outs.size(), "one output for the whole bar: " + outs);
        String line = data(outs.get(0), "text/plain");
        assertTrue(line.startsWith("probe work [##############################] 300/300 items"), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void displayShowsAndReturnsNothing() {
        assertEquals(1, outputs.get(5).size(), outputs.get(5).toString());
        assertTrue(data(of(5, "display_data").get(0), "text/html").contains("<table"));
    }

    @Test
    void htmlRenderableShowsItsHtml() {
        assertEquals("<b>hi</b>", data(of(6, "execute_result").get(0), "text/html"));
    }

    @Test
    void resultsPrintAsSummaries() {
        String text = data(of(7, "execute_result").get(0), "text/plain");
        assertTrue(text.startsWith("ActorPolicy(Hopper: 11 -> 256 -> 256 -> 2 x 3"), text);
    }

    @Test
    void partialLinesArriveAndPrintStreamsAreNotEchoed() {
        String all = of(8, "stream").stream().map(s -> s.get("text").getAsString()).reduce("", String::concat);
        assertEquals("no newline\n", all);
        for (JsonObject r : of(8, "execute_result")) {
            assertEquals("", data(r, "text/plain"), "PrintStream echoed: " + r);
        }
    }

    @Test
    void theKernelLogHasNoIncubatorNotice() {
        assertFalse(kernelLog.contains("Using incubator modules"), kernelLog);
        assertFalse(kernelLog.contains("rrl.notebook.KernelDisplay: no"), kernelLog);
    }
}
