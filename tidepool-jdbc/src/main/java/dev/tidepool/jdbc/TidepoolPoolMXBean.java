package dev.tidepool.jdbc;

/**
 * The management view of one {@link TidepoolDataSource}, registered with {@code registerMbeans=true}
 * under {@code dev.tidepool:type=Pool,name=<poolName>} in the platform MBean server, and
 * unregistered when the data source closes. Readable from JConsole, VisualVM, jmxterm or any JMX
 * client (a proxy: {@code JMX.newMXBeanProxy(connection, name, TidepoolPoolMXBean.class)}).
 *
 * <p>The counts are those of {@link TidepoolDataSource#stats()}. Only {@code MaxSize},
 * {@code MinIdle} and {@code AcquireTimeoutMillis} may be changed; every other setting is fixed
 * for the pool's life. No attribute carries the password: the configuration is shown as
 * {@link TidepoolConfig#toString()} shows it (password masked, secrets in the URL masked) and SQL
 * with its literals masked.
 */
public interface TidepoolPoolMXBean {

    /** The pool's name, as in every log line and message. */
    String getPoolName();

    /** Connections open now (idle + active). */
    int getTotal();

    /** Connections lent out now. */
    int getActive();

    /** Connections ready to lend. */
    int getIdle();

    /** Threads waiting in getConnection() now (including those waiting for a resume). */
    int getWaiting();

    /** Connections being opened now. */
    int getCreating();

    /** Connections opened since start. */
    long getCreated();

    /** Connections closed by the pool since start. */
    long getDestroyed();

    /** Failed attempts to open a connection since start. */
    long getCreateFailures();

    /** getConnection() calls that timed out since start. */
    long getTimeouts();

    /** The last connect failure in the pool's words (its class and hint), or null when the last attempt succeeded. */
    String getLastCreateFailure();

    /** Whether the pool is suspended ({@link #suspend()}). */
    boolean isSuspended();

    int getMaxSize();

    /**
     * Changes {@code maxSize} (>= 1 and >= MinIdle): see {@link TidepoolDataSource#setMaxSize(int)}.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    void setMaxSize(int maxSize);

    int getMinIdle();

    /** Changes {@code minIdle} (0..MaxSize): see {@link TidepoolDataSource#setMinIdle(int)}. */
    void setMinIdle(int minIdle);

    /** {@code acquireTimeout} in milliseconds. */
    long getAcquireTimeoutMillis();

    /** Changes {@code acquireTimeout} (milliseconds, > 0) for borrows that start from now. */
    void setAcquireTimeoutMillis(long millis);

    /** The configuration as built, every key with its value, the password masked. */
    String getConfiguration();

    /** Who holds the connections now, one line each: thread, user, held for, idle for, transaction, last SQL (masked). */
    String[] getHolders();

    /** The diagnosis text: who holds the connections, grouped by code location, and a verdict (takes a stack per holder). */
    String diagnose();

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    void softEvictAll();

    /** Stops lending until {@link #resume()}; borrowers wait within acquireTimeout. */
    void suspend();

    /** Lends again after {@link #suspend()}. */
    void resume();
}
