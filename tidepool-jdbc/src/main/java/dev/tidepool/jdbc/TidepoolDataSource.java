package dev.tidepool.jdbc;

import dev.tidepool.core.EnginePool;
import dev.tidepool.core.EngineView;
import dev.tidepool.core.KeyedEnginePool;
import dev.tidepool.core.PoolEngine;
import dev.tidepool.core.PoolEntry;
import dev.tidepool.core.PoolException;
import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolListeners;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.PoolTimeoutException;
import dev.tidepool.core.PoolUnavailableException;
import dev.tidepool.core.Registration;
import dev.tidepool.core.Ticker;
import dev.tidepool.jdbc.internal.BorrowFailureTranslator;
import dev.tidepool.jdbc.internal.ConnectionFactory;
import dev.tidepool.jdbc.internal.ConnectionSource;
import dev.tidepool.jdbc.internal.ConnectionWrapper;
import dev.tidepool.jdbc.internal.CredentialSource;
import dev.tidepool.jdbc.internal.CredentialPartitions;
import dev.tidepool.jdbc.internal.Credentials;
import dev.tidepool.jdbc.internal.DeadConnectionClassifier;
import dev.tidepool.jdbc.internal.JdbcEvents;
import dev.tidepool.jdbc.internal.PooledConnection;
import dev.tidepool.jdbc.internal.diagnosis.DrainLog;
import dev.tidepool.jdbc.internal.cluster.Cluster;
import dev.tidepool.jdbc.internal.diagnosis.ExhaustionReport;
import dev.tidepool.jdbc.internal.diagnosis.Holders;
import dev.tidepool.jdbc.internal.diagnosis.IdleInTransactionWatch;
import dev.tidepool.jdbc.internal.diagnosis.LeakCleaner;
import dev.tidepool.jdbc.internal.diagnosis.StackReducer;
import dev.tidepool.jdbc.internal.jmx.PoolMBeans;

