package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.cli.doctor.JsonCheck;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.FaultProxy;
import dev.tidepool.testkit.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code tidepool doctor} end to end, in-process, on PostgreSQL, MariaDB and H2. Issue 5. */
class DoctorCommandTest {

    private static final String PW_VAR = "TP_DOCTOR_TEST_PASSWORD";

    /** Runs {@code tidepool doctor args...} with {@code env} as the environment. */
    private static CliRun doctor(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new java.util.ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        int code = new Main(List.of(new DemoCommand(), new DoctorCommand(env::get))).run(all, output);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static CliRun doctor(String... args) {
        return doctor(Map.of(), args);
    }

    private static Map<String, Object> json(CliRun run) {
        assertEquals(1, run.out().strip().lines().count(), () -> "one line of JSON expected: " + run);
        return JsonCheck.object(JsonCheck.parse(run.out()));
    }

    private static Map<String, Object> obj(Object o) {
        return JsonCheck.object(o);
    }

    // ---- healthy servers ------------------------------------------------------------------------

    @Test
    void postgresPassesEveryStepAndShowsLimitsSessionsIdleTransactionsAndASize() throws SQLException {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        String app = "tp-doctor-idle-" + ProcessHandle.current().pid();
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("ApplicationName", app);
        try (Connection idle = DriverManager.getConnection(pg.url(), props)) {
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.execute("select 1"); // now 'idle in transaction'
            }
            CliRun run = doctor(pg.url(), "--user", pg.user(), "--instances", "2", "--db-cores", "4");
            assertEquals(0, run.exitCode(), run::toString);
            for (String step : List.of("parse", "resolve", "tcp", "connect", "validate", "survey")) {
                assertTrue(run.out().contains("[ok  ] " + step), () -> step + " not ok: " + run);
            }
            assertTrue(run.out().contains("(max_connections)"), run::toString);
            assertTrue(run.out().contains("idle in transaction (an open transaction"), run::toString);
            assertTrue(run.out().lines().anyMatch(l -> l.contains(app) && l.contains("longest")), run::toString);
            assertTrue(run.out().lines().anyMatch(l -> l.contains(app) && l.contains("idle in transaction")),
                    run::toString);
            assertTrue(run.out().contains("Suggested pool size: maxSize="), run::toString);
            assertTrue(run.out().contains("4 * 2 + 1 = 9"), run::toString);
            assertTrue(run.out().contains("shared by 2 application instances"), run::toString);

            CliRun jsonRun = doctor(pg.url(), "--user", pg.user(), "--json");
            assertEquals(0, jsonRun.exitCode(), jsonRun::toString);
            Map<String, Object> report = json(jsonRun);
            assertEquals(true, report.get("ok"));
            assertEquals("postgresql", report.get("vendor"));
            Map<String, Object> server = obj(report.get("server"));
            assertTrue(((Double) server.get("maxConnections")) > 0, jsonRun::toString);
            List<?> idleGroups = (List<?>) server.get("idleInTransaction");
            assertTrue(idleGroups.stream().anyMatch(g -> app.equals(obj(g).get("application"))), jsonRun::toString);
            assertTrue(((Double) obj(report.get("suggestion")).get("maxSize")) >= 1, jsonRun::toString);
            assertEquals(null, report.get("failure"));
        }
    }

    @Test
    void mariadbPassesEveryStepAndShowsLimitsSessionsIdleTransactionsAndASize() throws SQLException {
        DbTarget maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
        try (Connection admin = maria.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tp_doctor_idle (id INT) ENGINE=InnoDB");
        }
        try (Connection idle = maria.connect()) {
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.execute("INSERT INTO tp_doctor_idle VALUES (1)"); // an InnoDB transaction, then Sleep
            }
            CliRun run = doctor(maria.url(), "--user", maria.user());
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains("[ok  ] validate"), run::toString);
            assertTrue(run.out().contains("(max_connections)"), run::toString);
            assertTrue(run.out().contains("command"), run::toString);
            assertTrue(run.out().lines().anyMatch(l -> l.contains("root") && l.contains("test") && l.contains("longest")),
                    run::toString);

