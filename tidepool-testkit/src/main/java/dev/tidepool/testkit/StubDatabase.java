package dev.tidepool.testkit;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A named in-memory "database server" behind {@link StubDriver}: it counts and scripts connects,
 * and holds the physical {@link StubConnection}s it opened. Every method is thread-safe, so a
 * test may script faults while a pool works against it.
 *
 * <pre>{@code
 * try (StubDatabase db = StubDatabase.create()) {
 *     db.failNextConnects(2, () -> new SQLException("refused", "08001"));
 *     ... new TidepoolDataSource(config(db.url())) ...
 *     assertEquals(3, db.connectAttempts());
 * }
 * }</pre>
 */
public final class StubDatabase implements AutoCloseable {

    /** Bound on a connect blocked by {@link #blockConnects()} when no login timeout is set. */
    public static final Duration MAX_BLOCK = Duration.ofSeconds(60);

    private static final ConcurrentMap<String, StubDatabase> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final String name;
    private final Set<StubConnection> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectAttempts = new AtomicInteger();
    private final AtomicInteger totalOpened = new AtomicInteger();
    private final AtomicInteger totalClosed = new AtomicInteger();
    private final AtomicInteger failNextConnects = new AtomicInteger();
    private final AtomicReference<CountDownLatch> connectGate = new AtomicReference<>();
    private volatile Supplier<? extends SQLException> failNextSupplier;
    private volatile Supplier<? extends SQLException> failAllSupplier;
    private volatile long connectLatencyNanos;
    private volatile long queryLatencyNanos;
    private volatile long validationLatencyNanos;
    private volatile boolean validationResult = true;
    private volatile String[] credentials;
    private volatile boolean closed;
    private volatile boolean tracksStatements = true;
    private volatile boolean countsCalls = true;

    private StubDatabase(String name) {
        this.name = name;
    }

