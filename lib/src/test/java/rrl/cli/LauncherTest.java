package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/rrl}'s build-and-launch logic, run by bash on a copy of the script in a scratch project whose
 * {@code mvn} and {@code java} are small scripts on the PATH (the real ones would take a minute per build): rrl
 * commands started together build once, and a command runs from a snapshot of the class path, so a later build
 * (which Maven writes in place) cannot change the jar under a running JVM.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    private static final Path PROJECT = Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();

    private Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A scratch project: bin/rrl, stale sources, and fake mvn (slow, counts its builds) and java (prints -cp). */
    private Path project() throws IOException {
        Path root = tmp.resolve("project");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/src/main/java"));
        Files.createDirectories(root.resolve("lib/target/classpath"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("lib/pom.xml"), "<project/>");
        Files.writeString(root.resolve("lib/target/classpath/dependency.jar"), "dependency");
        executable(root.resolve("bin/rrl"), Files.readString(PROJECT.resolve("bin/rrl")));
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        // the build takes a second, so commands started together overlap it; each build appends a line
        executable(tools.resolve("mvn"), "#!/usr/bin/env bash\nsleep 1\necho build >> \"" + tmp.resolve("builds.txt")
                + "\"\nprintf 'jar %s' \"$(date +%s%N)\" > lib/target/classpath/rrl-lib.jar\n");
        executable(tools.resolve("java"), "#!/usr/bin/env bash\nwhile [[ $# -gt 0 ]]; do [[ $1 == -cp ]] && { echo \"$2\"; "
                + "exit 0; }; shift; done\n");
        Files.writeString(root.resolve("lib/src/main/java/A.java"), "class A {}");
        return root;
    }

    private Process start(Path root) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/rrl").toString(), "--version");
        pb.environment().put("PATH", tmp.resolve("tools") + ":" + System.getenv("PATH"));
        return pb.redirectErrorStream(false).start();
    }

    private static String out(Process p) throws Exception {
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return s;
    }

    @Test
    void commandsStartedTogetherBuildOnceAndRunFromASnapshot() throws Exception {
        Path root = project();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(start(root));
        }
        List<String> classPaths = new ArrayList<>();
        for (Process p : ps) {
            classPaths.add(out(p));
        }
        assertEquals(1, Files.readAllLines(tmp.resolve("builds.txt")).size(), "three commands, one build");
        assertEquals(1, classPaths.stream().distinct().count(), classPaths.toString());
        String cp = classPaths.get(0);
        assertTrue(cp.startsWith(root.resolve("lib/target/run/classpath-").toString()) && cp.endsWith("/*"), cp);
        Path snapshot = Path.of(cp.substring(0, cp.length() - 2));
        Path built = root.resolve("lib/target/classpath/rrl-lib.jar");
        String before = Files.readString(snapshot.resolve("rrl-lib.jar"));
        assertEquals(Files.readString(built), before);
        assertEquals("dependency", Files.readString(snapshot.resolve("dependency.jar")));

        // an edit and the next command's build rewrite target/classpath in place: the running command's jar stays
        Thread.sleep(20);
        Files.writeString(root.resolve("lib/src/main/java/A.java"), "class A { int x; }");
        String next = out(start(root));
        assertEquals(2, Files.readAllLines(tmp.resolve("builds.txt")).size());
        assertNotEquals(cp, next);
        assertEquals(before, Files.readString(snapshot.resolve("rrl-lib.jar")), "the first snapshot's jar changed");
        assertNotEquals(before, Files.readString(built));
    }

    @Test
    void aFailedBuildIsOneClearLineAndExit2() throws Exception {
        Path root = project();
        executable(tmp.resolve("tools/mvn"), "#!/usr/bin/env bash\necho '[ERROR] COMPILATION ERROR' >&2\nexit 1\n");
        Process p = start(root);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(err.contains("rrl: build failed (Maven's messages are above)"), err);
    }
}
