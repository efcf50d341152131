package dev.tidepool.jdbc;

/**
 * Whether the pool talks to PostgreSQL through PgBouncer, and in which pool mode (configuration key
 * {@code pgbouncer}; in Properties {@code auto}, {@code transaction}, {@code session} or {@code off},
 * any case). Only PostgreSQL URLs (pgjdbc) are affected.
 *
 * <p>In transaction mode PgBouncer lends a server connection for one transaction only, so session
 * state does not follow the client: the pool then sets pgjdbc's {@code prepareThreshold=0} (unless
 * the configuration sets it), sends no full session reset on return ({@code DISCARD ALL} would run
 * on whichever server connection PgBouncer picks), and warns, naming the statement and the code,
 * when a borrower runs SQL whose effect outlives its transaction ({@code SET} without
 * {@code LOCAL}, advisory locks, temporary tables, {@code LISTEN}, {@code PREPARE}).
 */
public enum PgBouncerMode {

    /**
     * Detect a connection pooler on the first connection (the backend key PgBouncer hands out is not
     * the server's {@code pg_backend_pid()}); when one is found, act as in {@link #TRANSACTION},
     * the mode in which session state breaks. Costs one query on the pool's first connection.
     */
    AUTO,

    /** PgBouncer in {@code pool_mode = transaction} (or {@code statement}). */
    TRANSACTION,

    /** PgBouncer in {@code pool_mode = session}: a client keeps its server connection, so nothing changes. */
    SESSION,

    /** No detection, no change: the pool behaves as against PostgreSQL itself. */
    OFF
}
