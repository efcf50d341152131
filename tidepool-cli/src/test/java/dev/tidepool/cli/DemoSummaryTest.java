package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo exits 0 only when every operation succeeded and every worker stopped; otherwise 1, saying why. Issue 2. */
class DemoSummaryTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int exitCode(long operations, long errors, Exception firstError, boolean workersStopped) {
        DemoSummary summary = new DemoSummary(null, 1_000_000_000L, operations, errors, firstError, null, null,
                workersStopped, Duration.ofSeconds(5), false);
        return summary.exitCode(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCleanRunExitsZeroAndSaysNothingOnStderr() {
        assertEquals(Main.OK, exitCode(1_000, 0, null, true));
        assertEquals("", err());
    }

    @Test
    void failedOperationsExitOneWithTheCountAndTheFirstFailure() {
        assertEquals(Main.FAILED, exitCode(10, 2, new SQLException("boom"), true));
        assertTrue(err().startsWith("tidepool demo: 2 of 12 operations failed; the first failure: "
                + "java.sql.SQLException: boom"), err());
    }

    @Test
    void workersStillBusyAfterTheEndExitOneAndBlameThePoolOrTheDatabase() {
        assertEquals(Main.FAILED, exitCode(1_000, 0, null, false));
        assertTrue(err().contains("some workers were still busy 5 s after the end"), err());
    }

    @Test
    void aRunThatCompletedNothingExitsOne() {
        assertEquals(Main.FAILED, exitCode(0, 0, null, true));
        assertTrue(err().contains("no operation completed"), err());
    }
}
