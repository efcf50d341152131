/**
 * Tidepool's test tools: a stub JDBC driver with scripted failures and latency, a fault-injecting
 * TCP proxy and database fixtures (which skip or fail tests through JUnit's assumptions).
 */
module dev.tidepool.testkit {
    requires transitive java.sql;
    requires transitive dev.tidepool.core;
    requires transitive org.junit.jupiter.api;
    requires java.logging;
    exports dev.tidepool.testkit;
    provides java.sql.Driver with dev.tidepool.testkit.StubDriver;
}
