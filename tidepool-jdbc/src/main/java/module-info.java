/** Tidepool's JDBC pool: {@code TidepoolDataSource} and its configuration. */
module dev.tidepool.jdbc {
    requires transitive java.sql;
    requires transitive dev.tidepool.core;
    exports dev.tidepool.jdbc;
}
