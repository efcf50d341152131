package dev.tidepool.benchmarks;

import com.mchange.v2.c3p0.ComboPooledDataSource;

import javax.sql.DataSource;

/**
 * c3p0 with the connection testing its documentation recommends for performance
 * ({@code testConnectionOnCheckin} plus {@code idleConnectionTestPeriod}, by {@code isValid()}),
 * rather than the costlier test on checkout.
 */
final class C3p0Adapter implements PoolAdapter {

    @Override
    public String name() {
        return "c3p0";
    }

    @Override
    public DataSource create(PoolSpec spec) throws Exception {
        ComboPooledDataSource ds = new ComboPooledDataSource();
        ds.setDataSourceName("bench-c3p0");
        ds.setJdbcUrl(spec.url());
        if (spec.user() != null) {
            ds.setUser(spec.user());
            ds.setPassword(spec.password());
        }
        ds.setInitialPoolSize(spec.minIdle());
        ds.setMinPoolSize(spec.minIdle());
        ds.setMaxPoolSize(spec.maxSize());
        ds.setAcquireIncrement(1);
        ds.setCheckoutTimeout(30_000);
        ds.setTestConnectionOnCheckin(true);
        ds.setIdleConnectionTestPeriod(30);
        return ds;
    }

    @Override
    public void close(DataSource dataSource) {
        ((ComboPooledDataSource) dataSource).close();
    }
}
