package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The probe shape of {@link Poll}: what it returns, and what it makes its caller declare. */
class PollTest {

    // No throws clause: a probe that throws nothing checked must not force one on its caller.
    @Test
    void aProbeThatThrowsNothingCheckedReturnsTheFirstValueThatIsDone() {
        AtomicInteger reads = new AtomicInteger();
        int value = Poll.until(Duration.ofSeconds(10), reads::incrementAndGet, n -> n == 3);
        assertEquals(3, value);
        assertEquals(3, reads.get(), "no read after the value was done");
    }

    @Test
    void afterTheBoundItReturnsTheLastValueReadSoTheCallerCanReportIt() {
        AtomicInteger reads = new AtomicInteger();
        long start = System.nanoTime();
        int value = Poll.until(Duration.ofMillis(50), reads::incrementAndGet, n -> false);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos(), "waited the bound out");
        assertEquals(reads.get(), value, "the last value read");
    }

    @Test
    void aProbesCheckedExceptionReachesTheCallerAsItsOwnType() {
        SQLException refused = new SQLException("refused", "08001");
        assertSame(refused, assertThrows(SQLException.class, () -> readFailing(refused)));
    }

    // Declares only SQLException: compiles because the probe's exception type is inferred, not Exception.
    private static Object readFailing(SQLException failure) throws SQLException {
        return Poll.until(Duration.ofSeconds(10), () -> {
            throw failure;
        }, v -> true);
    }
}
