package dev.tidepool.jdbc;

import dev.tidepool.core.PoolListener;

/**
 * A {@link PoolListener} that also hears the JDBC pool's own events. Pass one to
 * {@link TidepoolDataSource#TidepoolDataSource(TidepoolConfig, PoolListener)} or attach it to a
 * running pool with {@link TidepoolDataSource#addListener(PoolListener)}; every method has a
 * no-op default. Calls come from the pool's threads and from borrowers; implementations must be
 * fast and must not throw. The pool logs each warning itself, so a listener never has to log to
 * keep it visible.
 */
public interface TidepoolListener extends PoolListener {

    /**
     * A borrowed connection has had a transaction open with no JDBC call for longer than
     * {@code idleInTransactionThreshold}: its holder is doing something else (a remote call?)
     * while the transaction holds locks and a connection. Called once per borrow.
     *
     * @param holder who holds it, and since when
     * @param stackNow the holder thread's stack when the warning was raised (empty once the thread ended)
     */
    default void idleInTransaction(ConnectionHolder holder, StackTraceElement[] stackNow) {
    }

    /**
     * A borrowed connection's {@code Connection} became unreachable without {@code close()} (only
     * detected when {@code leakThreshold} is set). The pool closes the physical connection and
     * frees its slot; {@code holder.borrowStack()} says where it was borrowed.
     */
    default void connectionAbandoned(ConnectionHolder holder) {
    }

    /**
     * Opening a connection failed, for the reason given (also {@link #createFailed(Throwable)},
     * with the driver's exception, which may name the user but never carries the password).
     */
    default void connectFailed(ConnectFailure failure) {
    }

    /**
     * Giving a connection back, the pool restored {@code attribute}, which the borrower had
     * changed (one call per attribute per return; none when the borrower changed nothing).
     */
    default void attributeReset(SessionAttribute attribute) {
    }
}
