package dev.tidepool.benchmarks;

import javax.sql.DataSource;

/**
 * One JDBC pool under test. Adding a pool to every benchmark is one class implementing this, one
 * line in {@link PoolAdapters}, and one dependency in the module's pom.
 */
public interface PoolAdapter {

    /** The short name used in {@code @Param} lists, command lines and result tables. */
    String name();

    /** Starts a pool with this pool's documented recommended settings (see docs/benchmarks.md). */
    DataSource create(PoolSpec spec) throws Exception;

    /** A fixed-size pool of {@code size} connections to {@code url}. */
    default DataSource create(String url, int size) throws Exception {
        return create(PoolSpec.fixed(url, size));
    }

    /** Stops the pool and closes its connections. */
    void close(DataSource dataSource) throws Exception;
}