import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A pooled {@link DataSource}. Build it from an immutable {@link TidepoolConfig}:
 *
 * <pre>{@code
 * TidepoolConfig config = TidepoolConfig.builder()
 *         .jdbcUrl("jdbc:postgresql://localhost:5432/app").username("app").password(secret)
 *         .maxSize(20).build();
 * try (TidepoolDataSource ds = new TidepoolDataSource(config);
 *      Connection c = ds.getConnection()) {
 *     ...
 * }
 * }</pre>
 *
 * The data source is not its configuration: there are no setters; to change a setting, build a
 * new data source. {@code getConnection()} waits at most {@code acquireTimeout}; the connection
 * it returns is a wrapper, and closing it gives the connection back: the pool closes the
 * statements left open, rolls back an open transaction and restores every session attribute the
 * borrower changed, or destroys the connection if any of that fails or if an error said the
 * connection is dead.
 *
 * <p>{@link #getConnection(String, String)} borrows from a separate partition per credentials
 * (created on first use, with {@code minIdle} 0 and at most {@code maxSize} connections over all
 * partitions), so one user's connection is never lent to another.
 *
 * <h2>At runtime</h2>
 * Listeners (metrics, a dashboard) may be attached to the running pool ({@link #addListener});
 * the pool may be {@linkplain #suspend() suspended} and resumed; and three settings may change:
 * {@link #setMaxSize maxSize}, {@link #setMinIdle minIdle} and {@link #setAcquireTimeout
 * acquireTimeout}. Every other setting is fixed for the life of the data source ({@link #config()}
 * shows them as built; the three current values have their own getters).
 *
 * <p>Why this class is over 400 lines: it is the JDBC pool's public face, and about half of it is
 * the Javadoc of what a user calls. The work is elsewhere, each part in a class of its own: the
 * engine lends ({@code EnginePool}), {@code ConnectionFactory} connects, {@code ConnectionWrapper}
 * and {@code PooledConnection} keep and reset the session, {@code CredentialPartitions} holds the
 * other credentials' partitions, {@code BorrowFailureTranslator} turns a failed borrow into the
 * {@code SQLException} with its diagnosis. What stays here is wiring them at start and handing each
 * public method to its part.
 */
public final class TidepoolDataSource implements DataSource, Closeable {
    /**
     * Over how long the connections opened before a credentials rotation retire: long enough that
     * the pool reopens a few at a time, short enough that old credentials (a lease about to expire)
     * leave the server soon.
     */
    public static final Duration CREDENTIAL_ROTATION_SPREAD = Duration.ofSeconds(10);
    private final TidepoolConfig config;
    private final String poolName;
    /** The listeners: the constructor's and those attached later; shared by the partitions. */
    private final PoolListeners listeners;
    private final JdbcEvents events;
    private final ConnectionSource source;
    private final DeadConnectionClassifier classifier;
    /** The hosts connections are routed over, or null for a single-host pool. */
    private final Cluster cluster;
    private final EnginePool<PooledConnection> pool;
    /** The pool's engine, which lends its own entries: the borrow allocates only the ConnectionWrapper. */
    private final PoolEngine<PooledConnection> engine;
    // The settings that may change at runtime; written under resizeLock.
    private volatile long acquireTimeoutNanos;
    private volatile Duration acquireTimeout;
    private volatile int maxSize;
    private volatile int minIdle;
    private final Object resizeLock = new Object();
    private final Ticker ticker;
    private final CredentialPartitions partitions;
    private volatile boolean closed;
    private volatile PrintWriter logWriter;
    // Diagnosis: nothing here runs on the borrow path unless leakThreshold is set (then leakCleaner registers).
    private final IdleInTransactionWatch holderWatch;
    private final LeakCleaner leakCleaner;
    private final BorrowFailureTranslator failures;
    /** The MXBean's registration (registerMbeans), or null. */
    private final PoolMBeans mbean;

    /**
     * Starts a pool. With {@code failFast} (the default) it opens one connection first, within
     * {@code acquireTimeout}.
     *
     * @throws IllegalArgumentException when no driver accepts {@code jdbcUrl},
     *         {@code driverClassName} or {@code dataSourceClassName} cannot be used, or a
     *         {@code driver.<name>} is not a property of the data source (nothing is started)
     * @throws SQLException when {@code failFast} is on and no connection could be opened; the
     *         driver's failure is the cause, and the pool is closed again (no thread is left)
     * @throws IllegalStateException with {@code registerMbeans}, when another MBean has this pool's
     *         name (the pool is closed again)
     */
    public TidepoolDataSource(TidepoolConfig config) throws SQLException {
        this(config, PoolListener.NONE);
    }

    /** Like {@link #TidepoolDataSource(TidepoolConfig)}, with a listener for metrics or diagnosis. */
    public TidepoolDataSource(TidepoolConfig config, PoolListener listener) throws SQLException {
        this(config, listener, Ticker.SYSTEM, true);
    }

    /**
     * The package's view for tests of time-based decisions: a fake {@code ticker}, and with
     * {@code housekeeping} false no housekeeping thread, so the test runs the passes itself
     * ({@link #runMaintenance(long)}).
     */
    TidepoolDataSource(TidepoolConfig config, PoolListener listener, Ticker ticker, boolean housekeeping)
            throws SQLException {
        config = named(Objects.requireNonNull(config, "config"));
        this.config = config;
        this.listeners = PoolListeners.of(Objects.requireNonNull(listener, "listener"));
        this.events = new JdbcEvents(listeners);
        this.poolName = config.poolName();
        this.source = ConnectionSource.of(config);
        this.classifier = new DeadConnectionClassifier(source.vendor(), null);
        this.ticker = ticker;
        this.failures = new BorrowFailureTranslator(poolName, config.password());
        PoolSettings settings = config.toPoolSettings(ticker, listeners);
        this.acquireTimeout = settings.acquireTimeout();
        this.acquireTimeoutNanos = acquireTimeout.toNanos();
        this.maxSize = settings.maxSize();
        this.minIdle = settings.minIdle();
        this.cluster = Cluster.of(config, ticker);
        ConnectionFactory factory = new ConnectionFactory(config, source, config.username(), config.password(),
                classifier, cluster).reportingTo(events);
        CredentialSource credentials = config.credentialsSupplier() == null ? null
                : new CredentialSource(poolName, config.credentialsSupplier());
        if (credentials != null) {
            factory.loginWith(credentials);
        }
        this.pool = EnginePool.create(factory, settings, housekeeping, "connection");
        this.engine = pool.engine();
        if (cluster != null) {
            cluster.onHostLost(this::evictLostHosts);
        }
        if (credentials != null) {
            credentials.onRotation(() -> pool.evictAllWithin(CREDENTIAL_ROTATION_SPREAD));
        }
        this.leakCleaner = config.leakThreshold().isZero() ? null
                : new LeakCleaner(poolName, events, StackReducer.DEFAULT);
        this.holderWatch = new IdleInTransactionWatch(poolName, config.idleInTransactionThreshold(),
                config.leakThreshold(), events, StackReducer.DEFAULT, leakCleaner);
        pool.watchHolders(holderWatch);
        this.partitions = new CredentialPartitions(poolName, maxSize, this::createKeyedPool);
        if (config.failFast()) {
            openFirstConnection();
        }
        this.mbean = config.registerMbeans() ? registerMbean() : null;
    }

    /** Registers the MXBean; on failure (a name clash) the pool is closed again before the error propagates. */
    private PoolMBeans registerMbean() {
        try {
            return PoolMBeans.register(this);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The configuration with its pool name: the given one, or the next {@code tidepool-<n>}. Numbered
     * here, when the pool starts, because one configuration may start several pools.
     */
    private static TidepoolConfig named(TidepoolConfig config) {
        return config.poolName() != null ? config : config.toBuilder().poolName(PoolSettings.nextName()).build();
    }

    /**
     * A data source configured by {@link TidepoolConfig#fromProperties(Properties)}, with the same
     * keys as the builder. As with the constructor, the type says whose fault it is: a wrong
     * configuration is an {@code IllegalArgumentException}, a database that cannot be reached an
     * {@code SQLException}.
     *
     * @throws IllegalArgumentException when a key, a value or a combination is wrong (one exception
     *         lists every problem, each naming its key, the value and the rule), or no driver accepts
     *         {@code jdbcUrl}; nothing is started
     * @throws SQLException when {@code failFast} is on and no connection could be opened within
     *         {@code acquireTimeout}; the driver's failure is the cause, and the pool is closed again
     */
    public static TidepoolDataSource fromProperties(Properties properties) throws SQLException {
        return new TidepoolDataSource(TidepoolConfig.fromProperties(properties));
    }

    private void openFirstConnection() throws SQLException {
        try {
            engine.borrow(acquireTimeoutNanos).release();
        } catch (PoolTimeoutException | PoolUnavailableException e) {
            pool.close();
            // A definite failure (refused, unknown host, login, database) ends start-up at once.
            throw failures.firstConnectionFailure(e.getCause(), e instanceof PoolUnavailableException,
                    config.acquireTimeout().toMillis());
        } catch (InterruptedException e) {
            pool.close();
            Thread.currentThread().interrupt();
            throw new SQLException(poolName + " - interrupted while opening the first connection (failFast)", e);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- DataSource

    /**
     * Borrows a connection, waiting at most {@code acquireTimeout}. Close it to give it back.
     *
     * @throws SQLTransientConnectionException when none became free in time; the message starts
     *         {@code <poolName> - no connection available within <N> ms (total=...)} and the cause
     *         is the last connect failure
     * @throws SQLNonTransientConnectionException at once, when connects fail for a reason waiting
     *         will not fix (wrong password, missing database) and nothing is open
     * @throws SQLTransientConnectionException at once, too, while no connection has ever opened and
     *         connects are refused or the host name does not resolve (the message names the class)
     * @throws SQLException when the pool is closed, or the thread was interrupted (the flag is kept)
     */
    @Override
    public Connection getConnection() throws SQLException {
        return borrow(engine);
    }

    /**
     * Borrows a connection logged in with these credentials, from a partition of its own. The
     * configured credentials use the main pool. A wrong password fails (within
     * {@code acquireTimeout}, with the driver's failure as cause); it never gets another user's
     * connection.
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (Objects.equals(username, config.username()) && Objects.equals(password, config.password())) {
            return borrow(engine);
        }
        Credentials credentials = new Credentials(username, password);
        KeyedEnginePool<Credentials, PooledConnection> k = partitions.pool();
        PoolEntry<PooledConnection> e;
        try {
            // asks again by itself when the partition was removed (unused) just before this borrower queued
            e = k.borrow(credentials, acquireTimeoutNanos);
        } catch (PoolException | InterruptedException failure) {
            // the partition's holders for the report; gone (removed while unused) means none
            throw failures.translate(failure, k.existingEngine(credentials).orElse(null), maxSize);
        }
        return wrap(e);
    }

    private Connection borrow(PoolEngine<PooledConnection> from) throws SQLException {
        PoolEntry<PooledConnection> e;
        try {
            e = from.borrow(acquireTimeoutNanos);
        } catch (PoolException | InterruptedException failure) {
            throw failures.translate(failure, from, maxSize);
        }
        return wrap(e);
    }

    /** The one allocation of a borrow, unless leak tracking is on. */
    private Connection wrap(PoolEntry<PooledConnection> e) {
        ConnectionWrapper c = new ConnectionWrapper(e);
        if (leakCleaner != null) {
            leakCleaner.register(c, e);
        }
        return c;
    }

    /** The partitions' keyed pool, with {@code max} connections per partition and over all of them. */
    private KeyedEnginePool<Credentials, PooledConnection> createKeyedPool(int max) {
        PoolSettings perKey = config.toPoolSettings(ticker, listeners).toBuilder().minIdle(0).maxSize(max)
                .acquireTimeout(acquireTimeout).build();
        KeyedEnginePool<Credentials, PooledConnection> k = KeyedEnginePool.create(key -> new ConnectionFactory(
                config, source, key.user(), key.password(), classifier, cluster).reportingTo(events), perKey, max, true,
                "connection");
        k.watchHolders(holderWatch);
        return k;
    }

    /** A host was lost: its connections go, idle ones now, borrowed ones on return (partitions too). */
    private void evictLostHosts() {
        engine.softEvict(PooledConnection::onLostHost);
        for (EngineView<PooledConnection> sub : partitions.engines()) {
            sub.softEvict(PooledConnection::onLostHost);
        }
    }

    /**
     * The hosts of a pool over several hosts ({@code hosts}, a host list in {@code jdbcUrl}, or
     * {@code targetServerType} set), in configured order: role, back-off, open connections, last
     * failure and connect latency of each. Empty for a single-host pool.
     */
    public List<HostStatus> hosts() {
        return cluster == null ? List.of() : cluster.status();
    }

    // ---------------------------------------------------------------- observing and managing

    /** One housekeeping pass of the configured user's pool at {@code nowNanos}: for tests with a fake clock. */
    long runMaintenance(long nowNanos) {
        return pool.runMaintenance(nowNanos);
    }

    /** The pool's counts; partitions (getConnection(user, password)) are added in. */
    public PoolStats stats() {
        return partitions.addedTo(engine.stats());
    }

    /**
     * How many credential partitions ({@code getConnection(user, password)}) exist now. A partition
     * that stays unused for {@code idleTimeout} (at most 30 s) is removed, so wrong passwords and
     * one-off users do not pile up.
     */
    public int partitionCount() {
        return partitions.count();
    }

    /** A snapshot of who holds connections now, partitions included. */
    public List<ConnectionHolder> holders() {
        List<ConnectionHolder> result = new ArrayList<>();
        Holders.addAll(engine, result);
        for (EngineView<PooledConnection> sub : partitions.engines()) {
            Holders.addAll(sub, result);
        }
        return result;
    }

    /**
     * Why the pool is (or is not) running dry, now: who holds the connections, grouped by code
     * location with their threads' current stacks reduced to application frames, and a verdict
     * (held long by a few code paths / too small or slow / cannot connect / not exhausted). The
     * same report follows the counts in every acquire-timeout message. Takes one stack per
     * borrowed connection; call it when you need it, not in a loop.
     */
    public Diagnosis diagnose() {
        PoolStats s = stats();
        List<ConnectionHolder> holders = holders();
        Throwable lastFailure = engine.lastCreateFailure();
        for (EngineView<PooledConnection> sub : partitions.engines()) {
            if (lastFailure == null) {
                lastFailure = sub.lastCreateFailure();
            }
        }
        return ExhaustionReport.build(new ExhaustionReport.Input(poolName, poolName + " - diagnosis ("
                + s.counts() + ")", false, s, maxSize, holders, lastFailure, config.password()));
    }

    // ---------------------------------------------------------------- changing it at runtime

    /**
     * Attaches a listener to the running pool (partitions included), beside the constructor's;
     * close the registration to detach it. A {@link TidepoolListener} also hears the JDBC events.
     * With no listener that {@linkplain PoolListener#wantsTimings() wants timings}, borrowing costs
     * what it costs without listeners: no clock read.
     */
    public Registration addListener(PoolListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listeners.add(listener);
    }

    /**
     * Stops lending connections until {@link #resume()}: {@code getConnection()} waits, within
     * {@code acquireTimeout} as always, and then fails with a timeout whose message says the pool
     * is suspended. Borrowers already waiting wait too; borrows already past the gate complete.
     * Connections in use are not affected, and returns, housekeeping and refills go on. For
     * failovers and credential rotations: suspend, {@link #softEvictAll()}, resume.
     */
    public void suspend() {
        synchronized (resizeLock) {
            pool.suspend();
            partitions.suspend();
        }
    }

    /** Lends again after {@link #suspend()}; waiting borrowers are served. */
    public void resume() {
        synchronized (resizeLock) {
            pool.resume();
            partitions.resume();
        }
    }

    public boolean isSuspended() {
        return pool.isSuspended();
    }

    /** The current {@code maxSize} (the configuration's, unless {@link #setMaxSize} changed it). */
    public int maxSize() {
        return maxSize;
    }

    /** The current {@code minIdle} (the configuration's, unless {@link #setMinIdle} changed it). */
    public int minIdle() {
        return minIdle;
    }

    /** The current {@code acquireTimeout} (the configuration's, unless {@link #setAcquireTimeout} changed it). */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /**
     * Changes {@code maxSize} at runtime (>= 1 and >= minIdle; also the limit over all
     * credential partitions). Lowering it closes idle connections over the new limit now and
     * borrowed ones when they come back (destroy reason {@code SHRUNK}); raising it opens
     * connections for waiting borrowers at once.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public void setMaxSize(int maxSize) {
        synchronized (resizeLock) {
            pool.setMaxSize(maxSize); // checks it against minIdle first, as the configuration does
            this.maxSize = maxSize;
            partitions.setMaxSize(maxSize);
        }
    }

    /**
     * Changes {@code minIdle} at runtime (0..maxSize): raising it opens connections at once,
     * lowering it lets housekeeping close the surplus after {@code idleTimeout}.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public void setMinIdle(int minIdle) {
        synchronized (resizeLock) {
            pool.setMinIdle(minIdle); // checks it against maxSize first
            this.minIdle = minIdle;
        }
    }

    /**
     * Changes {@code acquireTimeout} at runtime (> 0) for the borrows that start from now.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public void setAcquireTimeout(Duration acquireTimeout) {
        synchronized (resizeLock) {
            pool.setAcquireTimeout(acquireTimeout); // checks it; borrows here pass acquireTimeoutNanos themselves
            this.acquireTimeout = acquireTimeout;
            this.acquireTimeoutNanos = acquireTimeout.toNanos();
        }
    }

    /** Prefixes every log line, error and thread of this pool. */
    public String poolName() {
        return poolName;
    }

    public TidepoolConfig config() {
        return config;
    }

    /**
     * The credentials changed (a rotated password, a renewed lease): every connection open now
     * retires within {@link #CREDENTIAL_ROTATION_SPREAD}, each at its own time, an idle one then and
     * a borrowed one on its next return; new connections log in with what the
     * {@code credentialsSupplier} answers then. No borrower fails: the others serve meanwhile.
     * The same happens by itself when the supplier answers with other credentials.
     */
    public void rotateCredentials() {
        rotateCredentials(CREDENTIAL_ROTATION_SPREAD);
    }

    /** {@link #rotateCredentials()} over {@code within} instead (> 0; e.g. shorter in tests). */
    public void rotateCredentials(Duration within) {
        if (within == null || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException(poolName + " - rotateCredentials(within) (" + within
                    + ") must be > 0: the window over which the open connections retire");
        }
        pool.evictAllWithin(within);
    }

    /** Retires every connection: idle ones now, borrowed ones when they come back. */
    public void softEvictAll() {
        pool.softEvictAll();
        partitions.softEvictAll();
    }

    /**
     * Stops lending at once, the credential partitions too (waiters fail with "pool is closed"),
     * waits up to {@code drainTimeout} for borrowed connections to come back, then closes every connection and stops the pool's
     * threads. A second call does nothing. When connections are borrowed it logs at once how many,
     * who holds them and until when it waits, and afterwards which it closed under their holders;
     * a holder's next call on such a connection fails with
     * {@code <poolName> - connection is closed because the pool was closed}.
     */
    @Override
    public void close() {
        if (!partitions.close()) { // from now on no new partition; false: closed before
            return;
        }
        closed = true;
        DrainLog drain = new DrainLog(poolName, config.drainTimeout(), StackReducer.DEFAULT);
        if (mbean != null) {
            mbean.unregister();
        }
        // The drain report is made once the pool and its partitions lend no more, so it names every
        // connection it waits for; the partitions' drain runs beside the pool's, from the same moment.
        pool.close(() -> {
            partitions.stopLending();
            drain.draining(holders(), Instant.now());
        }, drain::revoked);
        partitions.closeAll(drain::revoked);
        drain.closed();
    }

    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- DataSource plumbing

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException(poolName + " - TidepoolDataSource does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Kept for the DataSource contract only: Tidepool logs through System.Logger. */
    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the DataSource contract only: Tidepool logs through System.Logger. */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /**
     * The login timeout is the configuration's {@code acquireTimeout}; only 0 ("the default") or
     * its current value in seconds are accepted.
     */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        if (seconds != 0 && seconds != getLoginTimeout()) {
            throw new SQLFeatureNotSupportedException(poolName + " - setLoginTimeout(" + seconds
                    + ") is not supported: the wait in getConnection() is acquireTimeout ("
                    + acquireTimeout.toMillis() + " ms); set it in the configuration or with setAcquireTimeout");
        }
    }

    /** {@code acquireTimeout} in whole seconds, rounded up. */
    @Override
    public int getLoginTimeout() {
        return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(acquireTimeoutNanos + 999_999_999L));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException(poolName + " - Tidepool logs through System.Logger, not java.util.logging");
    }

    @Override
    public String toString() {
        return "TidepoolDataSource{" + poolName + (closed ? ", closed" : ", " + stats().counts()) + "}";
    }
}
