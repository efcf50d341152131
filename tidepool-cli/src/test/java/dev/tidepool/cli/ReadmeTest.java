package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.jdbc.TidepoolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README stays true: its example is the tested one, and its config table lists every key. */
class ReadmeTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*) \\|.*$");

    @Test
    void readmeShowsExactlyTheTestedUsageExample() throws IOException {
        String example = String.join("\n", testedExampleLines()) + "\n";
        String readme = read(repositoryRoot().resolve("README.md"));
        assertTrue(readme.contains("```java\n" + example + "```\n"),
                "README.md must contain this block, copied from ReadmeExampleTest:\n```java\n" + example + "```");
    }

    @Test
    void readmeConfigTableListsEveryKeyWithItsDefault() throws IOException {
        Map<String, String> rows = configRows(read(repositoryRoot().resolve("README.md")));
        List<String> problems = new ArrayList<>();
        for (String key : TidepoolConfig.keys()) {
            String shown = rows.get(key);
            if (shown == null) {
                problems.add("missing row for `" + key + "` (default " + TidepoolConfig.defaultOf(key) + ")");
            } else if (!shown.equals(TidepoolConfig.defaultOf(key))) {
                problems.add("`" + key + "` shows default '" + shown + "' but the code says '"
                        + TidepoolConfig.defaultOf(key) + "'");
            }
        }
        for (String key : rows.keySet()) {
            if (!TidepoolConfig.keys().contains(key)) {
                problems.add("row for `" + key + "`, which is not a key of TidepoolConfig");
            }
        }
        if (!problems.isEmpty()) {
            fail("README.md's configuration table is out of date:\n  " + String.join("\n  ", problems));
        }
    }

    /** Issue 15: TidepoolConfig's Javadoc pointed to a "design table" that is not in the repository. */
    @Test
    void theApiDocumentationPointsToTheReadmeTableNotToADesignOutsideTheRepository() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (var files = Files.walk(repositoryRoot())) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))::iterator) {
                String text = read(p).toLowerCase(java.util.Locale.ROOT);
                if (text.contains("design table") || text.contains("design's table") || text.contains("design.md")) {
                    offenders.add(repositoryRoot().relativize(p).toString());
                }
            }
        }
        assertEquals(List.of(), offenders, "main sources referring to a design document outside the repository");
        String config = read(repositoryRoot().resolve("tidepool-jdbc/src/main/java/dev/tidepool/jdbc/TidepoolConfig.java"));
        assertTrue(config.contains("configuration table of the README"), "TidepoolConfig points to the README table");
        assertTrue(read(repositoryRoot().resolve("README.md")).contains("\n## Configuration\n"), "the README has that table");
    }

    @Test
    void configRowsAreReadFromTheConfigurationSectionOnly() {
        String text = "| `x` | 1 | not config |\n## Configuration\n| key | default | meaning |\n|---|---|---|\n"
                + "| `maxSize` | `10` | most |\n| `minIdle` | `= maxSize` | idle |\n## Next\n| `y` | 2 | no |\n";
        assertEquals(Map.of("maxSize", "10", "minIdle", "= maxSize"), configRows(text));
    }

    /** Rows {@code | `key` | default | meaning |} of the "## Configuration" section; backticks dropped from the default. */
    static Map<String, String> configRows(String readme) {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : readme.split("\n", -1)) {
            if (line.startsWith("## ")) {
                inSection = line.strip().equals("## Configuration");
                continue;
            }
            Matcher m = TABLE_ROW.matcher(line);
            if (inSection && m.matches()) {
                rows.put(m.group(1), m.group(2).replace("`", "").strip());
            }
        }
        return rows;
    }

    /** The lines between the markers in ReadmeExampleTest, without their common indentation. */
    private static List<String> testedExampleLines() throws IOException {
        Path source = repositoryRoot().resolve("tidepool-cli/src/test/java/dev/tidepool/cli/ReadmeExampleTest.java");
        List<String> lines = Files.readAllLines(source);
        int start = indexOf(lines, "// README example start");
        int end = indexOf(lines, "// README example end");
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : body) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return out;
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker '" + marker + "' not found in ReadmeExampleTest.java");
    }

    /** The checkout's root: the nearest folder up from the working directory that has README.md and tidepool-cli. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("tidepool-cli"))) {
                return p;
            }
        }
        throw new AssertionError("no README.md with a tidepool-cli folder beside it above " + dir);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).replace("\r\n", "\n");
    }
}
