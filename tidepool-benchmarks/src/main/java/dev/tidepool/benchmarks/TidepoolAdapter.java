package dev.tidepool.benchmarks;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Tidepool with its defaults: holder tracking, reset on return ({@code sessionReset=auto}),
 * validation on borrow after ~500 ms idle, keepalive, maxLifetime and failFast all stay on.
 */
final class TidepoolAdapter implements PoolAdapter {

    @Override
    public String name() {
        return "tidepool";
    }

    @Override
    public DataSource create(PoolSpec spec) throws SQLException {
        TidepoolConfig.Builder config = TidepoolConfig.builder()
                .poolName("bench-tidepool")
                .jdbcUrl(spec.url())
                .maxSize(spec.maxSize())
                .minIdle(spec.minIdle());
        if (spec.user() != null) {
            config.username(spec.user()).password(spec.password());
        }
        return new TidepoolDataSource(config.build());
    }

    @Override
    public void close(DataSource dataSource) throws Exception {
        ((TidepoolDataSource) dataSource).close();
    }
}
