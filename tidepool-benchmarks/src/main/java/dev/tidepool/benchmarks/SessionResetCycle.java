package dev.tidepool.benchmarks;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@code sessionReset} costs per return on a real database: one thread, a pool of one, each
 * operation borrows, runs {@code select 1} (after a session-changing {@code SET} in the
 * {@code auto-set} case) and returns. {@code never} is the floor; {@code auto} without session SQL
 * shows that the detector costs nothing; {@code auto-set} the price of a reset that is due;
 * {@code always} a reset on every return. Replaces the figure-printing SessionResetCostTest.
 *
 * <p>Needs PostgreSQL ({@code TIDEPOOL_PG_URL/USER/PASSWORD}, default 127.0.0.1:5432/test as
 * postgres) and MariaDB ({@code TIDEPOOL_MARIADB_URL/USER/PASSWORD}, default 127.0.0.1:3306/test as
 * root); see docs/benchmarks.md for the command.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Threads(1)
@State(Scope.Benchmark)
public class SessionResetCycle {

    @Param({"postgresql", "mariadb"})
    public String db;

    @Param({"never", "auto", "auto-set", "always"})
    public String reset;

    private TidepoolDataSource dataSource;
    private String sessionSql;

    @Setup(Level.Trial)
    public void start() throws SQLException {
        boolean pg = db.equals("postgresql");
        String url = pg ? env("TIDEPOOL_PG_URL", PgTarget.DEFAULT_URL) : env("TIDEPOOL_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
        String user = pg ? env("TIDEPOOL_PG_USER", "postgres") : env("TIDEPOOL_MARIADB_USER", "root");
        String password = pg ? env("TIDEPOOL_PG_PASSWORD", "") : env("TIDEPOOL_MARIADB_PASSWORD", "");
        SessionReset mode = switch (reset) {
            case "never" -> SessionReset.NEVER;
            case "auto", "auto-set" -> SessionReset.AUTO;
            case "always" -> SessionReset.ALWAYS;
            default -> throw new IllegalArgumentException("reset (" + reset + ") must be never, auto, auto-set or always");
        };
        sessionSql = !reset.equals("auto-set") ? null : pg ? "SET work_mem = '4MB'" : "SET @x = 1";
        dataSource = new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl(url).username(user).password(password)
                .poolName("bench-reset-" + db + "-" + reset).maxSize(1).minIdle(1).sessionReset(mode)
                .acquireTimeout(Duration.ofSeconds(10)).build());
    }

    @TearDown(Level.Trial)
    public void stop() {
        dataSource.close();
    }

    @Benchmark
    public int borrowQueryReturn() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (sessionSql != null) {
                s.execute(sessionSql);
            }
            try (ResultSet rs = s.executeQuery("select 1")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
