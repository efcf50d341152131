package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * tidepool-bom has no parent (so it hands on no test dependencies): this keeps it in step with the
 * build, its version and every published module of the reactor (issue 10).
 */
class BomTest {

    /** Built but not published. */
    private static final Set<String> UNPUBLISHED = Set.of("tidepool-benchmarks", "tidepool-bom",
            "tidepool-spring-boot3-tests", "tidepool-architecture-tests");

    @Test
    void theBomHasTheParentsVersionAndEveryPublishedModule() throws Exception {
        Path root = ReadmeTest.repositoryRoot();
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("tidepool-bom/pom.xml"));
        assertEquals(firstVersion(parent), firstVersion(bom), "tidepool-bom's version");

        Set<String> managed = new TreeSet<>(all(bom, "<artifactId>(tidepool-[^<]+)</artifactId>"));
        List<String> missing = new ArrayList<>();
        for (String module : all(parent, "<module>([^<]+)</module>")) {
            String artifactId = module.substring(module.lastIndexOf('/') + 1);
            if (module.startsWith("examples/")) {
                continue; // example applications are not published
            }
            if (!UNPUBLISHED.contains(artifactId) && !managed.contains(artifactId)) {
                missing.add(artifactId);
            }
        }
        assertEquals(List.of(), missing, "published modules missing from tidepool-bom");
        assertTrue(managed.containsAll(Set.of("tidepool-core", "tidepool-jdbc", "tidepool-micrometer",
                "tidepool-spring-boot-starter", "tidepool-dashboard")), managed.toString());
    }

    /** The project's own version: the first <version> after its artifactId. */
    private static String firstVersion(String pom) {
        Matcher m = Pattern.compile("<artifactId>tidepool-(?:parent|bom)</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "no version in " + pom.substring(0, Math.min(200, pom.length())));
        return m.group(1);
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
