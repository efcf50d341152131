package dev.tidepool.benchmarks;

import org.vibur.dbcp.ViburDBCPDataSource;

import javax.sql.DataSource;

/**
 * Vibur DBCP with its defaults (fair pool, validation by {@code isValid()} of connections idle
 * longer than 5 s) plus {@code resetDefaultsAfterUse}, so a borrower gets the default session state.
 */
final class ViburAdapter implements PoolAdapter {

    @Override
    public String name() {
        return "vibur";
    }

    @Override
    public DataSource create(PoolSpec spec) {
        ViburDBCPDataSource ds = new ViburDBCPDataSource();
        ds.setName("bench-vibur");
        ds.setJdbcUrl(spec.url());
        if (spec.user() != null) {
            ds.setUsername(spec.user());
            ds.setPassword(spec.password());
        }
        ds.setPoolInitialSize(spec.minIdle());
        ds.setPoolMaxSize(spec.maxSize());
        ds.setConnectionTimeoutInMs(30_000);
        ds.setConnectionIdleLimitInSeconds(5);
        ds.setTestConnectionQuery("isValid");
        ds.setResetDefaultsAfterUse(true);
        ds.setPoolFair(true);
        ds.start();
        return ds;
    }

    @Override
    public void close(DataSource dataSource) {
        ((ViburDBCPDataSource) dataSource).terminate();
    }
}
