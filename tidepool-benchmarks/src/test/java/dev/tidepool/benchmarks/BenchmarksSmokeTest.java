package dev.tidepool.benchmarks;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps every benchmark runnable: one tiny in-process iteration of each JMH benchmark with every
 * pool adapter, and the real-PostgreSQL harnesses in a tiny mode. No timing assertions.
 */
class BenchmarksSmokeTest {

    private static final String[] JDBC_POOLS = PoolAdapters.names().toArray(String[]::new);

    /** bench/run.sh runs the JMH benchmarks with their default {@code pool} values: every adapter must be one. */
    @Test
    void theJmhPoolParameterListsEveryRegisteredAdapter() throws Exception {
        Param param = StubPoolState.class.getField("pool").getAnnotation(Param.class);
        assertEquals(PoolAdapters.names(), List.of(param.value()),
                "StubPoolState's @Param list and PoolAdapters must name the same pools, in the same order");
    }

    @Test
    void connectionCycleRunsWithEveryPool() throws Exception {
        assertRunsOnce(ConnectionCycle.class, "pool", JDBC_POOLS);
    }

    @Test
    void statementCycleRunsWithEveryPool() throws Exception {
        assertRunsOnce(StatementCycle.class, "pool", JDBC_POOLS);
    }

    @Test
    void genericPoolCycleRunsWithEveryPool() throws Exception {
        assertRunsOnce(GenericPoolCycle.class, "pool", "tidepool", "commons-pool2", "stormpot", "stormpot-tap");
    }

    @Test
    void dashboardCycleRunsWithoutAndWithADashboard() throws Exception {
        assertRunsOnce(DashboardCycle.class, "dashboard", "none", "untimed", "sampling", "page");
    }

    @Test
    void sessionResetCycleRunsInEveryModeOnPostgresqlAndMariadb() throws Exception {
        postgresOrSkip();
        mariadbOrSkip();
        Options options = new OptionsBuilder()
                .include("^" + SessionResetCycle.class.getName().replace(".", "\\.") + "\\.")
                .forks(0).threads(1)
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(2 * 4, results.size(), "both databases, every reset mode");
        for (RunResult result : results) {
            assertFalse(Double.isNaN(result.getPrimaryResult().getScore()), result.getParams().toString());
        }
    }

    /**
     * {@code --virtual-threads}: on JDK 21+ a short run of 200 virtual workers on a pool of 4 with
     * no errors; before 21 a clear refusal naming the option (the benchmarks compile for 17).
     */
    @Test
    void postgresHarnessRunsVirtualWorkersOrSaysWhichJdkItNeeds() throws Exception {
        if (Runtime.version().feature() < 21) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerThreads.of(true));
            assertTrue(e.getMessage().contains("--virtual-threads needs JDK 21"), e.getMessage());
            return;
        }
        postgresOrSkip();
        PgHarness.Options options = PgHarness.Options.from(new Args(new String[] {"--virtual-threads", "--threads", "200",
                "--pool-size", "4", "--warmup", "0.1", "--seconds", "0.3", "--rounds", "1", "--pools", "tidepool"}));
        assertFalse(options.baselines(), "no dedicated baseline of 200 sessions");
        var results = new PgHarness(options, quiet()).run();
        results.values().forEach(byContender -> byContender.forEach((name, samples) -> {
            assertEquals(0, samples.get(0).errors(), name + " had errors");
            assertTrue(samples.get(0).opsPerSecond() > 0, name + " did no work");
        }));
    }

    @Test
    void postgresHarnessRunsEveryPoolAndBothBaselines() throws Exception {
        PgTarget target = postgresOrSkip();
        PgHarness.Options options = new PgHarness.Options(target, 4, 2, 0.1, 0.2, 1, PoolAdapters.all(),
                List.of(PgHarness.Workload.values()), true, false);
        var results = new PgHarness(options, quiet()).run();
        assertEquals(PgHarness.Workload.values().length, results.size());
        for (var byContender : results.values()) {
            assertEquals(PoolAdapters.all().size() + 2, byContender.size());
            byContender.forEach((name, samples) -> {
                assertEquals(1, samples.size(), name);
                assertEquals(0, samples.get(0).errors(), name + " had errors");
                assertTrue(samples.get(0).opsPerSecond() > 0, name + " did no work");
                assertEquals(4, samples.get(0).opsPerWorker().length, name);
                assertTrue(samples.get(0).switchesPerOp() > 0, name + ": no context switches counted");
            });
        }
    }

    @Test
    void spikeHarnessRunsEveryPool() throws Exception {
        PgTarget target = postgresOrSkip();
        SpikeHarness.Options options = new SpikeHarness.Options(target, 10, 10, 2, 5, 1, PoolAdapters.all());
        Map<String, List<SpikeHarness.Trial>> results = new SpikeHarness(options, quiet()).run();
        assertEquals(PoolAdapters.names(), List.copyOf(results.keySet()));
        results.forEach((name, trials) -> {
            assertEquals(0, trials.get(0).errors(), name + " had errors");
            assertTrue(trials.get(0).openedByFinish() <= 10, name + " opened more than max");
        });
    }

    private static void assertRunsOnce(Class<?> benchmark, String param, String... values) throws Exception {
        Options options = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .param(param, values)
                .forks(0)
                .threads(1)
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(values.length, results.size(), "one result per " + param);
        for (RunResult result : results) {
            assertFalse(Double.isNaN(result.getPrimaryResult().getScore()), result.getParams().toString());
        }
    }

    private static PgTarget postgresOrSkip() {
        PgTarget target = PgTarget.defaults();
        if (!target.reachable()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("PostgreSQL is not reachable at " + target.url() + " and CI=true");
            }
            Assumptions.abort("PostgreSQL is not reachable at " + target.url() + "; skipping the real-database smoke");
        }
        return target;
    }

    private static void mariadbOrSkip() {
        String url = "jdbc:mariadb://127.0.0.1:3306/test";
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            return;
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("MariaDB is not reachable at " + url + " and CI=true: " + e);
            }
            Assumptions.abort("MariaDB is not reachable at " + url + "; skipping SessionResetCycle's smoke");
        } finally {
            DriverManager.setLoginTimeout(0);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
