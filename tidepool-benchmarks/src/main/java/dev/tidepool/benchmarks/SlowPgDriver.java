package dev.tidepool.benchmarks;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The PostgreSQL driver behind {@code jdbc:slowpg:} URLs, with every connect slowed by an extra
 * {@link #delayMillis} and counted, so the spike harness sees how many connections each pool
 * opens and what slow connection set-up costs it.
 */
public final class SlowPgDriver implements Driver {

    public static final String PREFIX = "jdbc:slowpg:";
    private static final SlowPgDriver INSTANCE = new SlowPgDriver();
    private static final AtomicInteger CONNECTS = new AtomicInteger();
    private static volatile long delayMillis = 50;

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SlowPgDriver() {
    }

    /** Registers the driver (once) and sets the extra connect delay. */
    public static void register(long extraDelayMillis) {
        delayMillis = extraDelayMillis;
    }

    /** {@code jdbc:postgresql://...} becomes {@code jdbc:slowpg://...}. */
    public static String wrap(String postgresUrl) {
        return PREFIX + postgresUrl.substring("jdbc:postgresql:".length());
    }

    public static int connects() {
        return CONNECTS.get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        CONNECTS.incrementAndGet();
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while slowing a connect", "08001", e);
        }
        return DriverManager.getConnection("jdbc:postgresql:" + url.substring(PREFIX.length()), info);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
