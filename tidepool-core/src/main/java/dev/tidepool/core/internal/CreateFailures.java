package dev.tidepool.core.internal;

import dev.tidepool.core.ResourceFactory;
import dev.tidepool.core.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a pool knows about its failed creations: the current streak, the last failure (as thrown
 * and in the factory's words, worded once per failure), a failure the factory called persistent,
 * and the total. It logs the first failure of a streak, then one line every
 * {@link #LOG_INTERVAL} with the count: a database that stays down does not flood the log.
 *
 * <p>Written by creating threads: at most a few at once ({@link CreateAttempts#MAX_PROBES}
 * while probes are stuck), so the plain update of the streak can at worst miss a count, which
 * only shortens a back-off. Read by any thread, for stats and error messages.
 */
final class CreateFailures {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.core");
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final String poolName;
    private final String noun;
    private final ResourceFactory<?> factory;
    private final Ticker ticker;
    private final LongAdder total = new LongAdder();
    private volatile Throwable last;
    private volatile String lastText;
    private volatile Throwable persistent;
    private volatile int streak;
    private long lastLogAt;

    CreateFailures(String poolName, String noun, ResourceFactory<?> factory, Ticker ticker) {
        this.poolName = poolName;
        this.noun = noun;
        this.factory = factory;
        this.ticker = ticker;
    }

    /** A creation succeeded: the streak, the last failure and any persistent one are over. */
    void succeeded() {
        streak = 0;
        last = null;
        lastText = null;
        persistent = null;
    }

    /** Records and logs a failed creation; returns the failures in a row, this one included. */
    int failed(Throwable t) {
        last = t;
        String text = describe(t);
        lastText = text;
        total.increment(); // after the text: whoever sees the count sees the failure
        int failures = streak + 1;
        streak = failures;
        log(text, failures);
        return failures;
    }

    /** The factory called {@code t} persistent: waiters are turned away until a creation succeeds. */
    void failedPersistently(Throwable t) {
        persistent = t;
    }

    /** Failed creations in a row; 0 once one succeeds. */
    int streak() {
        return streak;
    }

    /** The last failure of the current streak, as thrown; null when the last creation succeeded. */
    Throwable last() {
        return last;
    }

    /** {@link #last()} in the factory's words (classified, secrets masked), for stats. */
    String lastText() {
        return lastText;
    }

    /** A failure the factory called persistent, until the next success; else null. */
    Throwable persistent() {
        return persistent;
    }

    long total() {
        return total.sum();
    }

    private String describe(Throwable t) {
        try {
            return factory.describeFailure(t);
        } catch (RuntimeException | LinkageError ex) {
            LOG.log(System.Logger.Level.DEBUG, () -> poolName + " - describing a creation failure failed: " + ex);
            return t.getClass().getName();
        }
    }

    /**
     * Logs the factory's wording ({@link ResourceFactory#describeFailure}), not the raw exception:
     * for JDBC that is the classified cause with its fix, with password-like text masked.
     */
    private void log(String description, int failures) {
        long now = ticker.nanoTime();
        if (failures > 1 && now - lastLogAt < LOG_INTERVAL.toNanos()) {
            return;
        }
        lastLogAt = now;
        LOG.log(System.Logger.Level.WARNING, () -> poolName + " - cannot create a " + noun
                + (failures > 1 ? " (" + failures + " failures in a row)" : "") + ": " + description);
    }
}
