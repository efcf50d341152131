package dev.tidepool.core;

import java.time.Duration;

/**
 * Who holds one borrowed resource, taken as a snapshot by {@link Pool#holders()}.
 *
 * @param resource the borrowed resource (for layers that keep their own state in it)
 * @param thread the borrowing thread (its current stack tells what it is doing now)
 * @param heldFor how long it has been borrowed
 * @param sinceLastActivity time since the holder last reported activity
 * @param borrowStack the stack at borrow time, recorded only when a leak threshold is set; else null
 */
public record HolderInfo<T>(T resource, Thread thread, Duration heldFor, Duration sinceLastActivity,
                            StackTraceElement[] borrowStack) {

    /** The holder thread's name, or "?" once the thread is gone. */
    public String threadName() {
        return thread == null ? "?" : thread.getName();
    }
}
