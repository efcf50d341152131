package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.cli.doctor.JsonCheck;
import dev.tidepool.testkit.PgBouncer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tidepool doctor} in front of a real PgBouncer (issue 12): it recognises the bouncer, reads
 * its mode and limits from the admin console when let in (and says so when not), sizes the pool
 * against the bouncer's limits, and {@code --instances N} says whether N pools fit and what to change.
 */
class DoctorBouncerTest {
    private static PgBouncer transaction;
    private static PgBouncer session;

    @BeforeAll
    static void startBouncers() {
        transaction = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT).maxClientConn(100));
        session = PgBouncer.start(PgBouncer.config("session", PgBouncer.SESSION_PORT));
    }

    @AfterAll
    static void stopBouncers() {
        if (transaction != null) {
            transaction.close();
        }
        if (session != null) {
            session.close();
        }
    }

    private static CliRun doctor(String... args) {
        return doctorWith(Map.of(), args);
    }

    private static CliRun doctorWith(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        int code = new Main(List.of(new DoctorCommand(env::get))).run(all, output);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> obj(Object o) {
        return JsonCheck.object(o);
    }

    @Test
    void recognisesATransactionModeBouncerAndSizesAgainstItsLimits() {
        CliRun run = doctor(transaction.jdbcUrl(), "--user", PgBouncer.USER, "--admin-user", PgBouncer.ADMIN_USER,
                "--db-cores", "4", "--instances", "4");
        System.out.println(run.out());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("[ok  ] pooler"), out);
        assertTrue(out.contains("PgBouncer or another pooler: backend key "), out);
        assertTrue(out.contains("\nPgBouncer\n"), out);
        assertTrue(out.contains("  version            PgBouncer 1.18"), out);
        assertTrue(out.contains("  pool mode          transaction (a server connection per transaction"), out);
        assertTrue(out.contains("default_pool_size 10"), out);
        assertTrue(out.contains("max_client_conn 100"), out);
        // 4 instances: twice the share of 10 is 5 each, under the rule of thumb 4 * 2 + 1 = 9
        assertTrue(out.contains("Suggested pool size: maxSize=5\n"), out);
        assertTrue(out.contains("transaction mode: the bouncer runs at most 10 transactions at once"), out);
        assertTrue(out.contains("Fleet: 4 instances x maxSize 5 (the suggestion) = 20 connections"), out);
        assertTrue(out.contains("[ok  ] bouncer clients"), out);
        assertTrue(out.contains("[ok  ] server sessions              the bouncer opens at most 10 for this database"), out);
        assertTrue(out.contains("verdict: fits"), out);
    }

    @Test
    void tooManyInstancesForMaxClientConnAreReportedWithTheChange() {
        CliRun run = doctor(transaction.jdbcUrl(), "--user", PgBouncer.USER, "--admin-user", PgBouncer.ADMIN_USER,
                "--instances", "30", "--pool-size", "5", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Object> root = obj(JsonCheck.parse(run.out()));
        Map<String, Object> bouncer = obj(root.get("pgbouncer"));
        assertEquals("transaction", bouncer.get("poolMode"));
        assertEquals(true, bouncer.get("console"));
        assertEquals(10L, ((Number) bouncer.get("poolSize")).longValue());
        assertEquals(100L, ((Number) bouncer.get("maxClientConn")).longValue());
        Map<String, Object> fleet = obj(root.get("fleet"));
        assertEquals(150L, ((Number) fleet.get("total")).longValue());
        assertEquals("--pool-size", fleet.get("poolSizeSource"));
        assertEquals(false, fleet.get("fits"), run::toString);
        List<?> changes = (List<?>) fleet.get("changes");
        assertTrue(changes.stream().anyMatch(c -> String.valueOf(c).startsWith("lower maxSize to 3 per instance")), changes::toString);
        assertTrue(changes.stream().anyMatch(c -> String.valueOf(c).startsWith("or raise max_client_conn to at least 150")),
                changes::toString);
    }

    @Test
    void withoutConsoleAccessTheDoctorSaysSoAndFallsBackToTheRuleOfThumb() {
        CliRun run = doctor(transaction.jdbcUrl(), "--user", PgBouncer.USER, "--db-cores", "2", "--instances", "4");
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("admin console      not available to " + PgBouncer.USER + " ("), out);
        assertTrue(out.contains("pass --admin-user"), out);
        assertTrue(out.contains("Suggested pool size: maxSize=5\n"), out);
        assertTrue(out.contains("verdict: unknown"), out);

        Map<String, Object> json = obj(JsonCheck.parse(doctor(transaction.jdbcUrl(), "--user", PgBouncer.USER, "--json").out()));
        Map<String, Object> bouncer = obj(json.get("pgbouncer"));
        assertEquals(false, bouncer.get("console"));
        assertTrue(String.valueOf(bouncer.get("consoleProblem")).contains("not allowed"), bouncer::toString);
        assertNull(bouncer.get("poolMode"));
        assertNull(obj(json.get("fleet")).get("fits"));
    }

    @Test
    void inSessionModeTheInstancesShareTheBouncersPool() {
        CliRun run = doctor(session.jdbcUrl(), "--user", PgBouncer.USER, "--admin-user", PgBouncer.ADMIN_USER,
                "--instances", "4", "--pool-size", "5");
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("  pool mode          session"), out);
        assertTrue(out.contains("session mode: each client connection holds a server connection, so 4 instances share the bouncer's 10"), out);
        assertTrue(out.contains("Suggested pool size: maxSize=2\n"), out);
        assertTrue(out.contains("[FAIL] bouncer pool (session mode)"), out);
        assertTrue(out.contains("change: lower maxSize to 2 per instance (10 / 4)"), out);
        assertTrue(out.contains("verdict: does not fit"), out);
    }

    @Test
    void directToPostgresTheFleetCheckUsesTheServersFreeConnections() {
        CliRun run = doctor("jdbc:postgresql://127.0.0.1:5432/" + PgBouncer.DATABASE, "--user", PgBouncer.USER,
                "--instances", "50", "--pool-size", "20");
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("[ok  ] pooler    "), out);
        assertTrue(out.contains("none: the backend key is the server's pg_backend_pid()"), out);
        assertTrue(!out.contains("\nPgBouncer\n"), out);
        assertTrue(out.contains("Fleet: 50 instances x maxSize 20 (--pool-size) = 1000 connections"), out);
        assertTrue(out.contains("[FAIL] server sessions              1000 needed, "), out);
        assertTrue(out.contains("change: or put PgBouncer in transaction mode in front"), out);
    }

    @Test
    void readsTheConsoleOfABouncerThatWantsScram() {
        transaction.close();
        try (PgBouncer scram = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT)
                .scram("tp-doctor-scram-secret"))) {
            Map<String, String> env = Map.of("TP_PW", "tp-doctor-scram-secret");
            CliRun run = doctorWith(env, scram.jdbcUrl(), "--user", PgBouncer.USER, "--password-env", "TP_PW",
                    "--admin-user", PgBouncer.ADMIN_USER, "--admin-password-env", "TP_PW");
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains("  pool mode          transaction"), run::toString);
            assertTrue(!run.out().contains("tp-doctor-scram-secret"), "the password was printed");

            CliRun wrong = doctorWith(Map.of("TP_PW", "tp-doctor-scram-secret", "BAD", "not-it"), scram.jdbcUrl(),
                    "--user", PgBouncer.USER, "--password-env", "TP_PW", "--admin-user", PgBouncer.ADMIN_USER,
                    "--admin-password-env", "BAD");
            assertTrue(wrong.out().contains("admin console      not available to " + PgBouncer.ADMIN_USER), wrong::toString);
            assertTrue(!wrong.out().contains("not-it"), "the password was printed");
        } finally {
            transaction = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT).maxClientConn(100));
        }
    }
}