            CliRun jsonRun = doctor(maria.url(), "--user", maria.user(), "--json");
            assertEquals(0, jsonRun.exitCode(), jsonRun::toString);
            Map<String, Object> server = obj(json(jsonRun).get("server"));
            assertTrue(((Double) server.get("maxConnections")) > 0, jsonRun::toString);
            assertTrue(((List<?>) server.get("sessions")).stream().anyMatch(g -> obj(g).containsKey("command")),
                    jsonRun::toString);
            assertFalse(((List<?>) server.get("idleInTransaction")).isEmpty(), jsonRun::toString);
            idle.rollback();
        }
    }

    @Test
    void embeddedH2SkipsTheNetworkStepsAndStillConnects() {
        CliRun run = doctor("jdbc:h2:mem:doctor_h2", "--user", "sa");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("[skip] resolve"), run::toString);
        assertTrue(run.out().contains("[skip] tcp"), run::toString);
        assertTrue(run.out().contains("[ok  ] validate"), run::toString);
        assertTrue(run.out().contains("server connection limit unknown"), run::toString);
    }

    // ---- failing steps --------------------------------------------------------------------------

    @Test
    void unknownHostStopsAtResolveWithExitCode3() {
        CliRun run = doctor("jdbc:postgresql://no-such-host.invalid:5432/test", "--user", "postgres");
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.out().contains("[FAIL] resolve"), run::toString);
        assertTrue(run.out().contains("UNKNOWN_HOST at step 'resolve'"), run::toString);
        assertTrue(run.out().contains("fix: " + ConnectFailure.UNKNOWN_HOST.hint()), run::toString);
        assertFalse(run.out().contains("[ok  ] tcp"), run::toString);

        Map<String, Object> failure = obj(json(doctor("jdbc:mariadb://no-such-host.invalid/test", "--json"))
                .get("failure"));
        assertEquals("UNKNOWN_HOST", failure.get("class"));
        assertEquals("resolve", failure.get("step"));
        assertEquals(ConnectFailure.UNKNOWN_HOST.hint(), failure.get("hint"));
    }

    @Test
    void refusedPortStopsAtTcpWithExitCode3() throws Exception {
        DbTarget pg = TestDatabases.postgres();
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port())) {
            proxy.refuseNew();
            CliRun run = doctor(pg.urlVia(proxy.port()), "--user", "postgres");
            assertEquals(3, run.exitCode(), run::toString);
            assertTrue(run.out().contains("[ok  ] resolve"), run::toString);
            assertTrue(run.out().contains("[FAIL] tcp"), run::toString);
            assertTrue(run.out().contains("REFUSED at step 'tcp'"), run::toString);
        }
    }

    @Test
    void refusedPortOnMariaDbStopsAtTcpWithExitCode3() throws Exception {
        DbTarget maria = TestDatabases.mariadb();
        try (FaultProxy proxy = FaultProxy.start(maria.host(), maria.port())) {
            proxy.refuseNew();
            CliRun run = doctor(maria.urlVia(proxy.port()), "--user", "root", "--json");
            assertEquals(3, run.exitCode(), run::toString);
            Map<String, Object> failure = obj(json(run).get("failure"));
            assertEquals("tcp", failure.get("step"));
            assertEquals("REFUSED", failure.get("class"));
            assertEquals(ConnectFailure.REFUSED.hint(), failure.get("hint"));
        }
    }

    @Test
    void missingDatabaseOnPostgresStopsAtConnectWithDatabaseNotFound() {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        CliRun run = doctor("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/tidepool_no_such_db",
                "--user", pg.user());
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.out().contains("[ok  ] tcp"), run::toString);
        assertTrue(run.out().contains("[FAIL] connect"), run::toString);
        assertTrue(run.out().contains("DATABASE_NOT_FOUND at step 'connect'"), run::toString);
        assertTrue(run.out().contains("fix: " + ConnectFailure.DATABASE_NOT_FOUND.hint()), run::toString);
    }

    @Test
    void missingDatabaseOnMariaDbStopsAtConnectWithDatabaseNotFound() {
        DbTarget maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
        CliRun run = doctor("jdbc:mariadb://" + maria.host() + ":" + maria.port() + "/tidepool_no_such_db",
                "--user", maria.user(), "--json");
        assertEquals(3, run.exitCode(), run::toString);
        Map<String, Object> failure = obj(json(run).get("failure"));
        assertEquals("connect", failure.get("step"));
        assertEquals("DATABASE_NOT_FOUND", failure.get("class"));
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND.hint(), failure.get("hint"));
    }

    @Test
    void wrongPasswordOnPostgresStopsAtConnectAndNeverShowsThePassword() {
        DbTarget role = TestDatabases.requireAvailable(TestDatabases.postgresPasswordRole());
        String wrong = "doctor-wrong-secret-" + Long.toHexString(System.nanoTime());
        CliRun bad = doctor(Map.of(PW_VAR, wrong), role.url(), "--user", role.user(), "--password-env", PW_VAR);
        assertEquals(3, bad.exitCode(), bad::toString);
        assertTrue(bad.out().contains("[FAIL] connect"), bad::toString);
        assertTrue(bad.out().contains("AUTH_FAILED at step 'connect'"), bad::toString);
        assertTrue(bad.out().contains("fix: " + ConnectFailure.AUTH_FAILED.hint()), bad::toString);
        assertFalse(bad.toString().contains(wrong), bad::toString);

        CliRun good = doctor(Map.of(PW_VAR, role.password()), role.url(), "--user", role.user(),
                "--password-env", PW_VAR);
        assertEquals(0, good.exitCode(), good::toString);
        assertFalse(good.toString().contains(role.password()), good::toString);
    }

    @Test
    void silentServerStopsAtConnectWithTimeout() throws Exception {
        DbTarget pg = TestDatabases.postgres();
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port())) {
            proxy.blackhole(); // TCP connects (the kernel accepts), the login never gets an answer
            CliRun run = doctor(pg.urlVia(proxy.port()), "--user", "postgres", "--timeout", "1s", "--json");
            assertEquals(3, run.exitCode(), run::toString);
            Map<String, Object> failure = obj(json(run).get("failure"));
            assertEquals("connect", failure.get("step"));
            assertEquals("TIMEOUT", failure.get("class"));
        }
    }

    @Test
    void wrongPasswordOnMariaDbStopsAtConnectAndNeverShowsThePassword() throws SQLException {
        DbTarget maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
        String user = "tp_doctor_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String secret = "doctor-right-secret-42";
        String wrong = "doctor-wrong-secret-17";
        try (Connection admin = maria.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + secret + "'");
            s.execute("GRANT SELECT ON test.* TO '" + user + "'@'%'");
        }
        try {
            CliRun bad = doctor(Map.of(PW_VAR, wrong), maria.url(), "--user", user, "--password-env", PW_VAR);
            assertEquals(3, bad.exitCode(), bad::toString);
            assertTrue(bad.out().contains("[FAIL] connect"), bad::toString);
            assertTrue(bad.out().contains("AUTH_FAILED at step 'connect'"), bad::toString);
            assertTrue(bad.out().contains("fix: check username/password"), bad::toString);
            assertFalse(bad.toString().contains(wrong), bad::toString);

            CliRun badJson = doctor(Map.of(PW_VAR, wrong), maria.url(), "--user", user, "--password-env", PW_VAR,
                    "--json");
            assertEquals("AUTH_FAILED", obj(json(badJson).get("failure")).get("class"));
            assertFalse(badJson.toString().contains(wrong), badJson::toString);

            CliRun good = doctor(Map.of(PW_VAR, secret), maria.url(), "--user", user, "--password-env", PW_VAR);
            assertEquals(0, good.exitCode(), good::toString);
            assertFalse(good.toString().contains(secret), good::toString);
        } finally {
            try (Connection admin = maria.connect(); Statement s = admin.createStatement()) {
                s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    }

    // ---- usage ----------------------------------------------------------------------------------

    @Test
    void commandLineMistakesExitWith2AndSayWhatToWrite() {
        CliRun noUrl = doctor("--user", "x");
        assertEquals(2, noUrl.exitCode(), noUrl::toString);
        assertTrue(noUrl.err().contains("missing the JDBC URL"), noUrl::toString);

        CliRun notJdbc = doctor("postgresql://h/db");
        assertEquals(2, notJdbc.exitCode(), notJdbc::toString);
        assertTrue(notJdbc.err().contains("is not a JDBC URL"), notJdbc::toString);

        CliRun unset = doctor("jdbc:h2:mem:x", "--password-env", "TP_DOCTOR_SURELY_UNSET");
        assertEquals(2, unset.exitCode(), unset::toString);
        assertTrue(unset.err().contains("TP_DOCTOR_SURELY_UNSET is not set"), unset::toString);

        CliRun typo = doctor("jdbc:h2:mem:x", "--usr", "sa");
        assertEquals(2, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("did you mean '--user'?"), typo::toString);

        CliRun help = doctor("--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: tidepool doctor <jdbcUrl>"), help::toString);
    }

    @Test
    void doctorIsListedByTidepoolHelp() {
        CliRun run = CliRun.of("--help");
        assertTrue(run.out().contains("doctor"), run::toString);
    }
}
