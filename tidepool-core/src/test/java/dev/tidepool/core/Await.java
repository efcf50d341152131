package dev.tidepool.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions the pool reaches on its own threads (public for the internal package's tests). */
public final class Await {
    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after 10 s waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    static boolean noThreadNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith(prefix));
    }
}
