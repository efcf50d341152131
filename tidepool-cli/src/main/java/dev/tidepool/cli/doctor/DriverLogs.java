package dev.tidepool.cli.doctor;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the JDBC drivers out of the doctor's output. The doctor reports every failure itself, with
 * the driver's words; a driver's own log line in the middle (MariaDB Connector/J prints
 * {@code [ WARN] ... Access denied ...} to the console when SLF4J is not on the class path) says
 * nothing more and breaks {@code --json 2>&1}.
 *
 * <p>Only the {@code tidepool doctor} command calls this, in its own process: it changes
 * process-wide switches (a system property, JUL levels), which is why it lives in the CLI and
 * never in the pool a library user runs. MariaDB chooses its logger once, when its classes load,
 * from the {@code mariadb.logging.*} system properties: call this before the first connection.
 * A {@code mariadb.logging.*} or JUL setting the user made on the command line is kept.
 */
public final class DriverLogs {
    /** MariaDB Connector/J: "true" selects its no-op logger. */
    static final String MARIADB_DISABLE = "mariadb.logging.disable";
    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger POSTGRESQL = Logger.getLogger("org.postgresql");
    private static final Logger MARIADB = Logger.getLogger("org.mariadb.jdbc");
    private static final Logger SQLSERVER = Logger.getLogger("com.microsoft.sqlserver.jdbc");

    private DriverLogs() {
    }

    /** Silences the drivers' logging in this process, unless the user configured it. */
    public static void silence() {
        boolean userChoseMariaDbLogging = System.getProperties().stringPropertyNames().stream()
                .anyMatch(name -> name.startsWith("mariadb.logging."));
        if (!userChoseMariaDbLogging) {
            System.setProperty(MARIADB_DISABLE, "true");
        }
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            POSTGRESQL.setLevel(Level.OFF); // pgjdbc logs through JUL, whose console handler writes to stderr
            MARIADB.setLevel(Level.OFF); // with -Dmariadb.logging.fallback=JDK MariaDB does too
            SQLSERVER.setLevel(Level.OFF); // mssql-jdbc logs through JUL as well
        }
    }
}
