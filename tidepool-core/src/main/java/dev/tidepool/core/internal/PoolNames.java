package dev.tidepool.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names pools that were given none: {@code tidepool-1}, {@code tidepool-2}... in the order they
 * start, one counter per JVM for the generic and the JDBC pools, so two unnamed pools never share
 * a name. The only JVM-wide state of Tidepool: a name must be unique where logs and metrics meet.
 */
public final class PoolNames {
    private static final AtomicInteger LAST = new AtomicInteger();

    private PoolNames() {
    }

    /** The next name; call it when a pool starts, not when its settings are built. */
    public static String next() {
        return "tidepool-" + LAST.incrementAndGet();
    }
}
