package dev.tidepool.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.tidepool.cli.fixture.ReachingIntoTheEngine;
import dev.tidepool.core.fixture.CoreReachingUp;
import dev.tidepool.fixture.api.ImplementsInternal;
import dev.tidepool.fixture.api.PublicInternalField;
import dev.tidepool.fixture.api.ReturnsInternal;
import dev.tidepool.fixture.api.internal.Hidden;
import dev.tidepool.fixture.cycle.left.Left;
import dev.tidepool.fixture.cycle.right.Right;
import dev.tidepool.fixture.nested.Api;
import dev.tidepool.fixture.nested.internal.Impl;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link LayeringTest} rejects a class that breaks it: the fixtures in this module's
 * test sources (dev.tidepool.core.fixture, dev.tidepool.cli.fixture, dev.tidepool.fixture) are bad
 * on purpose, and the production import of LayeringTest leaves test classes out.
 */
class RulesCanFailTest {

    @Test
    void aCoreClassThatUsesTheJdbcLayerBreaksTheCoreRule() {
        assertViolated(Rules.coreDependsOnlyOnTheJdk(), classes(CoreReachingUp.class), "CoreReachingUp", "TidepoolConfig");
    }

    @Test
    void aClassOutsideCoreThatUsesCoreInternalsBreaksTheInternalRule() {
        ArchRule rule = Rules.internalsStayInTheirModule(new CodeSources(), LayeringTest.UNDECLARED);
        assertViolated(rule, classes(ReachingIntoTheEngine.class), "ReachingIntoTheEngine", "dev.tidepool.core.internal");
    }

    @Test
    void twoSiblingPackagesThatUseEachOtherBreakTheCycleRule() {
        assertViolated(Rules.noPackageCycles("dev.tidepool.fixture"), classes(Left.class, Right.class), "cycle.left", "cycle.right");
    }

    @Test
    void anApiPackageAndItsImplementationMayUseEachOther() {
        Rules.noPackageCycles("dev.tidepool.fixture").check(classes(Api.class, Impl.class));
    }

    @Test
    void anApiMethodReturningAnInternalTypeBreaksTheApiRule() {
        ArchRule signatures = Rules.apiHidesInternals(Set.of("dev.tidepool.fixture.api"))[0];
        assertViolated(signatures, classes(ReturnsInternal.class, Hidden.class), "hidden()", "returns " + Hidden.class.getName());
    }

    @Test
    void aPublicApiFieldOfAnInternalTypeBreaksTheApiRule() {
        ArchRule fields = Rules.apiHidesInternals(Set.of("dev.tidepool.fixture.api"))[1];
        assertViolated(fields, classes(PublicInternalField.class, Hidden.class), "PublicInternalField.hidden");
    }

    @Test
    void anApiClassWithAnInternalSupertypeBreaksTheApiRule() {
        ArchRule supertypes = Rules.apiHidesInternals(Set.of("dev.tidepool.fixture.api"))[2];
        assertViolated(supertypes, classes(ImplementsInternal.class, Hidden.class), "ImplementsInternal implements");
    }

    private static JavaClasses classes(Class<?>... fixtures) {
        return new ClassFileImporter().importClasses(fixtures);
    }

    private static void assertViolated(ArchRule rule, JavaClasses classes, String... mentioned) {
        AssertionError error = assertThrows(AssertionError.class, () -> rule.check(classes));
        for (String m : mentioned) {
            assertTrue(error.getMessage().contains(m), "the violation names " + m + ":\n" + error.getMessage());
        }
    }
}
