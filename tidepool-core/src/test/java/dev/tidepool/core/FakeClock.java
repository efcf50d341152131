package dev.tidepool.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
final class FakeClock implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    long advance(Duration d) {
        return now.addAndGet(d.toNanos());
    }
}
