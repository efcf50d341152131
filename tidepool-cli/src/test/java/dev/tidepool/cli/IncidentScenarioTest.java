package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tidepool demo --scenario incident} replays the incident and its output shows the
 * idle-in-transaction warnings and a timeout report naming the culprit method (issue 5); the
 * README's excerpts of that output are what a run prints (issue 15).
 */
class IncidentScenarioTest {

    private static final Pattern FAILED_AFTER_TIMEOUT =
            Pattern.compile("failed after 2\\.\\d s: SQLTransientConnectionException");
    /** How the demo's say() indents the continuation lines of a logged message. */
    private static final String CONTINUATION = "         ";
    private static final String TIMEOUT_REPORT = "tidepool-demo - no connection available within";
    private static final String IDLE_WARNING = "tidepool-demo - connection idle in transaction: thread";

    private static CliRun run;

    @BeforeAll
    static void replayTheIncident() {
        run = CliRun.of("demo", "--scenario", "incident");
    }

    @Test
    void incidentScenarioWarnsAboutIdleTransactionsAndNamesTheCulpritWhenRequestsTimeOut() {

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

    @Test
    void readmeExcerptsAreWhatTheDemoPrintsExceptTimesTheWaitingCountAndThreadOrder() throws IOException {
        String readme = Files.readString(ReadmeTest.repositoryRoot().resolve("README.md")).replace("\r\n", "\n");
        assertEquals(shape(logged(run.out(), TIMEOUT_REPORT)), shape(readmeBlock(readme, TIMEOUT_REPORT)),
                "README.md's timeout report (section 'When the pool runs dry') must be a run's, copied from:\n" + run);
        assertEquals(shape(logged(run.out(), IDLE_WARNING)), shape(readmeBlock(readme, IDLE_WARNING)),
                "README.md's idle-in-transaction warning must be a run's, copied from:\n" + run);
    }

    @Test
    void shapeKeepsWhatIsFixedAndMasksWhatVaries() {
        assertEquals("held for <time> (waiting=<n>) threads: http-nio-8080-exec-<n> at Build.java:30 within <time>",
                shape("held for 3.1-3.2 s (waiting=3) threads: http-nio-8080-exec-4 at Build.java:30 within 2000 ms"));
    }

    /** The text with what changes from run to run masked: durations, the waiting count, thread numbers. */
    static String shape(String text) {
        return text.replaceAll("\\d+(\\.\\d+)?(-\\d+(\\.\\d+)?)? (ms|s)\\b", "<time>")
                .replaceAll("waiting=\\d+", "waiting=<n>")
                .replaceAll("http-nio-8080-exec-\\d+", "http-nio-8080-exec-<n>");
    }

    /** The first message the demo logged that starts with {@code start}, its lines as the pool wrote them. */
    private static String logged(String out, String start) {
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int at = lines.get(i).indexOf("log WARNING: " + start);
            if (at >= 0) {
                List<String> message = new ArrayList<>();
                message.add(lines.get(i).substring(at + "log WARNING: ".length()));
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(CONTINUATION); j++) {
                    message.add(lines.get(j).substring(CONTINUATION.length()));
                }
                return String.join("\n", message);
            }
        }
        throw new AssertionError("the demo logged no message starting '" + start + "':\n" + out);
    }

    /** The README code block whose first line starts with {@code start} (indentation of list items removed). */
    private static String readmeBlock(String readme, String start) {
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            if (line.stripLeading().startsWith(start) && i > 0 && lines.get(i - 1).strip().equals("```")) {
                List<String> block = new ArrayList<>();
                for (int j = i; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                    block.add(lines.get(j).startsWith(indent) ? lines.get(j).substring(indent.length()) : lines.get(j));
                }
                return String.join("\n", block);
            }
        }
        throw new AssertionError("README.md has no code block starting '" + start + "'");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
