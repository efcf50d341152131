package dev.tidepool.cli;

import dev.tidepool.cli.doctor.JsonCheck;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidepool doctor --json 2>&1} is one JSON object even when the driver would log: MariaDB
 * Connector/J prints its own {@code [ WARN] ... Access denied} to the console on a failed login.
 * Runs the doctor in a JVM of its own, as the launcher does, so the driver picks its logger fresh,
 * with stdout and stderr in one stream. Issue 15.
 */
class DoctorJsonStreamTest {

    private static final String PASSWORD_VARIABLE = "TP_ROUGH_EDGES_WRONG_PASSWORD";

    @Test
    void aFailedMariaDbLoginGivesOnlyJsonOnStdoutAndStderrTogether() throws Exception {
        DbTarget maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
        assertOneJsonObjectWithAuthFailure(doctorInItsOwnJvm(maria));
    }

    @Test
    void aFailedPostgresLoginGivesOnlyJsonOnStdoutAndStderrTogether() throws Exception {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        String missing = pg.url().substring(0, pg.url().lastIndexOf('/') + 1) + "tp_rough_edges_no_such_db";
        assertOneJsonObjectWithFailure(doctorInItsOwnJvm(missing, pg.user()), "DATABASE_NOT_FOUND");
    }

    private static void assertOneJsonObjectWithAuthFailure(Run run) {
        assertOneJsonObjectWithFailure(run, "AUTH_FAILED");
    }

    private static void assertOneJsonObjectWithFailure(Run run, String failureClass) {
        assertEquals(3, run.exitCode(), run.output());
        assertEquals(1, run.output().strip().lines().count(), () -> "one line, the JSON, expected:\n" + run.output());
        Map<String, Object> report = JsonCheck.object(JsonCheck.parse(run.output()));
        assertEquals(false, report.get("ok"), run.output());
        assertEquals(failureClass, JsonCheck.object(report.get("failure")).get("class"), run.output());
    }

    private record Run(int exitCode, String output) {
    }

    private static Run doctorInItsOwnJvm(DbTarget target) throws IOException, InterruptedException {
        return doctorInItsOwnJvm(target.url(), target.user());
    }

    /** {@code tidepool doctor url --user user --password-env ... --json 2>&1}, the password a wrong one. */
    private static Run doctorInItsOwnJvm(String url, String user) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "doctor", url,
                "--user", user, "--password-env", PASSWORD_VARIABLE, "--json", "--timeout", "10s"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, "tp-rough-edges-not-the-password");
        Process p = builder.start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, () -> "the doctor did not end within 60 s:\n" + output);
        return new Run(p.exitValue(), output);
    }
}
