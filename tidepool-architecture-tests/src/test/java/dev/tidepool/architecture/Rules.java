package dev.tidepool.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The layering rules of docs/architecture.md, written once so that {@code LayeringTest} applies them
 * to the real modules and {@code RulesCanFailTest} to deliberately bad fixtures. None names a module:
 * new {@code dev.tidepool.*} packages are covered as soon as their module is on the test class path.
 */
final class Rules {

    private Rules() {
    }

    /** The generic engine has no arrow to anything: no Tidepool module above it, no library. */
    static ArchRule coreDependsOnlyOnTheJdk() {
        return classes().that().resideInAPackage("dev.tidepool.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.tidepool.core..")
                .because("tidepool-core has zero runtime dependencies and knows no module built on it");
    }

    /**
     * An {@code ..internal..} package is used only by its own module, or by a module its module-info
     * exports it to by name (the table in docs/architecture.md; none of core's). {@code undeclared} lists uses by modules
     * that have no module-info yet and so cannot be named in an export: package prefix of the user to
     * the internal packages it may use.
     */
    static ArchRule internalsStayInTheirModule(CodeSources sources, Map<String, Set<String>> undeclared) {
        return classes().should(new ArchCondition<>("use another module's internal packages only where its module-info exports them") {
            @Override
            public void check(JavaClass user, ConditionEvents events) {
                CodeSources.Declared from = sources.of(user);
                for (Dependency d : user.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    String pkg = target.getPackageName();
                    if (!pkg.startsWith("dev.tidepool.") || !isInternal(pkg) || !target.getSource().isPresent()) {
                        continue;
                    }
                    if (sources.of(target).lets(from, pkg) || allowedUndeclared(undeclared, user, pkg)) {
                        continue;
                    }
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()
                            + " (" + pkg + " is not exported to " + (from.name() == null ? "the unnamed module of " + from.root() : from.name()) + ")"));
                }
            }
        });
    }

    private static boolean allowedUndeclared(Map<String, Set<String>> undeclared, JavaClass user, String pkg) {
        return undeclared.entrySet().stream().anyMatch(e -> (user.getPackageName() + ".").startsWith(e.getKey() + ".")
                && e.getValue().contains(pkg));
    }

    static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    /**
     * Every package of {@code root} is its own slice, and no slices form a cycle, except through a
     * use of an enclosing package: an implementation package may use the API package it implements
     * ({@code jdbc.internal} takes a {@code TidepoolConfig}), a sub-package the package it belongs to
     * ({@code jdbc.internal.cluster} uses {@code jdbc.internal}'s classifiers). Siblings and unrelated
     * packages never reach each other both ways. See docs/architecture.md, "Rules".
     */
    static ArchRule noPackageCycles(String root) {
        return classes().that().resideInAPackage(root + "..").should(new PackageCycles(root, Rules::intoEnclosingPackage))
                .allowEmptyShould(true);
    }

    private static boolean intoEnclosingPackage(Dependency d) {
        String from = d.getOriginClass().getPackageName();
        String to = d.getTargetClass().getBaseComponentType().getPackageName();
        return from.startsWith(to + ".");
    }

    /**
     * What a caller can see of an API package (public and protected members of its public classes)
     * names no internal type: otherwise a user would have to import one to use the API.
     */
    static ArchRule[] apiHidesInternals(Set<String> apiPackages) {
        DescribedPredicate<JavaClass> inApi = DescribedPredicate.describe("in an API package " + apiPackages,
                c -> apiPackages.contains(c.getPackageName()) && c.getModifiers().contains(JavaModifier.PUBLIC));
        Predicate<JavaClass> internal = c -> isInternal(c.getBaseComponentType().getPackageName());
        ArchRule signatures = codeUnits().that().areDeclaredInClassesThat(inApi)
                .should(new ArchCondition<JavaCodeUnit>("name no internal type in their signature") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        if (!unit.getModifiers().contains(JavaModifier.PUBLIC)
                                && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
                            return;
                        }
                        unit.getReturnType().getAllInvolvedRawTypes().stream().filter(internal).forEach(t -> events.add(
                                SimpleConditionEvent.violated(unit, unit.getFullName() + " returns " + t.getName())));
                        unit.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes().stream().filter(internal).forEach(t -> events.add(
                                SimpleConditionEvent.violated(unit, unit.getFullName() + " takes " + t.getName()))));
                        unit.getExceptionTypes().stream().filter(internal).forEach(t -> events.add(
                                SimpleConditionEvent.violated(unit, unit.getFullName() + " throws " + t.getName())));
                    }
                }).allowEmptyShould(true);
        ArchRule exposedFields = fields().that().areDeclaredInClassesThat(inApi).and().arePublic()
                .should(new ArchCondition<JavaField>("not be of an internal type") {
                    @Override
                    public void check(JavaField field, ConditionEvents events) {
                        field.getType().getAllInvolvedRawTypes().stream().filter(internal).forEach(t -> events.add(
                                SimpleConditionEvent.violated(field, field.getFullName() + " is a " + t.getName())));
                    }
                }).allowEmptyShould(true);
        ArchRule supertypes = classes().that(inApi).should(new ArchCondition<JavaClass>("extend or implement no internal type") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                c.getRawSuperclass().filter(internal).ifPresent(t -> events.add(
                        SimpleConditionEvent.violated(c, c.getName() + " extends " + t.getName())));
                c.getRawInterfaces().stream().filter(internal).forEach(t -> events.add(
                        SimpleConditionEvent.violated(c, c.getName() + " implements " + t.getName())));
            }
        }).allowEmptyShould(true);
        return new ArchRule[] {signatures, exposedFields, supertypes};
    }
}
