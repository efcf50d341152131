package dev.tidepool.jdbc.fault;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One database under soak: the server, the testkit's fault proxy in front of it, and a pool
 * through the proxy; fires one fault at a time. The proxy also plays a firewall that forgets
 * flows idle for 3 s (the pool's 1 s keepalive beats it), except during {@link SoakFault#IDLE},
 * when it forgets them after 0.5 s and the workload pauses for 4 s, so validation must find them.
 *
 * <p>{@link SoakFault#RESTART} restarts the PostgreSQL soak cluster (5435, never the shared
 * servers); on MariaDB, whose server is shared, the proxy plays the restart: every flow reset and
 * connects refused for the planned length.
 */
final class SoakTarget implements AutoCloseable {
    static final Duration FIREWALL = Duration.ofSeconds(3);
    static final Duration STRICT_FIREWALL = Duration.ofMillis(500);
    static final Duration KEEPALIVE = Duration.ofSeconds(1);

    final FaultDb db;
    final FaultProxy proxy;
    final TidepoolDataSource ds;
    private int sessionsKilled;

    SoakTarget(FaultDb db) throws Exception {
        this.db = db;
        this.proxy = FaultProxy.start(db.target.host(), db.target.port());
        proxy.dropIdleFlowsAfter(FIREWALL);
        this.ds = new TidepoolDataSource(db.poolVia(proxy.port()).keepaliveInterval(KEEPALIVE)
                .maxLifetime(Duration.ofSeconds(30)).build());
    }

    /**
     * Fires {@code fault} now and returns once it is over (the network back, the server
     * answering), with its window in {@code ledger}.
     */
    void fire(FaultSchedule.Planned fault, SoakWorkload load, FailureAccounting ledger) throws Exception {
        FailureAccounting.Window w = ledger.faultStarted(fault.kind(), load.now());
        try {
            apply(fault, load);
        } finally {
            ledger.faultEnded(w, load.now());
        }
    }

    private void apply(FaultSchedule.Planned fault, SoakWorkload load) throws Exception {
        switch (fault.kind()) {
            case KILL -> sessionsKilled += db.killSessions();
            case RESET -> {
                sessionsKilled += proxy.activeFlows();
                proxy.resetAll();
            }
            case BLACKHOLE -> {
                proxy.blackhole();
                try {
                    hold(fault.length()); // the outage itself
                } finally {
                    healthy();
                }
            }
            case IDLE -> {
                load.pause();
                try {
                    proxy.dropIdleFlowsAfter(STRICT_FIREWALL);
                    hold(fault.length()); // the pool sits idle past the firewall's limit: the scenario
                } finally {
                    proxy.dropIdleFlowsAfter(FIREWALL);
                    load.resume();
                }
            }
            case RESTART -> {
                if (db.postgres) {
                    Servers.restartSoakCluster(db);
                } else {
                    proxy.refuseNew();
                    try {
                        proxy.resetAll();
                        hold(fault.length()); // the server "down"
                    } finally {
                        healthy();
                    }
                }
            }
        }
    }

    private void healthy() {
        proxy.pass(); // clears the firewall too: put it back
        proxy.dropIdleFlowsAfter(FIREWALL);
    }

    private static void hold(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    int sessionsKilled() {
        return sessionsKilled;
    }

    /** Closes the pool, then the proxy (which closes the flows a firewall forgot, ending their server sessions). */
    @Override
    public void close() {
        try {
            ds.close();
        } finally {
            proxy.close();
        }
    }
}
