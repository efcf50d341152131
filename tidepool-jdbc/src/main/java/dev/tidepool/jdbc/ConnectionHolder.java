package dev.tidepool.jdbc;

import java.time.Duration;

/**
 * Who holds one borrowed connection, taken as a snapshot by {@link TidepoolDataSource#holders()}.
 *
 * @param user the user the connection is logged in as (null: the driver's default)
 * @param thread the borrowing thread (its current stack tells what it is doing now)
 * @param heldFor how long it has been borrowed
 * @param sinceLastActivity time since the last execute, commit or rollback (or the borrow)
 * @param inTransaction whether a transaction is open, as far as the pool saw
 * @param lastSql the last SQL the holder sent, or null
 * @param borrowStack the stack at borrow time, recorded only when leakThreshold is set; else null
 */
public record ConnectionHolder(String user, Thread thread, Duration heldFor, Duration sinceLastActivity,
                               boolean inTransaction, String lastSql, StackTraceElement[] borrowStack) {

    /** The holder thread's name, or "?" once the thread is gone. */
    public String threadName() {
        return thread == null ? "?" : thread.getName();
    }
}
