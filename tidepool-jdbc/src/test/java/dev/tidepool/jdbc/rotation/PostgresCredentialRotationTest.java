package dev.tidepool.jdbc.rotation;

import dev.tidepool.testkit.Poll;
import dev.tidepool.jdbc.DbCredentials;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 4, on real PostgreSQL: the password of the pool's role changes under load
 * ({@code ALTER ROLE ... PASSWORD}), the supplier answers the new one and the application calls
 * {@code rotateCredentials()}: zero failed operations, every server session eventually opened
 * after the change (so with the new password: the old one no longer logs in), and neither password
 * in any log line of the pool.
 *
 * <p>Runs on the faults area's own cluster (127.0.0.1:5435, {@code .ci/prepare-soak.sh}), where
 * every role but postgres must authenticate with scram-sha-256: the shared cluster trusts local
 * logins, so a password change there would prove nothing, and its authentication rules are not
 * ours to change.
 */
class PostgresCredentialRotationTest {
    private static final Duration WAIT_BOUND = Duration.ofSeconds(20);
    static final DbTarget ADMIN = new DbTarget(DbTarget.POSTGRESQL, "jdbc:postgresql://127.0.0.1:5435/test",
            "postgres", "", "127.0.0.1", 5435);
    private static final String ROLE = "tp_faults_rot";
    private static final String APP = "tp_faults_rot_app";

    @Test
    void aPasswordRotatedUnderLoadFailsNoOperationAndMovesEverySessionToTheNewPassword() throws Exception {
        TestDatabases.requireAvailable(ADMIN);
        String oldPassword = "Old-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String newPassword = "New-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (Connection admin = ADMIN.connect()) {
            dropRole(admin);
            admin.createStatement().execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + oldPassword + "'");
            AtomicReference<DbCredentials> vault = new AtomicReference<>(new DbCredentials(ROLE, oldPassword));
            TidepoolConfig config = TidepoolConfig.builder().poolName(APP)
                    .jdbcUrl(ADMIN.url() + "?ApplicationName=" + APP + "&connectTimeout=5&socketTimeout=5")
                    .credentialsSupplier(vault::get).maxSize(6).minIdle(6)
                    .acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1)).build();
            AtomicInteger ok = new AtomicInteger();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> load = new ArrayList<>();
            try (LogCapture log = LogCapture.of(APP); TidepoolDataSource ds = new TidepoolDataSource(config)) {
                for (int i = 0; i < 8; i++) {
                    Thread t = new Thread(() -> work(ds, stop, ok, failures), "rot-load-" + i);
                    t.start();
                    load.add(t);
                }
                Poll.until("load runs", WAIT_BOUND, () -> ok.get() > 500);

                admin.createStatement().execute("ALTER ROLE " + ROLE + " PASSWORD '" + newPassword + "'");
                long rotatedAtMicros = serverNowMicros(admin);
                vault.set(new DbCredentials(ROLE, newPassword));
                int okAtRotation = ok.get();
                ds.rotateCredentials(Duration.ofSeconds(2));

                Poll.until("every session opened after the change", WAIT_BOUND, () -> allSessionsAfter(admin, rotatedAtMicros, ds));
                int okAfter = ok.get() - okAtRotation;
                stop.set(true);
                for (Thread t : load) {
                    t.join(TimeUnit.SECONDS.toMillis(10));
                }
                System.out.println("[fault-figures] credential rotation | postgresql | ops=" + ok.get() + " (" + okAfter
                        + " after the rotation), failed ops=" + failures.size() + ", connections created="
                        + ds.stats().created() + ", destroyed=" + ds.stats().destroyed());
                assertEquals(List.of(), failures, "no operation fails during the rotation");
                assertTrue(okAfter > 0, "the load kept running after the rotation");
                for (String line : log.lines()) {
                    assertFalse(line.contains(oldPassword) || line.contains(newPassword), "a password in the log: " + line);
                }
                assertThrows(SQLException.class, () -> DriverManager.getConnection(ADMIN.url(), ROLE, oldPassword).close(),
                        "the old password no longer logs in (else this test proves nothing)");
            } finally {
                stop.set(true);
                dropRole(admin);
            }
        }
    }

    private static void work(TidepoolDataSource ds, AtomicBoolean stop, AtomicInteger ok, List<Throwable> failures) {
        while (!stop.get()) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
                ok.incrementAndGet();
            } catch (SQLException e) {
                failures.add(e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static long serverNowMicros(Connection admin) throws SQLException {
        try (ResultSet r = admin.createStatement().executeQuery("SELECT (extract(epoch from clock_timestamp()) * 1e6)::bigint")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The pool's sessions, all started after {@code micros}, as many as the pool has open (> 0). */
    private static boolean allSessionsAfter(Connection admin, long micros, TidepoolDataSource ds) {
        try (ResultSet r = admin.createStatement().executeQuery("SELECT count(*), count(*) FILTER (WHERE "
                + "(extract(epoch from backend_start) * 1e6)::bigint > " + micros + ") FROM pg_stat_activity "
                + "WHERE application_name = '" + APP + "'")) {
            r.next();
            int all = r.getInt(1);
            int after = r.getInt(2);
            return all > 0 && all == after && all == ds.stats().total();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void dropRole(Connection admin) throws SQLException {
        admin.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
        admin.createStatement().execute("DROP ROLE IF EXISTS " + ROLE);
    }

}
