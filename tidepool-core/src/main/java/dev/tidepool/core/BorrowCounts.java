package dev.tidepool.core;

/**
 * How many borrows a pool lent and how many came back, counted while some listener
 * {@linkplain PoolListener#wantsTimings() wants timings} (a pool with no such listener counts
 * nothing, to keep the borrow path free of it). Each connection counts its own borrows in plain
 * fields written by its borrower; a reading sums them, so counting costs a borrow no shared write.
 * Readings never go down; one taken while a borrow is under way may miss it until the next.
 * Given to {@link PoolListener#attached}.
 */
public interface BorrowCounts {

    /** Borrows lent so far (a borrow that timed out or was turned away is not one). */
    long borrows();

    /** Borrows returned (or invalidated) so far. */
    long returns();
}
