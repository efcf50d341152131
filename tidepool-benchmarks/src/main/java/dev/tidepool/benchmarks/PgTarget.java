package dev.tidepool.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the real-database harnesses connect: PostgreSQL on 127.0.0.1, database {@code test}. */
record PgTarget(String url, String user, String password) {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    static PgTarget from(Args args) {
        return new PgTarget(
                args.string("url", env("TIDEPOOL_PG_URL", DEFAULT_URL)),
                args.string("user", env("TIDEPOOL_PG_USER", "postgres")),
                args.string("password", env("TIDEPOOL_PG_PASSWORD", "")));
    }

    static PgTarget defaults() {
        return from(new Args(new String[0]));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(url, props);
    }

    /** True if PostgreSQL answers within a few seconds. */
    boolean reachable() {
        DriverManager.setLoginTimeout(3);
        try (Connection c = connect()) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        } finally {
            DriverManager.setLoginTimeout(0);
        }
    }

    PoolSpec spec(int maxSize, int minIdle) {
        return new PoolSpec(url, user, password, maxSize, minIdle);
    }
}
