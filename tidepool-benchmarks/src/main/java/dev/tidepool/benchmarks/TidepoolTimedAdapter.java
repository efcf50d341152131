package dev.tidepool.benchmarks;

import dev.tidepool.core.PoolListener;
import dev.tidepool.jdbc.TidepoolDataSource;

import javax.sql.DataSource;

/**
 * Tidepool with a listener that wants timings and does nothing with them: the cost of the clock
 * reads and the dispatch alone, without any meter (to tell them from Micrometer's share).
 */
final class TidepoolTimedAdapter implements PoolAdapter {
    private final TidepoolAdapter plain = new TidepoolAdapter();

    @Override
    public String name() {
        return "tidepool-timed";
    }

    @Override
    public DataSource create(PoolSpec spec) throws Exception {
        TidepoolDataSource ds = (TidepoolDataSource) plain.create(spec);
        ds.addListener(new PoolListener() {
            @Override
            public void acquired(long waitNanos) {
            }

            @Override
            public void returned(long useNanos) {
            }
        });
        return ds;
    }

    @Override
    public void close(DataSource dataSource) throws Exception {
        plain.close(dataSource);
    }
}
