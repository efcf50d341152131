package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A wrong password is counted as {@code auth_failed}, and no password (right or wrong) appears in
 * any meter name, tag or scraped value: on PostgreSQL with the password-checked role tidepool_pw
 * (.ci/prepare-databases.sh), and on H2 with a password.
 */
class WrongPasswordAndSecretsTest {

    @Test
    void aWrongPasswordOnPostgresIsCountedAsAuthFailedAndNeverShown() throws Exception {
        DbTarget role = passwordRole();
        String wrong = "tp_metrics_wrong_" + role.password();
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(role.url()).username(role.user()).password(wrong)
                .poolName("tp_metrics_pw").maxSize(2).failFast(false).acquireTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofMillis(500)).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TidepoolDataSource ds = new TidepoolDataSource(config);
             TidepoolMetrics metrics = TidepoolMetrics.forDataSource(ds).withHikariNames()) {
            metrics.bindTo(registry);
            assertThrows(SQLException.class, ds::getConnection);
            ScriptedSequenceTest.await("counted", () -> registry.get("tidepool.connections.connect_failures")
                    .tag("class", "auth_failed").counter().count() >= 1);
            assertEquals(0, registry.get("db.client.connection.create_time").timer().count());
            assertNoSecret(registry, role.password(), wrong);
        }
    }

    @Test
    void noPasswordInAnyMeterOnH2WithAPasswordAndWrongOnes() throws Exception {
        String secret = "tp_metrics_Secret_1";
        String wrong = "tp_metrics_Wrong_2";
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_metrics_secret;DB_CLOSE_DELAY=-1")
                .username("sa").password(secret).poolName("tp_metrics_h2pw").maxSize(2).minIdle(1)
                .acquireTimeout(Duration.ofSeconds(15)).validationTimeout(Duration.ofSeconds(1)).build(); // a busy CI machine
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TidepoolDataSource ds = new TidepoolDataSource(config);
             TidepoolMetrics metrics = TidepoolMetrics.forDataSource(ds).withHikariNames()) {
            metrics.bindTo(registry);
            assertThrows(SQLException.class, () -> ds.getConnection("sa", wrong)); // a partition that cannot log in
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("select '" + secret + "'");
            }
            assertTrue(registry.get("tidepool.connections.connect_failures").tag("class", "auth_failed").counter().count() >= 1);
            assertNoSecret(registry, secret, wrong);
        }
    }

    private static void assertNoSecret(PrometheusMeterRegistry registry, String... secrets) {
        String scrape = registry.scrape();
        for (String secret : secrets) {
            assertFalse(scrape.contains(secret), "a password in the scrape:\n" + scrape);
            for (Meter m : registry.getMeters()) {
                assertFalse(m.getId().getName().contains(secret) || String.valueOf(m.getId().getDescription()).contains(secret));
                for (Tag t : m.getId().getTags()) {
                    assertFalse(t.getValue().contains(secret), "a password in tag " + t);
                }
            }
        }
    }

    /** tidepool_pw, checked to log in with its password and to be refused with a wrong one; skipped (failed with CI=true) otherwise. */
    private static DbTarget passwordRole() {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        DbTarget role = TestDatabases.postgresPasswordRole();
        String problem = null;
        try (Connection right = DriverManager.getConnection(pg.url(), role.user(), role.password())) {
            right.isValid(1);
            try (Connection wrong = DriverManager.getConnection(pg.url(), role.user(), "not-" + role.password())) {
                problem = "the role " + role.user() + " gets in with a wrong password (pg_hba.conf lacks its line)";
            } catch (SQLException expected) {
                // the server checks the password
            }
        } catch (SQLException e) {
            problem = "the role " + role.user() + " cannot log in with its password (" + e.getMessage() + ")";
        }
        if (problem != null) {
            problem += ": run .ci/prepare-databases.sh as root";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(problem);
            }
            Assumptions.abort(problem + "; test skipped");
        }
        return role;
    }
}
