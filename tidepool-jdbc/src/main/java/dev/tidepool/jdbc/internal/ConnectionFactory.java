package dev.tidepool.jdbc.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.ResourceFactory;
import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.cluster.Cluster;
import dev.tidepool.jdbc.internal.cluster.Placement;
import dev.tidepool.jdbc.internal.config.Redaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Opens, validates, resets and closes the physical connections of one pool (or of one
 * credentials partition). The pool calls {@link #create()} and {@link #destroy(PooledConnection)}
 * on its own threads, {@link #reset(PooledConnection)} on the returning thread.
 *
 * <p>Every call that talks to the server while the pool waits (validation, close) runs under a
 * network timeout, so a dead server cannot hang a pool thread or a borrower. The executor handed
 * to {@code setNetworkTimeout} and {@code abort} runs tasks on the calling thread: it starts no
 * thread that could outlive the pool.
 */
public final class ConnectionFactory implements ResourceFactory<PooledConnection> {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");
    /** Runs the driver's task on the calling thread. */
    static final Executor DIRECT = Runnable::run;

    private final TidepoolConfig config;
    private final String poolName;
    private final ConnectionSource source;
    private final String user;
    /** Holds the password: never print it. */
    private final Properties connectProperties;
    private final DeadConnectionClassifier classifier;
    private final ClosedConnection closedConnection;
    private final int validationMillis;
    private final SessionReset sessionReset;
    private final SessionResetter resetter;
    private final SetupBound setupBound;
    private final TransactionPooling transactionPooling;
    /** The hosts new connections are routed over, or null: one host, the URL's. */
    private final Cluster cluster;
    /** The credentials supplier's login for each new connection; null: the fixed user/password. */
    private volatile CredentialSource credentialSource;
    private volatile boolean networkTimeoutUnsupported;
    /** Told what each reset restored, when a TidepoolListener listens; null: nobody (set once, before the pool starts). */
    private JdbcEvents events;

    /**
     * @param user the user to log in as (null: the driver's default)
     * @param password the password (null: none)
     */
    public ConnectionFactory(TidepoolConfig config, ConnectionSource source, String user, String password,
                             DeadConnectionClassifier classifier) {
        this(config, source, user, password, classifier, null);
    }

    /** @param cluster the hosts to route new connections over (shared by a data source's partitions), or null */
    public ConnectionFactory(TidepoolConfig config, ConnectionSource source, String user, String password,
                             DeadConnectionClassifier classifier, Cluster cluster) {
        this.cluster = cluster;
        this.config = config;
        this.poolName = config.poolName();
        this.source = source;
        this.user = user;
        this.classifier = classifier;
        this.closedConnection = new ClosedConnection(poolName);
        this.validationMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.validationTimeout().toMillis()));
        this.sessionReset = config.sessionReset();
        this.resetter = SessionResetter.forSource(source, config.driverProperties());
        Properties props = new Properties();
        props.putAll(config.driverProperties());
        if (sessionReset != SessionReset.NEVER) {
            resetter.prepare(props);
        }
        this.setupBound = SetupBound.apply(source.setupUrl(), props, config.acquireTimeout());
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.connectProperties = props;
        this.transactionPooling = new TransactionPooling(config, source, props);
    }

    /** New connections log in with what {@code source} answers then, instead of the fixed user/password. */
    public void loginWith(CredentialSource source) {
        this.credentialSource = source;
    }

    // ---------------------------------------------------------------- ResourceFactory

    @Override
    public PooledConnection create() throws SQLException {
        CredentialSource login = credentialSource;
        Properties props = login == null ? connectProperties : login.loginProperties(connectProperties);
        Placement placement = cluster == null ? null : cluster.connect(url -> source.connect(url, props));
        Connection c = placement == null ? source.connect(props) : placement.connection();
        if (c == null) {
            throw new SQLException(poolName + " - " + source.typeName() + " returned no connection for "
                    + source.describe() + ": it does not accept this URL", "08001");
        }
        try {
            // The network timeout borrowers get: the driver's, unless it is only the login bound.
            Integer networkTimeout = setupBound.socketTimeoutSetForLogin()
                    ? Integer.valueOf(0) : optional(c::getNetworkTimeout);
            boolean bounded = boundNetworkTimeout(c, setupBound.millis());
            transactionPooling.onConnect(c);
            runInitSql(c);
            SessionDefaults defaults = applySessionDefaults(c, networkTimeout);
            if (bounded) {
                c.setNetworkTimeout(DIRECT, networkTimeout != null ? networkTimeout : 0);
            }
            PooledConnection p = new PooledConnection(c, this, defaults);
            p.placement = placement;
            return p;
        } catch (SQLException | RuntimeException | Error e) {
            if (placement != null) {
                placement.release();
            }
            try {
                c.close();
            } catch (SQLException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    void runInitSql(Connection c) throws SQLException {
        String sql = config.connectionInitSql();
        if (sql == null) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(poolName + " - connectionInitSql failed: " + e.getMessage(), e.getSQLState(),
                    e.getErrorCode(), e);
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** Applies the configured session and records, for every attribute, what a borrower must get back. */
    private SessionDefaults applySessionDefaults(Connection c, Integer networkTimeout) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (config.autoCommit() != null && config.autoCommit() != autoCommit) {
            autoCommit = config.autoCommit();
            c.setAutoCommit(autoCommit);
        }
        Integer isolation = config.transactionIsolation();
        if (isolation != null) {
            c.setTransactionIsolation(isolation);
        } else {
            isolation = optional(c::getTransactionIsolation);
        }
        Boolean readOnly = config.readOnly();
        if (readOnly != null) {
            c.setReadOnly(readOnly);
        } else {
            readOnly = optional(c::isReadOnly);
        }
        String catalog = config.catalog();
        if (catalog != null) {
            c.setCatalog(catalog);
        } else {
            catalog = optional(c::getCatalog);
        }
        String schema = config.schema();
        if (schema != null) {
            c.setSchema(schema);
        } else {
            schema = optional(c::getSchema);
        }
        return new SessionDefaults(autoCommit, isolation, readOnly, catalog, schema,
                optional(c::getHoldability), networkTimeout);
    }

    @FunctionalInterface
    private interface SqlRead<V> {
        V read() throws SQLException;
    }

    /** An attribute some drivers do not report: null when unknown, unless the error says the connection is dead. */
    private <V> V optional(SqlRead<V> read) throws SQLException {
        try {
            return read.read();
        } catch (SQLException e) {
            if (classifier.isDead(e)) {
                throw e;
            }
            return null;
        } catch (UnsupportedOperationException | AbstractMethodError e) {
            return null;
        }
    }

    @Override
    public boolean validate(PooledConnection p, Duration timeout) throws SQLException {
        Connection c = p.raw;
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        int seconds = (int) Math.max(1, (millis + 999L) / 1000);
        boolean bounded = boundNetworkTimeout(c, millis);
        try {
            String query = config.validationQuery();
            if (query == null) {
                return c.isValid(seconds);
            }
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds);
                s.execute(query);
            }
            if (!p.autoCommit) {
                c.rollback(); // the query may have opened a transaction
            }
            return true;
        } finally {
            if (bounded) {
                Integer restore = p.defaults.networkTimeout();
                c.setNetworkTimeout(DIRECT, restore != null ? restore : 0);
            }
        }
    }

    /** Sets a network timeout where the driver supports it; false (and one warning) where it does not. */
    private boolean boundNetworkTimeout(Connection c, int millis) {
        if (networkTimeoutUnsupported) {
            return false;
        }
        try {
            c.setNetworkTimeout(DIRECT, millis);
            return true;
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException | AbstractMethodError e) {
            networkTimeoutUnsupported = true;
            LOG.log(System.Logger.Level.WARNING, () -> poolName + " - the driver does not support setNetworkTimeout: "
                    + "validation and close cannot be bounded if the server stops answering (" + e + ")");
            return false;
        } catch (SQLException e) {
            return false; // a closed or broken connection: the call that follows will say so
        }
    }

    /** Wrong credentials and missing databases: waiting will not fix them. */
    @Override
    public boolean failsFast(Throwable createFailure) {
        return ConnectFailureClassifier.failsFast(createFailure);
    }

    /** Also a refused port and an unknown host, while no connection has ever opened. */
    @Override
    public boolean failsFastBeforeFirstCreate(Throwable createFailure) {
        return ConnectFailureClassifier.definiteAtStart(createFailure);
    }

    /** The class, the driver's words and the fix, the password masked: what {@code stats()} shows. */
    @Override
    public String describeFailure(Throwable createFailure) {
        String text = ConnectFailureClassifier.describe(createFailure, connectProperties.getProperty("password"));
        CredentialSource source = credentialSource;
        return source == null ? text : source.mask(text);
    }

    /**
     * Runs the reset on return under a network timeout ({@code validationTimeout}) whenever it will
     * talk to the server, so a returning thread cannot hang on a silent network even when the
     * driver has no socket timeout (issue 4). A borrower that changed nothing costs nothing extra.
     */
    @Override
    public void reset(PooledConnection p) throws SQLException {
        if (!p.resetTalksToServer()) {
            p.reset();
            return;
        }
        Connection c = p.raw;
        boolean bounded = boundNetworkTimeout(c, validationMillis);
        JdbcEvents heard = events != null && events.heard() ? events : null;
        int dirty = p.dirty;
        boolean rollback = p.inTransaction;
        boolean full = p.fullResetDue();
        p.reset();
        if (heard != null) {
            ResetEvents.report(heard, dirty, rollback, full);
        }
        if (bounded) {
            Integer restore = p.defaults.networkTimeout();
            c.setNetworkTimeout(DIRECT, restore != null ? restore : 0);
        }
    }

    /** Reports what each reset restores to {@code events} (call before the pool starts). */
    public ConnectionFactory reportingTo(JdbcEvents events) {
        this.events = events;
        return this;
    }


    /** Dead, or (in a cluster) its host was lost or it is due to move to another host. */
    @Override
    public boolean isBroken(PooledConnection p) {
        return p.isDead() || (p.placement != null && cluster.retireOnReturn(p.placement));
    }

    /** Dead or on a lost host: broken; healthy and moved by rebalancing: {@code REBALANCED}. */
    @Override
    public DestroyReason brokenReason(PooledConnection p) {
        return !p.isDead() && p.placement != null && p.placement.rebalanced() ? DestroyReason.REBALANCED
                : DestroyReason.BROKEN;
    }

    @Override
    public void destroy(PooledConnection p) throws SQLException {
        Connection c = p.raw;
        Placement placement = p.placement;
        if (placement != null) {
            placement.release();
        }
        if (p.isDead() || (placement != null && placement.lost())) {
            try {
                c.abort(DIRECT);
                return;
            } catch (SQLException | RuntimeException | AbstractMethodError e) {
                // fall back to close, bounded below
            }
        }
        boundNetworkTimeout(c, validationMillis);
        c.close();
    }

    // ---------------------------------------------------------------- for the wrappers

    DeadConnectionClassifier classifier() {
        return classifier;
    }

    SessionReset sessionReset() {
        return sessionReset;
    }

    SessionResetter resetter() {
        return resetter;
    }

    TidepoolConfig config() {
        return config;
    }

    ClosedConnection closedConnection() {
        return closedConnection;
    }

    String poolName() {
        return poolName;
    }

    TransactionPooling transactionPooling() {
        return transactionPooling;
    }

    String user() {
        CredentialSource source = credentialSource;
        return source == null ? user : source.user();
    }

    /** A connection placed on a host of the cluster died: the host is lost (see {@link Cluster#lost}). */
    void hostFailed(Placement placement, SQLException e) {
        cluster.lost(placement, e);
    }

    void reportDead(SQLException e) {
        LOG.log(System.Logger.Level.INFO, () -> poolName + " - a connection failed and will be closed on return ("
                + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ", error code " + e.getErrorCode()
                + "): " + e.getMessage());
    }

    @Override
    public String toString() {
        return "ConnectionFactory{" + poolName + ", " + source + ", user=" + user + "}";
    }
}
