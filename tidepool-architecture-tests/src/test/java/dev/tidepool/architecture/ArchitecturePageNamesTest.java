package dev.tidepool.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md sends a reader to files by name ("Class names are the files to open"), so
 * every {@code `Class`} and {@code `Class.member`} it names must exist in the production classes:
 * when a class is renamed or a method moves (as the engine split moved most of {@code SubPool}'s),
 * this test names the stale mention. Test classes and benchmarks the page names (there is no
 * production class of that name) are looked up as source files of the tree instead.
 */
class ArchitecturePageNamesTest {
    private static final Path PAGE = Path.of("..", "docs", "architecture.md");
    /**
     * A code span that names a Tidepool type: an optional package hint ({@code core.internal.},
     * {@code diagnosis.}), a capitalised simple name, and optionally one member after a dot.
     */
    private static final Pattern NAME = Pattern.compile("`((?:[a-z]+\\.)*)([A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?`");
    /** Names the page uses that are not Tidepool's: the JDK's and Spring Boot's. */
    private static final Set<String> OUTSIDE = Set.of("Duration", "System", "SQLException", "SQLTransientConnectionException",
            "SQLNonTransientConnectionException", "FailureAnalyzer", "DataSource", "Connection", "Properties");

    private static final Map<String, List<JavaClass>> BY_SIMPLE_NAME = new HashMap<>();
    /** Every .java file of the tree by its class name (tests, benchmarks), with its text. */
    private static final Map<String, String> SOURCES_BY_NAME = new HashMap<>();

    @BeforeAll
    static void importProductionClasses() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("dev.tidepool");
        for (JavaClass c : classes) {
            BY_SIMPLE_NAME.computeIfAbsent(c.getSimpleName(), k -> new ArrayList<>()).add(c);
        }
    }

    @BeforeAll
    static void readTheTreesSources() throws IOException {
        try (Stream<Path> files = Files.walk(PAGE.getParent().getParent())) {
            for (Path f : (Iterable<Path>) files.filter(ArchitecturePageNamesTest::isSource)::iterator) {
                SOURCES_BY_NAME.put(f.getFileName().toString().replace(".java", ""), Files.readString(f));
            }
        }
    }

    /** A .java file of the project: not under a build output, a dependency folder or git. */
    private static boolean isSource(Path f) {
        if (!f.toString().endsWith(".java")) {
            return false;
        }
        for (Path part : f) {
            String name = part.toString();
            if (name.startsWith("target") || name.equals("node_modules") || name.equals(".git")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyClassAndMemberThePageNamesExists() throws IOException {
        String page = Files.readString(PAGE);
        List<String> stale = new ArrayList<>();
        Set<String> checked = new HashSet<>();
        Matcher m = NAME.matcher(page);
        while (m.find()) {
            String type = m.group(2);
            String member = m.group(3);
            if (!checked.add(m.group()) || OUTSIDE.contains(type) || isConstant(type)) {
                continue;
            }
            List<JavaClass> candidates = BY_SIMPLE_NAME.getOrDefault(type, List.of());
            if (candidates.isEmpty()) {
                String source = SOURCES_BY_NAME.get(type);
                if (source == null) {
                    stale.add(m.group() + ": no class " + type + " in the tree");
                } else if (member != null && !Pattern.compile("\\b" + member + "\\b").matcher(source).find()) {
                    stale.add(m.group() + ": " + type + ".java has no " + member);
                }
            } else if (member != null && candidates.stream().noneMatch(c -> hasMember(c, member))) {
                stale.add(m.group() + ": " + type + " has no member " + member);
            }
        }
        assertEquals(List.of(), stale, "docs/architecture.md names what the code no longer has");
        assertTrue(checked.size() > 100, "the page should name many classes; read " + checked.size());
    }

    /** {@code RESET_FAILED}, {@code DEFAULT_MAX_SIZE}: a constant, looked up below as a member instead. */
    private static boolean isConstant(String token) {
        return token.length() > 1 && token.equals(token.toUpperCase()) && token.chars().anyMatch(ch -> ch == '_' || Character.isLetter(ch))
                && constantExists(token);
    }

    private static boolean constantExists(String token) {
        return BY_SIMPLE_NAME.values().stream().flatMap(List::stream).anyMatch(c -> hasMember(c, token));
    }

    private static boolean hasMember(JavaClass c, String name) {
        for (JavaMember member : c.getAllMembers()) {
            if (member.getName().equals(name)) {
                return true;
            }
        }
        // an enum constant, a nested type (Builder, Input) or a record component reads as a member too
        return BY_SIMPLE_NAME.getOrDefault(name, List.of()).stream()
                .anyMatch(nested -> nested.getEnclosingClass().map(c::equals).orElse(false));
    }
}
