package dev.tidepool.core;

/**
 * A handle on something attached to a running pool, such as a listener
 * ({@link Pool#addListener(PoolListener)}): {@link #close()} detaches it. Closing twice does
 * nothing; it never throws, so it fits try-with-resources without a catch.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Detaches what was attached; a second call does nothing. */
    @Override
    void close();
}
