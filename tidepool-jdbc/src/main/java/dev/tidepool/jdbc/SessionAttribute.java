package dev.tidepool.jdbc;

/**
 * What the pool restored when a borrower gave a connection back
 * ({@link TidepoolListener#attributeReset(SessionAttribute)}): the JDBC attributes the borrower
 * changed, an open transaction it left behind, or the database's full session reset
 * ({@code sessionReset}). Counting them shows which code paths leave state behind, and what that
 * costs in round trips.
 */
public enum SessionAttribute {
    /** {@code setAutoCommit} was changed and put back. */
    AUTO_COMMIT,
    /** {@code setTransactionIsolation} was changed and put back. */
    TRANSACTION_ISOLATION,
    /** {@code setReadOnly} was changed and put back. */
    READ_ONLY,
    /** {@code setCatalog} was changed and put back. */
    CATALOG,
    /** {@code setSchema} was changed and put back. */
    SCHEMA,
    /** {@code setHoldability} was changed and put back. */
    HOLDABILITY,
    /** {@code setNetworkTimeout} was changed and put back. */
    NETWORK_TIMEOUT,
    /** A transaction was left open and rolled back. */
    TRANSACTION,
    /** The database's full session reset ran (DISCARD ALL, COM_RESET_CONNECTION). */
    SESSION
}
