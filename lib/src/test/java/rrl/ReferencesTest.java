package rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository cites only what its reader can open: the papers (arXiv id, section, table, equation), public
 * code (repository and file) and its own documents, {@code notebooks/references.md} and
 * {@code notebooks/our-reading.md}. Checks, over the repository this module sits in:
 * <ol>
 *   <li>no file under {@code lib/src}, no file under {@code notebooks/} other than the {@code .ipynb} sources,
 *       and not the README names a team document kept outside the repository ({@link #OUTSIDE});</li>
 *   <li>every main class whose source says "our reading" is named (fully qualified) in
 *       {@code notebooks/our-reading.md}, and every pointer {@code notebooks/NAME.md#anchor} in the main
 *       sources and resources reaches an existing file and anchor;</li>
 *   <li>every relative link in the README and in {@code notebooks/*.md} reaches a file inside the repository
 *       (and, for a {@code .md} target with {@code #anchor}, that anchor);</li>
 *   <li>every {@code rrl.pkg.Class} named in {@code notebooks/*.md} exists.</li>
 * </ol>
 * {@link #theChecksFindWhatTheyLookFor} runs each check on a small made-up repository with one fault of each
 * kind, so the checks are known to fail when they should.
 */
class ReferencesTest {
    /** The repository: Maven runs the tests in {@code lib/}. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * Names of the team's documents outside the repository. Built from pieces so that this file, which is under
     * lib/src too, does not contain them.
     */
    static final List<String> OUTSIDE = List.of(".." + "/shared", "shared" + "/spec", "shared" + "/seeds",
            "protocol" + ".md", "environments" + ".md", "related-methods" + ".md", "architecture" + ".md",
            "design" + ".md");

    private static final Pattern OUR_READING = Pattern.compile("our reading", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOC_POINTER = Pattern.compile("notebooks/([A-Za-z0-9_.-]+\\.md)(?:#([A-Za-z0-9_-]+))?");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CLASS_NAME = Pattern.compile("\\brrl((?:\\.[a-z][a-z0-9]*)+)\\.([A-Z][A-Za-z0-9]*)");
    private static final Pattern ANCHOR_TAG = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void nothingCitesFilesOutsideTheRepository() {
        List<String> found = outsideReferences(ROOT, checkedFiles(ROOT));
        assertEquals(List.of(), found, "cite the papers (arXiv id, section, table, equation), public code "
                + "(repository and file) or notebooks/references.md and notebooks/our-reading.md instead");
    }

    /** The same check on the notebooks' sources (markdown and code cells alike). */
    @Test
    void notebookSourcesCiteNothingOutsideTheRepository() {
        List<String> found = outsideReferences(ROOT, files(ROOT.resolve("notebooks"), p -> p.toString().endsWith(".ipynb")));
        assertEquals(List.of(), found, "cite notebooks/references.md or notebooks/our-reading.md instead");
    }

    @Test
    void everyOurReadingIsListedAndItsPointersResolve() {
        List<String> found = new ArrayList<>(unlistedOurReadings(ROOT));
        found.addAll(brokenDocPointers(ROOT));
        assertEquals(List.of(), found, "name the class in notebooks/our-reading.md and point at an existing "
                + "notebooks/*.md file and anchor");
    }

    @Test
    void relativeLinksInTheDocsResolve() {
        assertEquals(List.of(), brokenLinks(ROOT));
    }

    @Test
    void classesNamedInTheDocsExist() {
        assertEquals(List.of(), unknownClasses(ROOT));
    }

    @Test
    void theRepositoryHasTheDocuments() {
        assertTrue(Files.isRegularFile(ROOT.resolve("README.md")), "tests must run in lib/ of the repository");
        assertTrue(Files.isRegularFile(ROOT.resolve("notebooks/references.md")));
        assertTrue(Files.isRegularFile(ROOT.resolve("notebooks/our-reading.md")));
        assertTrue(checkedFiles(ROOT).size() > 100, "the scan found too few files to be looking in the right place");
    }

    /** One fault of each kind in a made-up repository: every check reports it. */
    @Test
    void theChecksFindWhatTheyLookFor(@TempDir Path root) throws IOException {
        Path pkg = Files.createDirectories(root.resolve("lib/src/main/java/rrl/demo"));
        Files.createDirectories(root.resolve("notebooks"));
        Files.writeString(pkg.resolve("Listed.java"), "/** A choice [our reading] (notebooks/our-reading.md#listed). */\n"
                + "class Listed {}\n");
        Files.writeString(pkg.resolve("Unlisted.java"), "/** Our reading of something (notebooks/our-reading.md#gone). */\n"
                + "class Unlisted {}\n");
        Files.writeString(pkg.resolve("Cites.java"), "// see " + OUTSIDE.get(3) + " section 2\nclass Cites {}\n");
        Files.writeString(root.resolve("notebooks/our-reading.md"), "<a id=\"listed\"></a>\n### Listed\n"
                + "`rrl.demo.Listed`, also `rrl.demo.Missing`; see [Listed](#listed), [nothing](#nowhere).\n");
        Files.writeString(root.resolve("README.md"), "# Title\nSee [the reading](notebooks/our-reading.md#listed), "
                + "[a lost file](notebooks/lost.md), [outside](../../elsewhere/x.md), [web](https://arxiv.org) and "
                + OUTSIDE.get(0) + "/notes.\n```\nnot a [link](in-code.md)\n```\n");

        assertEquals(List.of("README.md:2: " + OUTSIDE.get(0), "lib/src/main/java/rrl/demo/Cites.java:1: " + OUTSIDE.get(3)),
                outsideReferences(root, checkedFiles(root)));
        assertEquals(List.of("lib/src/main/java/rrl/demo/Unlisted.java says \"our reading\" but "
                + "notebooks/our-reading.md does not name rrl.demo.Unlisted"), unlistedOurReadings(root));
        assertEquals(List.of("lib/src/main/java/rrl/demo/Unlisted.java: notebooks/our-reading.md#gone (no such anchor)"),
                brokenDocPointers(root));
        assertEquals(List.of("README.md: notebooks/lost.md (no such file)", "README.md: ../../elsewhere/x.md (outside "
                + "the repository)", "notebooks/our-reading.md: #nowhere (no such anchor)"), brokenLinks(root));
        assertEquals(List.of("notebooks/our-reading.md: rrl.demo.Missing"), unknownClasses(root));
        assertEquals(Set.of("title"), anchors("# Title\n"));
        assertEquals(Set.of("paper-2-robustness-arxiv-241218781", "x"),
                anchors("<a id=\"x\"></a>\n## Paper 2: robustness (arXiv 2412.18781)\n"));
    }

    /** lib/src, the README and every file under notebooks/ except the .ipynb sources. */
    static List<Path> checkedFiles(Path root) {
        List<Path> out = new ArrayList<>(files(root.resolve("lib/src"), p -> true));
        out.addAll(files(root.resolve("notebooks"), p -> !p.toString().endsWith(".ipynb")));
        if (Files.isRegularFile(root.resolve("README.md"))) {
            out.add(root.resolve("README.md"));
        }
        return out;
    }

    /** "path:line: name" for every mention of a document in {@link #OUTSIDE}. */
    static List<String> outsideReferences(Path root, List<Path> files) {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            String[] lines = read(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String name : OUTSIDE) {
                    if (lines[i].contains(name)) {
                        out.add(rel(root, f) + ":" + (i + 1) + ": " + name);
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Main classes whose source says "our reading" but are not named in notebooks/our-reading.md. */
    static List<String> unlistedOurReadings(Path root) {
        String doc = read(root.resolve("notebooks/our-reading.md"));
        List<String> out = new ArrayList<>();
        for (Path f : files(root.resolve("lib/src/main/java"), p -> p.toString().endsWith(".java"))) {
            if (OUR_READING.matcher(read(f)).find()) {
                String name = root.resolve("lib/src/main/java").relativize(f).toString()
                        .replaceAll("\\.java$", "").replace('/', '.');
                if (!Pattern.compile(Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(doc).find()) {
                    out.add(rel(root, f) + " says \"our reading\" but notebooks/our-reading.md does not name " + name);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Pointers notebooks/NAME.md#anchor in lib/src/main whose file or anchor does not exist. */
    static List<String> brokenDocPointers(Path root) {
        List<String> out = new ArrayList<>();
        for (Path f : files(root.resolve("lib/src/main"), p -> true)) {
            Matcher m = DOC_POINTER.matcher(read(f));
            while (m.find()) {
                Path target = root.resolve("notebooks").resolve(m.group(1));
                if (!Files.isRegularFile(target)) {
                    out.add(rel(root, f) + ": " + m.group() + " (no such file)");
                } else if (m.group(2) != null && !anchors(read(target)).contains(m.group(2))) {
                    out.add(rel(root, f) + ": " + m.group() + " (no such anchor)");
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Relative links in README.md and notebooks/*.md that leave the repository or reach nothing. */
    static List<String> brokenLinks(Path root) {
        List<Path> docs = new ArrayList<>(files(root.resolve("notebooks"),
                p -> p.getParent().equals(root.resolve("notebooks")) && p.toString().endsWith(".md")));
        docs.add(0, root.resolve("README.md"));
        List<String> out = new ArrayList<>();
        for (Path doc : docs) {
            String text = read(doc);
            Matcher m = LINK.matcher(withoutCode(text));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!target.startsWith(root)) {
                    out.add(rel(root, doc) + ": " + link + " (outside the repository)");
                } else if (!Files.exists(target)) {
                    out.add(rel(root, doc) + ": " + link + " (no such file)");
                } else if (anchor != null && target.toString().endsWith(".md") && !anchors(read(target)).contains(anchor)) {
                    out.add(rel(root, doc) + ": " + link + " (no such anchor)");
                }
            }
        }
        return out;
    }

    /** rrl.pkg.Class names in notebooks/*.md with no source file. */
    static List<String> unknownClasses(Path root) {
        Set<String> out = new LinkedHashSet<>();
        for (Path doc : files(root.resolve("notebooks"),
                p -> p.getParent().equals(root.resolve("notebooks")) && p.toString().endsWith(".md"))) {
            Matcher m = CLASS_NAME.matcher(read(doc));
            while (m.find()) {
                Path source = root.resolve("lib/src/main/java/rrl" + m.group(1).replace('.', '/') + "/" + m.group(2) + ".java");
                if (!Files.isRegularFile(source)) {
                    out.add(rel(root, doc) + ": " + m.group());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Anchors of a Markdown text: explicit {@code <a id>} / {@code <a name>} and GitHub's heading slugs. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        Matcher a = ANCHOR_TAG.matcher(markdown);
        while (a.find()) {
            out.add(a.group(1));
        }
        Matcher h = HEADING.matcher(markdown.replaceAll("(?s)```.*?```", ""));
        while (h.find()) {
            String text = h.group(1).replaceAll("<[^>]*>", "").replace("`", "");
            out.add(text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return out;
    }

    /** The text without fenced code blocks and inline code spans (links there are not links). */
    static String withoutCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    }

    static List<Path> files(Path dir, Predicate<Path> keep) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any file as text (malformed UTF-8, e.g. in binary resources, becomes U+FFFD rather than an error). */
    static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rel(Path root, Path f) {
        return root.relativize(f).toString();
    }
}
