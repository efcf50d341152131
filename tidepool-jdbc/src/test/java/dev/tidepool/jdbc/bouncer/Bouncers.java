package dev.tidepool.jdbc.bouncer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.PgBouncer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Shared helpers of the PgBouncer tests: pool configurations through a bouncer, bounded polling. */
final class Bouncers {
    private static final AtomicInteger N = new AtomicInteger();

    private Bouncers() {
    }

    /** Stops the bouncers a test class started (null: never started, e.g. skipped). */
    static void stop(PgBouncer... bouncers) {
        for (PgBouncer b : bouncers) {
            if (b != null) {
                b.close();
            }
        }
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + N.incrementAndGet();
    }

    /** A pool of {@code size} through {@code bouncer} as tp_bouncer, short timeouts, pgbouncer=auto. */
    static TidepoolConfig.Builder config(PgBouncer bouncer, int size) {
        return TidepoolConfig.builder().jdbcUrl(bouncer.jdbcUrl()).username(PgBouncer.USER)
                .poolName(uniqueName("bouncer")).maxSize(size).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1))
                .drainTimeout(Duration.ofSeconds(2));
    }

    static int backendPid(Connection c) throws SQLException {
        return intQuery(c, "select pg_backend_pid()");
    }

    static int intQuery(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String stringQuery(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Polls {@code condition} for at most {@code bound} ({@link Poll}); false when it never held. */
    static boolean await(Duration bound, BooleanSupplier condition) throws Exception {
        return Poll.within(bound, condition::getAsBoolean);
    }
}
