package dev.tidepool.core.internal;

/**
 * Thrown inside a sub-pool to a borrower that queued while the pool was suspended: the borrow
 * starts over in {@link SubPool}'s gated path, which waits for the resume within the borrower's
 * original deadline. Never leaves {@link SubPool#borrow}. No stack: it is expected.
 */
final class Suspended extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What {@link SubPool#suspend()} puts in the slot of each waiter. */
    static final Suspended MARK = new Suspended(0, 0);

    /** When the borrow began and how long it may take in all (System.nanoTime). */
    final long start;
    final long timeoutNanos;

    Suspended(long start, long timeoutNanos) {
        super("suspended", null, false, false);
        this.start = start;
        this.timeoutNanos = timeoutNanos;
    }
}
