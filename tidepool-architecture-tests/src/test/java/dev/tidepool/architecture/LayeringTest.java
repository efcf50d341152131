package dev.tidepool.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of docs/architecture.md holds for the production classes of every Tidepool module on
 * this module's test class path (see its pom): core depends on nothing, internal packages stay home
 * unless a module-info exports them, no package cycles, the API shows no internal type.
 */
class LayeringTest {

    /**
     * Uses of internal packages by modules that have no module-info, so no export can name them:
     * none today (every module that uses another's internals has a descriptor and a qualified export).
     */
    static final Map<String, Set<String>> UNDECLARED = Map.of();

    private static JavaClasses tidepool;
    private static final CodeSources SOURCES = new CodeSources();

    @BeforeAll
    static void importProductionClasses() {
        tidepool = new ClassFileImporter()
                // Not DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and builds here may use
                // -Dtidepool.out=target-NAME. Leaves out this module's bad fixtures too.
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("dev.tidepool");
    }

    @Test
    void theImportSeesEveryModuleOnTheClassPath() {
        Set<String> modules = new TreeSet<>();
        for (JavaClass c : tidepool) {
            modules.add(c.getPackageName().split("\\.")[2]);
        }
        assertTrue(modules.containsAll(Set.of("core", "jdbc", "testkit", "cli", "micrometer", "spring", "dashboard")), "imported " + modules);
    }

    @Test
    void coreDependsOnNothingButTheJdk() {
        Rules.coreDependsOnlyOnTheJdk().check(tidepool);
    }

    @Test
    void internalPackagesAreUsedOnlyByTheirModuleOrWhereItsModuleInfoExportsThem() {
        Rules.internalsStayInTheirModule(SOURCES, UNDECLARED).check(tidepool);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        Rules.noPackageCycles("dev.tidepool").check(tidepool);
    }

    @Test
    void theApiPackagesNameNoInternalTypeInWhatTheyExpose() {
        Set<String> api = new TreeSet<>();
        for (JavaClass c : tidepool) {
            api.addAll(SOURCES.of(c).apiPackages());
        }
        assertTrue(api.containsAll(Set.of("dev.tidepool.core", "dev.tidepool.jdbc")), "API packages " + api);
        for (ArchRule rule : Rules.apiHidesInternals(api)) {
            rule.check(tidepool);
        }
    }
}
