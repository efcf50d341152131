package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.cli.doctor.JsonCheck;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.testkit.SilentServer;
import dev.tidepool.testkit.SqlBrowserResponder;
import dev.tidepool.testkit.SqlServerTlsRefuser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tidepool doctor jdbc:sqlserver://...} with the real mssql-jdbc driver and no SQL Server:
 * the SQL Server Browser step against the testkit's UDP responder, a refused port, an unknown
 * host, a server that accepts and says nothing, and one whose TLS handshake fails. Issue 13. The bounds below only keep a hang
 * from stalling the build; they assert no speed.
 */
class DoctorSqlServerTest {

    private static final String PW_VAR = "TP_MSSQL_DOCTOR_PASSWORD";
    private static final String SECRET = "Mssql-Doctor-Secret-7";
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private static CliRun doctor(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        all.addAll(List.of("--user", "sa", "--password-env", PW_VAR));
        int code = assertTimeoutPreemptively(HANG_GUARD,
                () -> new Main(List.of(new DoctorCommand(Map.of(PW_VAR, SECRET)::get))).run(all, output));
        CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(run.toString().contains(SECRET), run::toString);
        return run;
    }

    private static Map<String, Object> json(CliRun run) {
        assertEquals(1, run.out().strip().lines().count(), () -> "one line of JSON expected: " + run);
        return JsonCheck.object(JsonCheck.parse(run.out()));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aNamedInstanceIsResolvedThroughTheBrowserAndARefusedPortIsNamedAtTcp() throws Exception {
        int port = closedPort();
        try (SqlBrowserResponder browser = SqlBrowserResponder.start().instance("SQLEXPRESS", port)) {
            String url = "jdbc:sqlserver://127.0.0.1\\SQLEXPRESS;databaseName=orders";
            CliRun run = doctor(url, "--browser-port", String.valueOf(browser.port()), "--timeout", "2s");
            assertEquals(3, run.exitCode(), run::toString);
            assertTrue(run.out().contains("instance SQLEXPRESS, port from the SQL Server Browser"), run::toString);
            assertTrue(run.out().contains("[ok  ] browser"), run::toString);
            assertTrue(run.out().contains("instance SQLEXPRESS listens on TCP port " + port), run::toString);
            assertTrue(run.out().contains("[FAIL] tcp"), run::toString);
            assertTrue(run.out().contains("127.0.0.1:" + port + " (the port the SQL Server Browser named"), run::toString);
            assertTrue(run.out().contains("REFUSED at step 'tcp'"), run::toString);
            assertTrue(run.out().contains("fix: " + ConnectFailure.REFUSED.hint()), run::toString);

            Map<String, Object> report = json(doctor(url, "--browser-port", String.valueOf(browser.port()), "--json"));
            assertEquals("sqlserver", report.get("vendor"));
            assertEquals((double) port, report.get("port"), "the port the Browser named");
            Map<String, Object> failure = JsonCheck.object(report.get("failure"));
            assertEquals("tcp", failure.get("step"));
            assertEquals("REFUSED", failure.get("class"));
        }
    }

    @Test
    void aSilentBrowserIsTheErrorLocatingServerInstanceCaseWithItsFixWithinTheTimeout() throws Exception {
        try (SqlBrowserResponder browser = SqlBrowserResponder.start().instance("SQLEXPRESS", 1433).silent(true)) {
            String url = "jdbc:sqlserver://127.0.0.1\\SQLEXPRESS;databaseName=orders";
            CliRun run = doctor(url, "--browser-port", String.valueOf(browser.port()), "--timeout", "1s");
            assertEquals(3, run.exitCode(), run::toString);
            assertTrue(run.out().contains("[FAIL] browser"), run::toString);
            assertTrue(run.out().contains("did not answer within 1000 ms for instance SQLEXPRESS"), run::toString);
            assertTrue(run.out().contains("error locating server/instance"), run::toString);
            assertTrue(run.out().contains("TIMEOUT at step 'browser'"), run::toString);
            assertTrue(run.out().contains("fix: start the SQL Server Browser service on 127.0.0.1, open UDP "
                    + browser.port()), run::toString);
            assertTrue(run.out().contains("give the port explicitly: jdbc:sqlserver://127.0.0.1\\SQLEXPRESS:<port>"),
                    run::toString);
            assertFalse(run.out().contains("] tcp"), "the walk stops at the browser step: " + run);
            assertEquals(1, browser.requests(), "the request reached the Browser, which said nothing");

            Map<String, Object> failure = JsonCheck.object(json(doctor(url, "--browser-port",
                    String.valueOf(browser.port()), "--timeout", "1s", "--json")).get("failure"));
            assertEquals("browser", failure.get("step"));
            assertEquals("TIMEOUT", failure.get("class"));
            assertTrue(((String) failure.get("hint")).contains("SQL Server Browser service"), failure::toString);
            Map<String, Object> report = json(doctor(url, "--browser-port", String.valueOf(browser.port()),
                    "--timeout", "1s", "--json"));
            assertTrue(report.containsKey("port") && report.get("port") == null, "no port known: " + report);
        }
    }

    @Test
    void aGivenPortSkipsTheBrowserAndARefusedPortFailsAtTcp() throws Exception {
        int port = closedPort();
        CliRun run = doctor("jdbc:sqlserver://127.0.0.1\\SQLEXPRESS:" + port + ";databaseName=orders", "--json");
        assertEquals(3, run.exitCode(), run::toString);
        Map<String, Object> report = json(run);
        List<?> steps = (List<?>) report.get("steps");
        Map<String, Object> browserStep = JsonCheck.object(steps.get(2));
        assertEquals("browser", browserStep.get("name"));
        assertEquals("skipped", browserStep.get("status"));
        assertEquals("REFUSED", JsonCheck.object(report.get("failure")).get("class"));
    }

    @Test
    void anUnknownHostStopsAtResolve() {
        CliRun run = doctor("jdbc:sqlserver://no-such-host.invalid\\SQLEXPRESS;databaseName=orders");
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.out().contains("[FAIL] resolve"), run::toString);
        assertTrue(run.out().contains("UNKNOWN_HOST at step 'resolve'"), run::toString);
        assertTrue(run.out().contains("fix: " + ConnectFailure.UNKNOWN_HOST.hint()), run::toString);
    }