    /** Registers a database under {@code name}; the name must not be in use. */
    public static StubDatabase create(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('?') >= 0) {
            throw new IllegalArgumentException("a stub database name must be non-empty and without '?': " + name);
        }
        StubDatabase db = new StubDatabase(name);
        if (REGISTRY.putIfAbsent(name, db) != null) {
            throw new IllegalStateException("stub database \"" + name + "\" already exists; close it first or use create()");
        }
        StubDriver.instance(); // make sure the driver is registered with DriverManager
        return db;
    }

    /** Registers a database with a unique generated name. */
    public static StubDatabase create() {
        return create("stub-" + NEXT_ID.incrementAndGet());
    }

    static StubDatabase lookup(String name) {
        return REGISTRY.get(name);
    }

    public String name() {
        return name;
    }

    /** {@code jdbc:stub:<name>} */
    public String url() {
        return StubDriver.URL_PREFIX + name;
    }

    // ---- scripting -------------------------------------------------------------------------

    /** The next {@code n} connects fail with a fresh exception from {@code failure} (after any latency). */
    public void failNextConnects(int n, Supplier<? extends SQLException> failure) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        failNextSupplier = Objects.requireNonNull(failure, "failure");
        failNextConnects.set(n);
    }

    /** Every connect fails with a fresh exception from {@code failure} until called with null. */
    public void failConnectsWith(Supplier<? extends SQLException> failure) {
        failAllSupplier = failure;
    }

    /** Each connect takes this long (bounded by the login timeout). {@code Duration.ZERO} = off. */
    public void connectLatency(Duration latency) {
        connectLatencyNanos = latency.toNanos();
    }

    /** Each execute takes this long (bounded by the query and network timeouts). {@code Duration.ZERO} = off. */
    public void queryLatency(Duration latency) {
        queryLatencyNanos = latency.toNanos();
    }

    /** Each {@code isValid} takes this long (bounded by its timeout, after which it answers false). */
    public void validationLatency(Duration latency) {
        validationLatencyNanos = latency.toNanos();
    }

    /** What {@code isValid} answers on open, unkilled connections (default true). */
    public void validationResult(boolean valid) {
        validationResult = valid;
    }

    /**
     * Whether connections keep a set of their open statements (default on), for
     * {@link StubConnection#openStatements()} and for closing them with the connection. Benchmarks
     * turn it off: the set costs a concurrent-map insert and remove per statement, paid the same by
     * every pool, which would dilute the pool overhead they measure. While off,
     * {@code openStatements()} throws rather than answer a count it does not keep.
     */
    public void trackStatements(boolean on) {
        tracksStatements = on;
    }

    boolean tracksStatements() {
        return tracksStatements;
    }

    /**
     * Whether connections count the calls a pool makes on them (default on), for
     * {@link StubConnection#count}. Benchmarks turn it off: each count is an atomic increment, a
     * few per borrow, paid the same by every pool, which would dilute the pool overhead they
     * measure. While off, {@code count} throws rather than answer a count it does not keep.
     */
    public void countCalls(boolean on) {
        countsCalls = on;
    }

    boolean countsCalls() {
        return countsCalls;
    }

    /** Only this user and password may connect; others fail with SQLState 28P01. Null user = anyone. */
    public void credentials(String user, String password) {
        credentials = user == null ? null : new String[] {user, password};
    }

    /**
     * Connects block until {@link #unblockConnects()}, the login timeout, or {@link #MAX_BLOCK}
     * (then they fail with SQLTimeoutException).
     */
    public void blockConnects() {
        connectGate.compareAndSet(null, new CountDownLatch(1));
    }

    public void unblockConnects() {
        CountDownLatch gate = connectGate.getAndSet(null);
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Kills every open connection, as a server restart would: their next call fails with 08006. */
    public void killAll() {
        for (StubConnection c : live) {
            c.kill();
        }
    }

    // ---- counters --------------------------------------------------------------------------

    public int connectAttempts() {
        return connectAttempts.get();
    }

    /** Physical connections open now (opened and not yet closed, killed or not). */
    public int openConnections() {
        return live.size();
    }

    public int totalOpened() {
        return totalOpened.get();
    }

    public int totalClosed() {
        return totalClosed.get();
    }

    /** A snapshot of the open physical connections. */
    public List<StubConnection> connections() {
        return List.copyOf(live);
    }

    /** Polls until exactly {@code n} connections are open; throws AssertionError after {@code bound}. */
    public void awaitOpenConnections(int n, Duration bound) {
        int open = Poll.until(bound, live::size, size -> size == n);
        if (open != n) {
            throw new AssertionError("stub database " + name + ": expected " + n + " open connections within "
                    + bound.toMillis() + " ms, but " + open + " are open (opened " + totalOpened()
                    + ", closed " + totalClosed() + ", connect attempts " + connectAttempts() + ")");
        }
    }

    /** Unregisters the database, fails further connects and releases blocked ones. Open connections stay usable. */
    @Override
    public void close() {
        closed = true;
        REGISTRY.remove(name, this);
        unblockConnects();
    }

    @Override
    public String toString() {
        return "StubDatabase[" + name + ", open=" + live.size() + ", opened=" + totalOpened() + "]";
    }

    // ---- driver side -----------------------------------------------------------------------

    StubConnection connect(Properties info, int loginTimeoutSeconds) throws SQLException {
        connectAttempts.incrementAndGet();
        long timeoutNanos = TimeUnit.SECONDS.toNanos(loginTimeoutSeconds);
        awaitGate(timeoutNanos);
        if (JdbcStubs.simulateLatency(connectLatencyNanos, timeoutNanos)) {
            throw new SQLTimeoutException("stub connect to " + name + " timed out after the login timeout of "
                    + loginTimeoutSeconds + " s (scripted connect latency)", "08001");
        }
        checkScriptedFailure();
        String user = info.getProperty("user");
        checkCredentials(user, info.getProperty("password"));
        StubConnection connection = new StubConnection(this, user);
        live.add(connection);
        totalOpened.incrementAndGet();
        return connection;
    }

    private void awaitGate(long timeoutNanos) throws SQLException {
        CountDownLatch gate = connectGate.get();
        if (gate == null) {
            return;
        }
        long bound = timeoutNanos > 0 ? timeoutNanos : MAX_BLOCK.toNanos();
        try {
            if (!gate.await(bound, TimeUnit.NANOSECONDS)) {
                throw new SQLTimeoutException("stub connect to " + name + " was blocked by blockConnects() for "
                        + TimeUnit.NANOSECONDS.toMillis(bound) + " ms and timed out", "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while a stub connect was blocked", "08001", e);
        }
    }

    private void checkScriptedFailure() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("stub database " + name + " is closed", "08001");
        }
        Supplier<? extends SQLException> always = failAllSupplier;
        if (always != null) {
            throw always.get();
        }
        if (failNextConnects.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throw failNextSupplier.get();
        }
    }

    private void checkCredentials(String user, String password) throws SQLException {
        String[] required = credentials;
        if (required != null && !(required[0].equals(user) && Objects.equals(required[1], password))) {
            throw new SQLInvalidAuthorizationSpecException(
                    "password authentication failed for user \"" + user + "\"", "28P01");
        }
    }

    long queryLatencyNanos() {
        return queryLatencyNanos;
    }

    long validationLatencyNanos() {
        return validationLatencyNanos;
    }

    boolean validationResult() {
        return validationResult;
    }

    void closed(StubConnection connection) {
        if (live.remove(connection)) {
            totalClosed.incrementAndGet();
        }
    }
}
