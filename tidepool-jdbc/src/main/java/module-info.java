/** Tidepool's JDBC pool: {@code TidepoolDataSource} and its configuration. */
module dev.tidepool.jdbc {
    requires transitive java.sql;
    requires transitive dev.tidepool.core;
    // registerMbeans: the pool's MXBean in the platform MBean server
    requires java.management;
    exports dev.tidepool.jdbc;
    // The doctor shares the connect-failure classifier, redaction and duration syntax with the pool.
    exports dev.tidepool.jdbc.internal to dev.tidepool.cli;
    exports dev.tidepool.jdbc.internal.config to dev.tidepool.cli;
    // The dashboard shows holders as diagnosis does: the same stack reduction and SQL masking.
    exports dev.tidepool.jdbc.internal.diagnosis to dev.tidepool.dashboard;
}
