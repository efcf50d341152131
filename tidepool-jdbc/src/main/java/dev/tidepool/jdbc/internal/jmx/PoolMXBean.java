package dev.tidepool.jdbc.internal.jmx;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.TidepoolPoolMXBean;
import dev.tidepool.jdbc.internal.diagnosis.SqlText;

import java.time.Duration;
import java.util.List;

/**
 * {@link TidepoolPoolMXBean} over a data source: every getter reads the pool now (no caching, so
 * a JMX client sees what {@code stats()} says). Holds the data source strongly; unregistering on
 * close drops the last reference the MBean server had.
 */
final class PoolMXBean implements TidepoolPoolMXBean {
    private final TidepoolDataSource ds;

    PoolMXBean(TidepoolDataSource ds) {
        this.ds = ds;
    }

    private PoolStats stats() {
        return ds.stats();
    }

    @Override public String getPoolName() { return ds.poolName(); }
    @Override public int getTotal() { return stats().total(); }
    @Override public int getActive() { return stats().active(); }
    @Override public int getIdle() { return stats().idle(); }
    @Override public int getWaiting() { return stats().waiting(); }
    @Override public int getCreating() { return stats().creating(); }
    @Override public long getCreated() { return stats().created(); }
    @Override public long getDestroyed() { return stats().destroyed(); }
    @Override public long getCreateFailures() { return stats().createFailures(); }
    @Override public long getTimeouts() { return stats().timeouts(); }
    @Override public String getLastCreateFailure() { return stats().lastCreateFailure(); }
    @Override public boolean isSuspended() { return ds.isSuspended(); }
    @Override public int getMaxSize() { return ds.maxSize(); }
    @Override public void setMaxSize(int maxSize) { ds.setMaxSize(maxSize); }
    @Override public int getMinIdle() { return ds.minIdle(); }
    @Override public void setMinIdle(int minIdle) { ds.setMinIdle(minIdle); }
    @Override public long getAcquireTimeoutMillis() { return ds.acquireTimeout().toMillis(); }

    @Override
    public void setAcquireTimeoutMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("acquireTimeout (" + millis + " ms) must be > 0: nothing may wait forever");
        }
        ds.setAcquireTimeout(Duration.ofMillis(millis));
    }

    @Override public String getConfiguration() { return ds.config().toString(); }

    @Override
    public String[] getHolders() {
        List<ConnectionHolder> holders = ds.holders();
        String[] lines = new String[holders.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = line(holders.get(i));
        }
        return lines;
    }

    static String line(ConnectionHolder h) {
        StringBuilder sb = new StringBuilder("thread ").append(h.threadName());
        if (h.user() != null) {
            sb.append(" (user ").append(h.user()).append(')');
        }
        sb.append(", held ").append(h.heldFor().toMillis()).append(" ms, no JDBC call for ")
                .append(h.sinceLastActivity().toMillis()).append(" ms");
        if (h.inTransaction()) {
            sb.append(", in transaction");
        }
        if (h.lastSql() != null) {
            sb.append(", last SQL: ").append(SqlText.shown(h.lastSql()));
        }
        return sb.toString();
    }

    @Override public String diagnose() { return ds.diagnose().toString(); }
    @Override public void softEvictAll() { ds.softEvictAll(); }
    @Override public void suspend() { ds.suspend(); }
    @Override public void resume() { ds.resume(); }
}
