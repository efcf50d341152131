package dev.tidepool.benchmarks;

import dev.tidepool.testkit.StubDatabase;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One pool of {@link #POOL_SIZE} connections (min = max) to the testkit's stub database, whose
 * calls do nothing: what the benchmarks measure is the pool's own overhead.
 */
@State(Scope.Benchmark)
public class StubPoolState {

    /** HikariCP's benchmark method: a fixed pool, threads 1, 2, 8 and 32 against it. */
    public static final int POOL_SIZE = 16;

    @Param({"tidepool", "hikari", "tidepool-timed", "tidepool-metrics", "hikari-metrics", "dbcp2", "tomcat", "vibur", "agroal", "c3p0"})
    public String pool;

    private StubDatabase database;
    private PoolAdapter adapter;
    public DataSource dataSource;

    @Setup(Level.Trial)
    public void start() throws Exception {
        database = StubDatabase.create();
        // Calls that do nothing, as in HikariCP's benchmark: the stub's own set of open statements
        // would cost every pool the same concurrent-map insert and remove per statement, and its
        // call counters an atomic increment per call (8 % of the 32-thread StatementCycle profile).
        database.trackStatements(false);
        database.countCalls(false);
        adapter = PoolAdapters.forName(pool);
        dataSource = adapter.create(database.url(), POOL_SIZE);
        warm(dataSource, POOL_SIZE);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        adapter.close(dataSource);
        database.close();
    }

    /** Borrows every connection once, so lazy pools (c3p0) are full before measuring. */
    static void warm(DataSource dataSource, int size) throws Exception {
        List<Connection> held = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                held.add(dataSource.getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