    @Test
    void aServerThatAcceptsAndSaysNothingIsATimeoutAtConnectBoundedByTheTimeout() throws Exception {
        try (SilentServer server = SilentServer.silent()) {
            String url = "jdbc:sqlserver://127.0.0.1:" + server.port() + ";databaseName=orders;encrypt=false";
            CliRun run = doctor(url, "--timeout", "1s", "--json");
            assertEquals(3, run.exitCode(), run::toString);
            Map<String, Object> report = json(run);
            Map<String, Object> failure = JsonCheck.object(report.get("failure"));
            assertEquals("connect", failure.get("step"), run::toString);
            assertEquals("TIMEOUT", failure.get("class"), run::toString);
            assertEquals(ConnectFailure.TIMEOUT.hint(), failure.get("hint"));
            List<?> steps = (List<?>) report.get("steps");
            assertEquals("ok", JsonCheck.object(steps.get(3)).get("status"), "tcp connected: " + run);
            assertTrue(server.accepted() >= 2, "the tcp step and the driver both connected: " + server.accepted());
        }
    }

    @Test
    void aServerWhoseTlsFailsIsTlsAtConnectAndTheFixNamesTheDriversTlsOptions() throws Exception {
        try (SqlServerTlsRefuser server = SqlServerTlsRefuser.start()) {
            String url = "jdbc:sqlserver://127.0.0.1:" + server.port() + ";databaseName=orders";
            CliRun run = doctor(url, "--timeout", "2s");
            assertEquals(3, run.exitCode(), run::toString);
            assertTrue(run.out().contains("[FAIL] connect"), run::toString);
            assertTrue(run.out().contains("TLS at step 'connect'"), run::toString);
            assertTrue(run.out().contains("fix: the driver encrypts by default; now encrypt=true (the driver's default),"
                    + " trustServerCertificate=false"), run::toString);
            assertTrue(run.out().contains("hostNameInCertificate"), run::toString);
            assertTrue(server.handshakesRefused() >= 1, run::toString);

            Map<String, Object> failure = JsonCheck.object(json(doctor(url + ";trustServerCertificate=true",
                    "--timeout", "2s", "--json")).get("failure"));
            assertEquals("TLS", failure.get("class"));
            assertTrue(((String) failure.get("hint")).contains("trustServerCertificate=true"), failure::toString);
        }
    }

}
