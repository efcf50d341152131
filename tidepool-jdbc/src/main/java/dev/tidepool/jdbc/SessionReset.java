package dev.tidepool.jdbc;

/**
 * How much of a connection's session is reset when it comes back to the pool (configuration key
 * {@code sessionReset}; in Properties {@code auto}, {@code always} or {@code never}, any case).
 *
 * <p>The attributes changed through JDBC (autoCommit, isolation, readOnly, catalog, schema, network
 * timeout, holdability) are always restored and an open transaction is always rolled back; this
 * setting is only about session state that SQL can change behind the driver's back (for example
 * {@code SET search_path}, temporary tables, prepared statements on the server).
 */
public enum SessionReset {

    /** Reset the full session only when a borrower ran SQL that may have changed session state. */
    AUTO,

    /** Reset the full session on every return: safest, and costs a round trip each time. */
    ALWAYS,

    /** Never reset the full session: for applications that never change session state in SQL. */
    NEVER
}
