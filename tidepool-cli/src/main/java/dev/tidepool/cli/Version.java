package dev.tidepool.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version the CLI was built as, from {@code version.properties}, which Maven fills in
 * from the pom when it copies the resources. A resource rather than the jar manifest, so that it is
 * also there when the classes run from {@code target/classes} (tests, IDEs).
 */
final class Version {
    static final String RESOURCE = "version.properties";

    private Version() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + Version.class.getName()
                        + ": the CLI was not built by Maven (run ./tidepool, or mvn -pl tidepool-cli -am package)");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by Maven (version=" + v + ")");
            }
            return v.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
