package dev.tidepool.benchmarks;

import org.apache.commons.dbcp2.BasicDataSource;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * commons-dbcp2 {@code BasicDataSource} with its defaults, which already test on borrow
 * ({@code testOnBorrow=true}, by {@code isValid()} when no validation query is set), roll back on
 * return and cache session state; plus fast-fail validation, as its docs suggest.
 */
final class Dbcp2Adapter implements PoolAdapter {

    @Override
    public String name() {
        return "dbcp2";
    }

    @Override
    public DataSource create(PoolSpec spec) throws Exception {
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(spec.url());
        if (spec.user() != null) {
            ds.setUsername(spec.user());
            ds.setPassword(spec.password());
        }
        ds.setInitialSize(spec.minIdle());
        ds.setMinIdle(spec.minIdle());
        ds.setMaxIdle(spec.maxSize());
        ds.setMaxTotal(spec.maxSize());
        ds.setMaxWait(Duration.ofSeconds(30));
        ds.setTestOnBorrow(true);
        ds.setRollbackOnReturn(true);
        ds.setCacheState(true);
        ds.setFastFailValidation(true);
        ds.start();
        return ds;
    }

    @Override
    public void close(DataSource dataSource) throws Exception {
        ((BasicDataSource) dataSource).close();
    }
}
