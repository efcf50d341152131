package dev.tidepool.jdbc.diagnosis;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.testkit.DbTarget;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Configurations and helpers of the diagnosis tests. */
final class Configs {
    private static final AtomicInteger N = new AtomicInteger();

    static {
        // Load and start H2 once, so a test's short acquireTimeout never includes the driver's start-up.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:warm-up", "sa", "")) {
            c.isValid(1);
        } catch (java.sql.SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Configs() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + N.incrementAndGet();
    }

    static String table() {
        return "tp_diag_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static TidepoolConfig.Builder config(DbTarget target) {
        return TidepoolConfig.builder().jdbcUrl(target.url()).username(target.user()).password(target.password())
                .poolName(uniqueName("diag")).maxSize(3).minIdle(0).acquireTimeout(Duration.ofMillis(1500))
                .validationTimeout(Duration.ofSeconds(1)).drainTimeout(Duration.ofSeconds(5));
    }

    static TidepoolConfig.Builder h2(String name) {
        return config(new DbTarget(DbTarget.H2, "jdbc:h2:mem:" + name + "-" + N.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1", "sa", "", null, 0));
    }
}
