package dev.tidepool.core.internal;

import java.time.Duration;

/**
 * The creations under way and when each began, so that attempts stuck in connect or login do not
 * hold the pool back while creations fail (issue 13). A network that drops packets leaves an
 * attempt waiting for its driver's connect or login timeout, seconds after the network is back;
 * with one probe at a time, that attempt alone decided when the pool noticed. Instead, each attempt
 * under way longer than {@link #PROBE_INTERVAL} allows one more beside it, up to
 * {@link #MAX_PROBES}: probes start staggered, and the first one started after the network returns
 * gets through, whatever the older ones still wait for. Stale attempts are not interrupted (the
 * driver offers no safe way); they end at their own timeout, holding their capacity slot until
 * then, so the pool never has more than {@code maxSize} connections open or opening.
 *
 * <p>Creation path only (a few calls per created resource), so a monitor is cheap enough.
 */
final class CreateAttempts {
    /** Most creations at once while creations fail. */
    static final int MAX_PROBES = 4;
    /** An attempt under way this long no longer stops another from starting while creations fail. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final long PROBE_INTERVAL_NANOS = PROBE_INTERVAL.toNanos();

    /** Start times of the attempts under way; slot free when not {@code inUse}. Guarded by this. */
    private final long[] startedAt = new long[Math.max(MAX_PROBES, Creator.MAX_CONCURRENT_CREATES)];
    private final boolean[] inUse = new boolean[startedAt.length];

    /** An attempt begins at {@code now}; returns its slot (-1 when untracked: more under way than slots). */
    synchronized int begin(long now) {
        for (int i = 0; i < inUse.length; i++) {
            if (!inUse[i]) {
                inUse[i] = true;
                startedAt[i] = now;
                return i;
            }
        }
        return -1;
    }

    /** The attempt in {@code slot} ended, either way. */
    synchronized void end(int slot) {
        if (slot >= 0) {
            inUse[slot] = false;
        }
    }

    /**
     * Attempts under way for {@link #PROBE_INTERVAL} or longer: while creations fail they are
     * presumed stuck, and neither cover demand nor stop a fresh probe.
     */
    synchronized int stale(long now) {
        int stale = 0;
        for (int i = 0; i < inUse.length; i++) {
            if (inUse[i] && now - startedAt[i] >= PROBE_INTERVAL_NANOS) {
                stale++;
            }
        }
        return stale;
    }

    /**
     * How many creations may be under way at once while creations fail: one probe, plus one for
     * every {@link #stale} attempt, at most {@link #MAX_PROBES}.
     */
    static int probesAllowed(int stale) {
        return Math.min(MAX_PROBES, 1 + stale);
    }

    /**
     * The back-off before the next attempt after a failed one that began at {@code begin}: the
     * exponential {@code backoff}, counted from the attempt's start. An attempt that itself waited
     * out a timeout longer than the back-off has waited enough: the retry may start at once.
     */
    static long remainingBackoff(long backoff, long begin, long now) {
        return Math.max(0, backoff - Math.max(0, now - begin));
    }
}
