/** A live web dashboard for Tidepool pools, on the JDK's HTTP server. */
module dev.tidepool.dashboard {
    requires transitive dev.tidepool.jdbc;
    requires jdk.httpserver;
    exports dev.tidepool.dashboard;
}
