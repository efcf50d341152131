package dev.tidepool.core;

/**
 * A snapshot of a pool's counts. The gauges ({@code total} ... {@code creating}) are read one by
 * one without a lock, so under load they may not add up exactly; the counters only grow.
 *
 * @param total resources open now (idle + active)
 * @param active resources lent out now
 * @param idle resources ready to lend
 * @param waiting threads waiting in {@code acquire}
 * @param creating creations under way
 * @param created resources created since start
 * @param destroyed resources destroyed since start
 * @param createFailures failed creation attempts since start
 * @param timeouts acquisitions that timed out since start
 * @param rejected acquisitions turned away at once since start, because {@code maxWaiters}
 *        threads already waited (load shedding)
 * @param lastCreateFailure the last creation failure in the factory's words
 *        ({@link ResourceFactory#describeFailure(Throwable)}), or null when the last creation
 *        succeeded or none failed yet
 */
public record PoolStats(int total, int active, int idle, int waiting, int creating,
                        long created, long destroyed, long createFailures, long timeouts,
                        long rejected, String lastCreateFailure) {

    /** Counts without load shedding ({@code rejected} = 0). */
    public PoolStats(int total, int active, int idle, int waiting, int creating, long created, long destroyed,
                     long createFailures, long timeouts, String lastCreateFailure) {
        this(total, active, idle, waiting, creating, created, destroyed, createFailures, timeouts, 0, lastCreateFailure);
    }

    /** The counts in the form every timeout message uses. */
    public String counts() {
        return "total=" + total + ", active=" + active + ", idle=" + idle
                + ", waiting=" + waiting + ", creating=" + creating;
    }
}
