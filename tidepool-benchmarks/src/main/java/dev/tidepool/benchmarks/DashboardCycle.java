package dev.tidepool.benchmarks;

import dev.tidepool.dashboard.TidepoolDashboard;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.StubDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * {@link ConnectionCycle} on Tidepool with and without a dashboard attached (issue 11): what the
 * sampler thread (and, with {@code page}, an open page's once-a-second update with the holders'
 * stacks) costs the borrow/return cycle.
 *
 * <pre>
 * java -cp "$(cat tidepool-benchmarks/target/bench.classpath):tidepool-benchmarks/target/classes" \
 *     org.openjdk.jmh.Main dev.tidepool.benchmarks.DashboardCycle -t 8 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DashboardCycle {

    /**
     * The pool with no dashboard, a dashboard with {@code timings(false)}, a dashboard sampling it
     * (timings on), or one with a page streaming.
     */
    @State(Scope.Benchmark)
    public static class Pool {
        @Param({"none", "untimed", "sampling", "page"})
        public String dashboard;

        StubDatabase database;
        TidepoolDataSource dataSource;
        TidepoolDashboard server;
        Thread page;

        @Setup(Level.Trial)
        public void start() throws Exception {
            database = StubDatabase.create();
            database.trackStatements(false);
            database.countCalls(false);
            dataSource = (TidepoolDataSource) new TidepoolAdapter().create(database.url(), StubPoolState.POOL_SIZE);
            StubPoolState.warm(dataSource, StubPoolState.POOL_SIZE);
            if (!dashboard.equals("none")) {
                server = TidepoolDashboard.builder().pool(dataSource).timings(!dashboard.equals("untimed"))
                        .printUrlTo(null).start();
            }
            if (dashboard.equals("page")) {
                page = new Thread(this::readStream, "bench-dashboard-page");
                page.setDaemon(true);
                page.start();
            }
        }

        /** What an open page does: read the stream, one update a second. */
        private void readStream() {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(server.baseUrl() + "api/stream").toURL()
                        .openConnection();
                String url = server.url();
                c.setRequestProperty("X-Tidepool-Token", url.substring(url.indexOf("token=") + 6));
                c.setReadTimeout(30_000);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    while (r.readLine() != null) {
                        // discard: the cost is on the server's side
                    }
                }
            } catch (Exception stopped) {
                // the trial ended and the server went away
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            if (server != null) {
                server.stop();
            }
            dataSource.close();
            database.close();
        }
    }

    @Benchmark
    public Connection cycle(Pool pool) throws SQLException {
        Connection connection = pool.dataSource.getConnection();
        connection.close();
        return connection;
    }
}
