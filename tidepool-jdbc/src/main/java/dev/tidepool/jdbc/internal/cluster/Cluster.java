package dev.tidepool.jdbc.internal.cluster;

import dev.tidepool.core.Ticker;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.HostStatus;
import dev.tidepool.jdbc.TargetServerType;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import dev.tidepool.jdbc.internal.DeadConnectionClassifier.Vendor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hosts of one data source (shared by its credential partitions) and the routing of new
 * connections over them.
 *
 * <p><b>Connecting.</b> {@link #connect} tries the hosts in {@link HostOrder}, each with a URL
 * naming that host alone (the driver never picks), asks each new connection its role
 * ({@link RoleCheck}) and keeps it only if the role fits {@code targetServerType}. A failed
 * connect puts the host into back-off ({@link HostHealth}); a role that does not fit only moves
 * the host down the order (roles change on failover, so the host is asked again next time).
 *
 * <p><b>Failover.</b> The first fatal error on any connection of a host ({@link #lost}) marks the
 * host lost: its generation moves on, so every older connection to it is retired (idle ones at
 * once through the eviction hook the data source installs, borrowed ones on return), and new
 * connections try the other hosts first. Borrowers therefore fail only with the operations they
 * had in flight.
 *
 * <p><b>Rebalancing.</b> See {@link Rebalancer}.
 */
public final class Cluster {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");

    /** Opens a driver connection to one URL (the driver's {@code connect} with the pool's properties). */
    @FunctionalInterface
    public interface Connector {
        Connection open(String url) throws SQLException;
    }

    private final String poolName;
    private final HostList list;
    private final List<HostHealth> hosts;
    private final TargetServerType type;
    private final Vendor vendor;
    private final Ticker ticker;
    private final int roleCheckSeconds;
    private final Rebalancer rebalancer;
    private final List<Runnable> onLost = new CopyOnWriteArrayList<>();

    Cluster(String poolName, HostList list, TargetServerType type, Vendor vendor, Ticker ticker,
            int roleCheckSeconds, Rebalancer rebalancer) {
        this.poolName = poolName;
        this.list = list;
        List<HostHealth> h = new ArrayList<>();
        for (HostAddress a : list.hosts()) {
            h.add(new HostHealth(a, h.size()));
        }
        this.hosts = List.copyOf(h);
        this.type = type;
        this.vendor = vendor;
        this.ticker = ticker;
        this.roleCheckSeconds = roleCheckSeconds;
        this.rebalancer = rebalancer;
    }

    /**
     * The cluster of a configuration, or null when it names one host and no
     * {@code targetServerType}: then nothing of this runs and connections open as before.
     */
    public static Cluster of(TidepoolConfig config, Ticker ticker) {
        if (config.hosts() == null && config.targetServerType() == null && !HostList.listsSeveral(config.jdbcUrl())) {
            return null;
        }
        HostList list = HostList.of(config.jdbcUrl(), config.hosts());
        int seconds = (int) Math.max(1, (config.validationTimeout().toMillis() + 999) / 1000);
        return new Cluster(config.poolName(), list, config.effectiveTargetServerType(),
                Vendor.ofUrl(config.jdbcUrl()), ticker, seconds,
                new Rebalancer(config.maxLifetime(), config.maxSize(), ticker.nanoTime()));
    }

    /** Runs {@code evictLost} each time a host is found lost (the data source evicts its idle connections to it). */
    public void onHostLost(Runnable evictLost) {
        onLost.add(evictLost);
    }

    /**
     * Opens a connection to the best fitting host.
     *
     * @throws SQLException when no host gave a fitting connection; its cause is the first
     *         persistent connect failure (wrong password, missing database), else the first one,
     *         so the failure's class is kept and a wrong password fails fast
     */
    public Placement connect(Connector connector) throws SQLException {
        long now = ticker.nanoTime();
        List<HostHealth> order = HostOrder.candidates(hosts, type, now);
        List<String> why = new ArrayList<>();
        SQLException firstFailure = null;
        boolean persistentSeen = false;
        HostHealth fallbackHost = null;
        Connection fallback = null;
        int fallbackGeneration = 0;
        for (HostHealth h : order) {
            int generation = h.generation();
            long begin = ticker.nanoTime();
            Connection c = null;
            ServerRole role;
            try {
                c = connector.open(list.urlFor(h.address()));
                if (c == null) {
                    throw new SQLException(poolName + " - the driver does not accept the URL for host " + h.address(), "08001");
                }
                role = RoleCheck.of(c, vendor, roleCheckSeconds);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                SQLException failure = e instanceof SQLException ? (SQLException) e
                        : new SQLException(poolName + " - connecting to " + h.address() + " failed: " + e, "08001", e);
                ConnectFailure kind = ConnectFailureClassifier.classify(failure);
                long delay = h.connectFailed(kind, ticker.nanoTime());
                why.add(h.address() + " " + kind + " (retried in " + delay / 1_000_000 + " ms)");
                if (firstFailure == null || (kind.isPersistent() && !persistentSeen)) {
                    firstFailure = failure; // a wrong password outranks a host that is down: it fails fast
                    persistentSeen = kind.isPersistent();
                }
                continue;
            }
            h.connected(ticker.nanoTime() - begin, role);
            if (HostOrder.preferred(type, role)) {
                closeQuietly(fallback);
                return new Placement(h, generation, c);
            }
            if (fallback == null && HostOrder.accepts(type, role)) {
                fallback = c;
                fallbackHost = h;
                fallbackGeneration = generation;
                continue;
            }
            closeQuietly(c);
            why.add(h.address() + " is a " + role.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (fallback != null) {
            return new Placement(fallbackHost, fallbackGeneration, fallback);
        }
        if (order.isEmpty()) {
            why.add("every host backs off after failures: " + hosts);
        }
        throw new SQLException(poolName + " - no host of " + list + " gave a " + type.key() + " connection: "
                + String.join(", ", why), firstFailure != null ? firstFailure.getSQLState() : "08001", firstFailure);
    }

    /**
     * A connection placed by {@code placement} died with {@code error}: the host is lost, unless
     * another connection of the same generation said so first.
     */
    public void lost(Placement placement, SQLException error) {
        HostHealth h = placement.host();
        if (!h.lost(placement.generation(), ConnectFailureClassifier.classify(error), ticker.nanoTime())) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, () -> poolName + " - host " + h.address() + " lost (SQLState "
                + error.getSQLState() + ": " + error.getMessage() + "): its connections are closed (idle ones now,"
                + " borrowed ones on return); new connections try " + others(h));
        for (Runnable evict : onLost) {
            evict.run();
        }
    }

    private List<HostAddress> others(HostHealth lost) {
        List<HostAddress> result = new ArrayList<>();
        for (HostHealth h : HostOrder.candidates(hosts, type, ticker.nanoTime())) {
            if (h != lost) {
                result.add(h.address());
            }
        }
        return result;
    }

    /**
     * Whether a returned connection must be closed instead of lent again: its host was lost
     * since, or it is due to move to a less loaded host ({@link Rebalancer}). On the return path:
     * a few field reads, unless a rebalancing slot is due. A rebalancing retirement is marked on
     * the placement ({@link Placement#rebalanced()}), so listeners hear it as such.
     */
    public boolean retireOnReturn(Placement placement) {
        if (placement.lost()) {
            return true;
        }
        if (rebalancer.shouldRetire(placement.host(), hosts, type, ticker.nanoTime(),
                ThreadLocalRandom.current().nextDouble())) {
            placement.markRebalanced();
            return true;
        }
        return false;
    }

    /** Every host as known now, in configured order. */
    public List<HostStatus> status() {
        long now = ticker.nanoTime();
        List<HostStatus> result = new ArrayList<>(hosts.size());
        for (HostHealth h : hosts) {
            result.add(h.status(now));
        }
        return result;
    }

    public TargetServerType type() {
        return type;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                // a connection we never lent: nothing to report
            }
        }
    }

    @Override
    public String toString() {
        return "Cluster{" + type.key() + ", " + hosts + "}";
    }
}
