package dev.tidepool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

/**
 * HikariCP with its defaults, which its README recommends keeping (validation by
 * {@code isValid()} on borrow after 500 ms idle, dirty-bit reset, maxLifetime 30 min); only the
 * size is set ("fixed-size pool": minimumIdle = maximumPoolSize, as HikariCP recommends).
 */
final class HikariAdapter implements PoolAdapter {

    @Override
    public String name() {
        return "hikari";
    }

    @Override
    public DataSource create(PoolSpec spec) {
        return new HikariDataSource(config(spec));
    }

    /** The configuration {@link #create} starts (the metrics variant adds its tracker to it). */
    static HikariConfig config(PoolSpec spec) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-hikari");
        config.setJdbcUrl(spec.url());
        if (spec.user() != null) {
            config.setUsername(spec.user());
            config.setPassword(spec.password());
        }
        config.setMaximumPoolSize(spec.maxSize());
        config.setMinimumIdle(spec.minIdle());
        config.setConnectionTimeout(30_000);
        return config;
    }

    @Override
    public void close(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
