package dev.tidepool.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Manifest;

/**
 * Where a class was loaded from (a module's jar or classes folder) and what that module declares:
 * its name and its exports, read from its own {@code module-info.class} (or the jar manifest's
 * {@code Automatic-Module-Name}). The rules ask this instead of naming modules, so a module added
 * to the class path, or an export added or removed in a module-info, needs no edit here.
 */
final class CodeSources {

    /** What one class-path root declares; {@code name} is null for an unnamed root (test classes). */
    record Declared(String root, String name, ModuleDescriptor descriptor) {

        /** True if a class loaded from {@code user} may use {@code pkg} of this module. */
        boolean lets(Declared user, String pkg) {
            if (user.root.equals(root)) {
                return true;
            }
            if (descriptor == null) {
                return true; // an automatic or unnamed module exports everything
            }
            return descriptor.exports().stream().anyMatch(e -> e.source().equals(pkg)
                    && (!e.isQualified() || (user.name != null && e.targets().contains(user.name))));
        }

        /** The packages this module exports to everyone: its public API. */
        Set<String> apiPackages() {
            return descriptor == null ? Set.of() : descriptor.exports().stream()
                    .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    private final Map<String, Declared> byRoot = new ConcurrentHashMap<>();

    Declared of(JavaClass javaClass) {
        String uri = javaClass.getSource().map(s -> s.getUri().toString())
                .orElseThrow(() -> new IllegalStateException("no code source for " + javaClass.getName()));
        String resource = javaClass.getName().replace('.', '/') + ".class";
        if (!uri.endsWith(resource)) {
            throw new IllegalStateException("unexpected code source " + uri + " for " + javaClass.getName());
        }
        String root = uri.substring(0, uri.length() - resource.length());
        return byRoot.computeIfAbsent(root, CodeSources::read);
    }

    private static Declared read(String root) {
        Optional<ModuleDescriptor> descriptor = open(root, "module-info.class", ModuleDescriptor::read);
        if (descriptor.isPresent()) {
            return new Declared(root, descriptor.get().name(), descriptor.get());
        }
        String automatic = open(root, "META-INF/MANIFEST.MF", in -> new Manifest(in).getMainAttributes()
                .getValue("Automatic-Module-Name")).orElse(null);
        return new Declared(root, automatic, null);
    }

    private interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> Optional<T> open(String root, String file, Reader<T> reader) {
        try (InputStream in = URI.create(root + file).toURL().openStream()) {
            return Optional.ofNullable(reader.read(in));
        } catch (IOException e) {
            return Optional.empty(); // no such file in this root
        }
    }
}
