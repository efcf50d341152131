package dev.tidepool.cli;

import dev.tidepool.core.PoolStats;
import java.io.PrintStream;
import java.time.Duration;

/** What a demo run did, printed after the status line; decides the exit code. */
final class DemoSummary {

    private final DemoOptions options;
    private final long elapsedNanos;
    private final long operations;
    private final long errors;
    private final Exception firstError;
    private final LatencyHistogram acquire;
    private final PoolStats stats;
    private final boolean workersStopped;
    private final Duration stopGrace;
    private final boolean interrupted;

    DemoSummary(DemoOptions options, long elapsedNanos, long operations, long errors, Exception firstError,
                LatencyHistogram acquire, PoolStats stats, boolean workersStopped, Duration stopGrace,
                boolean interrupted) {
        this.options = options;
        this.elapsedNanos = elapsedNanos;
        this.operations = operations;
        this.errors = errors;
        this.firstError = firstError;
        this.acquire = acquire;
        this.stats = stats;
        this.workersStopped = workersStopped;
        this.stopGrace = stopGrace;
        this.interrupted = interrupted;
    }

    void print(PrintStream out) {
        out.println();
        out.println("Summary: " + Format.seconds(elapsedNanos) + ", " + options.threads() + " threads, pool of "
                + options.poolSize() + (interrupted ? " (stopped early)" : ""));
        out.println("  operations  " + Format.count(operations) + " (" + Format.rate(operations, elapsedNanos)
                + " ops/s), errors " + Format.count(errors));
        out.println("  acquire     p50 " + Format.nanos(acquire.valueAtPercentile(50))
                + ", p99 " + Format.nanos(acquire.valueAtPercentile(99))
                + ", max " + Format.nanos(acquire.max()) + " (time in getConnection())");
        out.println("  pool        total " + stats.total() + ", active " + stats.active() + ", idle " + stats.idle()
                + ", waiting " + stats.waiting());
        out.println("  connections created " + stats.created() + ", destroyed " + stats.destroyed()
                + ", create failures " + stats.createFailures() + ", acquire timeouts " + stats.timeouts());
        out.flush();
    }

    /** 0 when every operation succeeded and every worker stopped; otherwise says why and returns 1. */
    int exitCode(PrintStream err) {
        if (!workersStopped) {
            err.println("tidepool demo: some workers were still busy " + stopGrace.toSeconds()
                    + " s after the end; the pool or the database is stuck");
            return Main.FAILED;
        }
        if (errors > 0) {
            err.println("tidepool demo: " + Format.count(errors) + " of " + Format.count(operations + errors)
                    + " operations failed; the first failure: " + firstError);
            return Main.FAILED;
        }
        if (operations == 0) {
            err.println("tidepool demo: no operation completed; try a longer --duration");
            return Main.FAILED;
        }
        return Main.OK;
    }
}
