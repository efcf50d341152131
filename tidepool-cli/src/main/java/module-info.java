/**
 * The {@code tidepool} command: {@code demo} and {@code doctor}. An application rather than a
 * library; it runs from the class path ({@code ./tidepool}), and the drivers it talks to are found
 * by {@code DriverManager} at run time, so only H2 (whose TCP server the demo starts) is required.
 */
module dev.tidepool.cli {
    requires dev.tidepool.jdbc;
    requires dev.tidepool.dashboard; // demo --dashboard
    requires java.logging;
    requires com.h2database;
    // The doctor's PgBouncer probe reads pgjdbc's backend key (PGConnection); static: found at run time like any driver.
    requires static org.postgresql.jdbc;
}
