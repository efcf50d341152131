package dev.tidepool.core;

/**
 * One borrowing of a pooled resource. Closing the lease returns the resource; closing it twice
 * is a no-op. A lease belongs to the thread that uses it: it is not meant to be shared.
 */
public interface Lease<T> extends AutoCloseable {

    /**
     * The borrowed resource.
     *
     * @throws IllegalStateException if this lease was already closed or invalidated
     */
    T get();

    /** Returns the resource to the pool (after {@link ResourceFactory#reset(Object)}). */
    @Override
    void close();

    /** Destroys the resource instead of returning it, because the borrower found it broken. */
    void invalidate();
}
