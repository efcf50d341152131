package dev.tidepool.cli;

import dev.tidepool.dashboard.TidepoolDashboard;
import dev.tidepool.jdbc.TidepoolDataSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo's {@code --dashboard}: the live page for the demo's pool on 127.0.0.1 (a free port,
 * a fresh token; the URL is printed once), and {@code --hold}: keep serving after the workload,
 * until Ctrl-C. Closing it stops the server before the pool closes.
 */
final class DemoDashboard implements AutoCloseable {

    private final TidepoolDashboard dashboard;
    private final Output output;

    private DemoDashboard(TidepoolDashboard dashboard, Output output) {
        this.dashboard = dashboard;
        this.output = output;
    }

    /** A running dashboard when {@code enabled}, else one that does nothing. */
    static DemoDashboard start(boolean enabled, TidepoolDataSource dataSource, Output output) {
        if (!enabled) {
            return new DemoDashboard(null, output);
        }
        TidepoolDashboard d = TidepoolDashboard.builder().pool(dataSource).printUrlTo(output.out()).start();
        return new DemoDashboard(d, output);
    }

    /** With a dashboard, serves until Ctrl-C (or SIGTERM); without, returns at once. */
    void holdUntilInterrupted() throws InterruptedException {
        if (dashboard == null) {
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                released.await(10, TimeUnit.SECONDS); // let the demo close the pool and the server first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tidepool-demo-hold");
        Runtime.getRuntime().addShutdownHook(hook);
        output.out().println("The workload has ended; the dashboard stays up at " + dashboard.baseUrl()
                + " (same token) until Ctrl-C.");
        try {
            stop.await();
        } finally {
            released.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and ends by itself.
            }
        }
    }

    @Override
    public void close() {
        if (dashboard != null) {
            dashboard.stop();
        }
    }
}
