package dev.tidepool.core;

/** The pool's clock, in nanoseconds. Tests inject a fake one to drive time by hand. */
@FunctionalInterface
public interface Ticker {

    /** The system's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
