package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.jdbc.Diagnosis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes the exhaustion report to the log when waiters start timing out, at most once per
 * {@link #INTERVAL}: a pool that runs dry under load times out many waiters at once, and one
 * report says what all of them would.
 */
public final class ExhaustionLog {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");
    public static final Duration INTERVAL = Duration.ofSeconds(30);

    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicLong lastLoggedAt;

    public ExhaustionLog() {
        this(INTERVAL, System::nanoTime);
    }

    /** With a given interval and clock (tests use a fake one). */
    public ExhaustionLog(Duration interval, LongSupplier clock) {
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.lastLoggedAt = new AtomicLong(clock.getAsLong() - intervalNanos);
    }

    /** Whether a report is due now; true claims it (only one caller per interval gets true). */
    public boolean due() {
        long now = clock.getAsLong();
        long last = lastLoggedAt.get();
        return now - last >= intervalNanos && lastLoggedAt.compareAndSet(last, now);
    }

    /** Logs {@code report} if one is due. */
    public void timedOut(Diagnosis report) {
        if (due()) {
            LOG.log(System.Logger.Level.WARNING, report::toString);
        }
    }
}
