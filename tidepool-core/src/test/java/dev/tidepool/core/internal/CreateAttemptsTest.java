package dev.tidepool.core.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateAttemptsTest {
    private static final long MS = 1_000_000L;
    private static final long INTERVAL = CreateAttempts.PROBE_INTERVAL.toNanos();

    @Test
    void anAttemptUnderWayForAProbeIntervalIsStaleAndAllowsOneMoreProbeUpToTheLimit() {
        CreateAttempts a = new CreateAttempts();
        assertEquals(1, CreateAttempts.probesAllowed(a.stale(0)), "one probe while creations fail");
        int first = a.begin(0);
        assertEquals(0, a.stale(INTERVAL - 1), "a young attempt is not stale");
        assertEquals(1, a.stale(INTERVAL));
        assertEquals(2, CreateAttempts.probesAllowed(a.stale(INTERVAL)));
        a.begin(INTERVAL);
        a.begin(INTERVAL);
        a.begin(INTERVAL);
        assertEquals(4, a.stale(10 * INTERVAL));
        assertEquals(CreateAttempts.MAX_PROBES, CreateAttempts.probesAllowed(a.stale(10 * INTERVAL)), "capped");
        a.end(first);
        assertEquals(3, a.stale(10 * INTERVAL), "an ended attempt is no longer counted");
        assertTrue(a.begin(10 * INTERVAL) >= 0, "its slot is free again");
        assertEquals(-1, a.begin(10 * INTERVAL), "no slot beyond the limit: untracked");
    }

    @Test
    void theBackOffCountsFromTheStartOfTheFailedAttempt() {
        assertEquals(400 * MS, CreateAttempts.remainingBackoff(500 * MS, 0, 100 * MS), "a quick failure waits the rest");
        assertEquals(0, CreateAttempts.remainingBackoff(500 * MS, 0, 3000 * MS), "a timed-out attempt has waited enough");
    }
}
