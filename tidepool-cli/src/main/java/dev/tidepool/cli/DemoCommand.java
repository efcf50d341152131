package dev.tidepool.cli;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.config.Durations;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code tidepool demo}: serves an in-memory H2 database over TCP from this process, runs a
 * workload through a {@link TidepoolDataSource} from several threads, shows a live status once a
 * second and ends with a summary. Ctrl-C stops the workload early and still prints the summary.
 */
final class DemoCommand implements Command {

    static final String POOL_NAME = "tidepool-demo";
    /** Long enough that a healthy demo never times out; short enough that a stuck one ends. */
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(10);
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run a workload through a pool against an in-process H2 server, with live stats";
    }

    @Override
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: tidepool demo [options]\n\n");
        sb.append("Starts an in-memory H2 database served over TCP inside this process, so the pool opens\n");
        sb.append("real socket connections, and runs a workload through a Tidepool pool: each thread borrows\n");
        sb.append("a connection, runs a short query or update, returns it and thinks. A status line shows\n");
        sb.append("ops/s, active/idle/waiting connections and the p99 time spent in getConnection() over the\n");
        sb.append("last second; a summary follows. Exits 0 when every operation succeeded, 1 otherwise.\n\n");
        sb.append("Options:\n");
        for (OptionSpec spec : DemoOptions.SPECS) {
            sb.append(spec.helpLine()).append('\n');
        }
        sb.append("  -h, --help               show this help\n");
        return sb.toString();
    }

    @Override
    public int run(List<String> args, Output output) throws UsageException {
        CommandLine.Parsed parsed = new CommandLine("tidepool demo", DemoOptions.SPECS).parse(args);
        if (parsed.helpRequested()) {
            output.out().print(help());
            return Main.OK;
        }
        DemoOptions options = DemoOptions.from(parsed);
        if ("incident".equals(options.scenario())) {
            return new IncidentScenario(output, options.dashboard(), options.hold()).run();
        }
        return new DemoRun(options, output).run();
    }

    /** One run of the demo: owns the database, the pool, the workload and the Ctrl-C hook. */
    static final class DemoRun {

        private final DemoOptions options;
        private final Output output;
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile boolean interrupted;
        private volatile Thread runner;

        DemoRun(DemoOptions options, Output output) {
            this.options = options;
            this.output = output;
        }

        int run() {
            runner = Thread.currentThread();
            Thread hook = new Thread(this::onShutdown, "tidepool-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return runWithDatabase();
            } finally {
                finished.countDown();
                removeHook(hook);
            }
        }

        private int runWithDatabase() {
            DemoDatabase db;
            try {
                db = DemoDatabase.start();
            } catch (SQLException | RuntimeException e) {
                return fail("could not start the H2 server: " + e, e);
            }
            try (db) {
                return runWithPool(db);
            } catch (SQLException e) {
                return fail("could not stop the H2 server: " + e, e);
            }
        }

        private int runWithPool(DemoDatabase db) {
            TidepoolDataSource dataSource;
            try {
                dataSource = new TidepoolDataSource(config(db));
            } catch (SQLException | RuntimeException e) {
                return fail("could not start the pool: " + e.getMessage(), e);
            }
            output.out().println(POOL_NAME + ": H2 on 127.0.0.1:" + db.port() + ", pool of " + options.poolSize()
                    + ", " + options.threads() + " threads, think " + Durations.format(options.think())
                    + ", for " + Durations.format(options.duration()) + " (Ctrl-C stops early)");
            DemoSummary summary;
            try (dataSource; DemoDashboard dashboard = DemoDashboard.start(options.dashboard(), dataSource, output)) {
                summary = drive(dataSource);
                if (options.hold() && !interrupted) {
                    summary.print(output.out());
                    dashboard.holdUntilInterrupted();
                    return summary.exitCode(output.err());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted while stopping the workload", e);
            } catch (Exception e) {
                return fail("the pool failed: " + e, e);
            }
            summary.print(output.out());
            return summary.exitCode(output.err());
        }

        private TidepoolConfig config(DemoDatabase db) {
            return TidepoolConfig.builder()
                    .jdbcUrl(db.jdbcUrl())
                    .username(DemoDatabase.USER)
                    .password(DemoDatabase.PASSWORD)
                    .maxSize(options.poolSize())
                    .minIdle(options.poolSize())
                    .acquireTimeout(ACQUIRE_TIMEOUT)
                    .poolName(POOL_NAME)
                    .build();
        }

        /** Runs the workload for the requested time, reporting once a second. */
        private DemoSummary drive(TidepoolDataSource dataSource) throws InterruptedException {
            Workload workload = new Workload(dataSource, options.threads(), options.think());
            StatusLine status = new StatusLine(output.out(), output.terminal());
            LatencyHistogram interval = new LatencyHistogram();
            LatencyHistogram total = new LatencyHistogram();
            long start = System.nanoTime();
            long end = start + options.duration().toNanos();
            workload.start();
            long lastTick = start;
            long lastOps = 0;
            while (true) {
                long wakeAt = Math.min(lastTick + TICK_NANOS, end);
                waitUntil(wakeAt);
                long now = System.nanoTime();
                workload.drainAcquireTimes(interval);
                long ops = workload.operations();
                status.update(statusText(now - start, ops - lastOps, now - lastTick, dataSource.stats(),
                        interval, workload.errors()));
                total.add(interval);
                interval.reset();
                lastTick = now;
                lastOps = ops;
                if (now >= end || interrupted) {
                    break;
                }
            }
            workload.stop();
            Duration grace = ACQUIRE_TIMEOUT.plusSeconds(5);
            boolean stopped = workload.awaitStopped(grace);
            long elapsed = System.nanoTime() - start;
            status.finish();
            workload.drainAcquireTimes(total);
            return new DemoSummary(options, elapsed, workload.operations(), workload.errors(),
                    workload.firstError(), total, dataSource.stats(), stopped, grace, interrupted);
        }

        private void waitUntil(long deadline) {
            long left;
            while (!interrupted && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        }

        private static String statusText(long elapsed, long ops, long intervalNanos, PoolStats stats,
                                         LatencyHistogram interval, long errors) {
            return String.format("[%5s] %s ops/s | active %d idle %d waiting %d | p99 acquire %s | errors %s",
                    Math.round(elapsed / 1e9) + "s", Format.rate(ops, intervalNanos), stats.active(), stats.idle(),
                    stats.waiting(), Format.nanos(interval.valueAtPercentile(99)), Format.count(errors));
        }

        /** Ctrl-C or SIGTERM: stop the workload, let the run print its summary and close everything. */
        private void onShutdown() {
            interrupted = true;
            Thread r = runner;
            if (r != null) {
                LockSupport.unpark(r);
            }
            try {
                finished.await(ACQUIRE_TIMEOUT.plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already shutting down (Ctrl-C): the hook is running and ends by itself.
            }
        }

        private int fail(String message, Exception cause) {
            output.err().println("tidepool demo: " + message);
            if (cause.getCause() != null) {
                output.err().println("  caused by: " + cause.getCause());
            }
            return Main.FAILED;
        }
    }
}
