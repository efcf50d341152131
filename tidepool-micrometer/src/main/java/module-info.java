/** Micrometer metrics for Tidepool's JDBC pool: {@code TidepoolMetrics.bind(dataSource, registry)}. */
module dev.tidepool.micrometer {
    requires transitive dev.tidepool.jdbc;
    requires transitive micrometer.core;
    exports dev.tidepool.micrometer;
}
