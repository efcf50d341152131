package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tidepool demo --scenario incident} replays the incident and its output shows the
 * idle-in-transaction warnings and a timeout report naming the culprit method. Issue 5.
 */
class IncidentScenarioTest {

    private static final Pattern FAILED_AFTER_TIMEOUT =
            Pattern.compile("failed after 2\\.\\d s: SQLTransientConnectionException");

    @Test
    void incidentScenarioWarnsAboutIdleTransactionsAndNamesTheCulpritWhenRequestsTimeOut() {
        CliRun run = CliRun.of("demo", "--scenario", "incident");

        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertEquals(4, count(out, "log WARNING: tidepool-demo - connection idle in transaction: thread http-nio-8080-exec-"),
                run::toString);
        assertTrue(out.contains("now in JenkinsClient.startBuild(JenkinsClient.java:"), run::toString);
        // waiting= depends on how many of the three waiters gave up in the same instant.
        assertTrue(out.contains("log WARNING: tidepool-demo - no connection available within 2000 ms (total=4, active=4, "
                + "idle=0, waiting="), run::toString);
        assertEquals(1, count(out, "no connection available within"), "the report is logged once\n" + run);
        assertTrue(out.contains("4 of 4 held for "), run::toString);
        assertTrue(out.contains(" <- BuildService.build(BuildService.java:"), run::toString);
        assertTrue(out.contains("Verdict: connections are held long by 1 code path (4 of 4 for 1.0 s or more, outside "
                + "the database): more connections will not help; fix the holder"), run::toString);
        // Each quick request fails once its 2 s acquireTimeout is up; the printed time may read 2.0 s
        // or a little more, depending on when the scheduler wakes the thread.
        assertEquals(3, FAILED_AFTER_TIMEOUT.matcher(out).results().count(), run::toString);
        assertTrue(out.contains("Verdict: not exhausted: 0 of maxSize 4 in use, 4 idle"), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
