package dev.tidepool.benchmarks;

import org.apache.tomcat.jdbc.pool.PoolProperties;

import javax.sql.DataSource;

/**
 * Tomcat JDBC with the settings its documentation recommends for production: test on borrow
 * (by {@code isValid()}, at most every {@code validationInterval}=30 s), roll back on return,
 * the {@code ConnectionState} and {@code StatementFinalizer} interceptors, and a disposable facade
 * so a closed connection cannot be reused.
 */
final class TomcatAdapter implements PoolAdapter {

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public DataSource create(PoolSpec spec) throws Exception {
        PoolProperties p = new PoolProperties();
        p.setName("bench-tomcat");
        p.setUrl(spec.url());
        if (spec.user() != null) {
            p.setUsername(spec.user());
            p.setPassword(spec.password());
        }
        p.setInitialSize(spec.minIdle());
        p.setMinIdle(spec.minIdle());
        p.setMaxIdle(spec.maxSize());
        p.setMaxActive(spec.maxSize());
        p.setMaxWait(30_000);
        p.setTestOnBorrow(true);
        p.setValidationInterval(30_000);
        p.setRollbackOnReturn(true);
        p.setUseDisposableConnectionFacade(true);
        p.setJdbcInterceptors("org.apache.tomcat.jdbc.pool.interceptor.ConnectionState;"
                + "org.apache.tomcat.jdbc.pool.interceptor.StatementFinalizer");
        org.apache.tomcat.jdbc.pool.DataSource ds = new org.apache.tomcat.jdbc.pool.DataSource(p);
        ds.createPool();
        return ds;
    }

    @Override
    public void close(DataSource dataSource) {
        ((org.apache.tomcat.jdbc.pool.DataSource) dataSource).close(true);
    }
}
