package dev.tidepool.cli;

import dev.tidepool.cli.demo.app.BuildController;
import dev.tidepool.cli.demo.app.BuildService;
import dev.tidepool.cli.demo.app.JenkinsClient;
import dev.tidepool.cli.demo.app.StatusController;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.TidepoolListener;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code tidepool demo --scenario incident}: replays the incident Tidepool was written for, on the
 * in-process H2 server. {@link BuildService#build} (in {@code dev.tidepool.cli.demo.app}, which
 * the pool's diagnosis counts as application code) updates a row in a transaction and then waits
 * on a slow remote call; four such requests hold the pool's four connections, and quick status
 * requests time out behind them. The pool's log (shown inline) warns about the idle transactions
 * after 1 s and, when the first request times out, names the culprit; the timeout message is the
 * same report. Exits 0 when the diagnosis named {@code BuildService.build}.
 */
final class IncidentScenario {
    static final int POOL_SIZE = 4;
    static final int STATUS_REQUESTS = 3;
    static final Duration REMOTE_CALL = Duration.ofSeconds(9);
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(1);
    /**
     * With the dashboard, status requests keep coming (waves one acquireTimeout apart) while the
     * builds hold the pool, as they would at 9 a.m.: the page shows the pool dry and the verdict
     * for most of the run, not for one 2-second window.
     */
    static final int STATUS_WAVES_WITH_DASHBOARD = 3;

    private final Output output;
    private final boolean dashboard;
    private final boolean hold;
    private final long start = System.nanoTime();
    private final CountDownLatch idleWarnings = new CountDownLatch(POOL_SIZE);
    private final List<String> failures = new CopyOnWriteArrayList<>();

    IncidentScenario(Output output) {
        this(output, false, false);
    }

    /** @param dashboard serve the live page during the replay; @param hold keep serving it afterwards until Ctrl-C */
    IncidentScenario(Output output, boolean dashboard, boolean hold) {
        this.output = output;
        this.dashboard = dashboard;
        this.hold = hold;
    }

    int run() {
        Logger tidepoolLog = Logger.getLogger("dev.tidepool"); // held: JUL keeps loggers weakly
        PoolLogToOutput handler = new PoolLogToOutput();
        boolean parents = tidepoolLog.getUseParentHandlers();
        tidepoolLog.addHandler(handler);
        tidepoolLog.setUseParentHandlers(false);
        try (DemoDatabase db = DemoDatabase.start()) {
            return replay(db);
        } catch (SQLException | RuntimeException e) {
            output.err().println("tidepool demo: the incident scenario failed: " + e);
            return Main.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.err().println("tidepool demo: interrupted");
            return Main.FAILED;
        } finally {
            tidepoolLog.removeHandler(handler);
            tidepoolLog.setUseParentHandlers(parents);
        }
    }

    private int replay(DemoDatabase db) throws SQLException, InterruptedException {
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(db.jdbcUrl()).username(DemoDatabase.USER)
                .password(DemoDatabase.PASSWORD).poolName(DemoCommand.POOL_NAME).maxSize(POOL_SIZE).minIdle(POOL_SIZE)
                .acquireTimeout(ACQUIRE_TIMEOUT).validationTimeout(Duration.ofSeconds(1))
                .idleInTransactionThreshold(IDLE_IN_TRANSACTION).build();
        PrintStream out = output.out();
        try (TidepoolDataSource ds = new TidepoolDataSource(config, new Listener());
             DemoDashboard page = DemoDashboard.start(dashboard, ds, output)) {
            createTable(ds);
            out.println("Replaying the incident on H2 (127.0.0.1:" + db.port() + "): a pool of " + POOL_SIZE
                    + ", acquireTimeout " + seconds(ACQUIRE_TIMEOUT) + ", idleInTransactionThreshold "
                    + seconds(IDLE_IN_TRANSACTION) + ".");
            out.println("POST /builds/{id} runs BuildService.build: it updates the build row in a transaction, then");
            out.println("calls JenkinsClient.startBuild (an HTTP call that takes " + seconds(REMOTE_CALL)
                    + ") before it commits.");
            out.println();

            BuildController builds = new BuildController(new BuildService(ds, new JenkinsClient(REMOTE_CALL)));
            List<Thread> buildThreads = new ArrayList<>();
            for (int i = 1; i <= POOL_SIZE; i++) {
                int id = i;
                buildThreads.add(request("http-nio-8080-exec-" + i, () -> builds.post(id)));
            }
            awaitActive(ds, POOL_SIZE);
            say(POOL_SIZE + " x POST /builds: every connection is now held by a build waiting on Jenkins");
            if (!idleWarnings.await(IDLE_IN_TRANSACTION.plusSeconds(4).toMillis(), TimeUnit.MILLISECONDS)) {
                failures.add("the idle-in-transaction warnings did not come");
            }

            StatusController status = new StatusController(ds);
            AtomicInteger timedOut = new AtomicInteger();
            List<Thread> statusThreads = new ArrayList<>();
            say(STATUS_REQUESTS + " x GET /builds/{id}: quick queries, but no connection is free");
            int waves = dashboard ? STATUS_WAVES_WITH_DASHBOARD : 1;
            for (int i = 1; i <= STATUS_REQUESTS * waves; i++) {
                if (i > 1 && (i - 1) % STATUS_REQUESTS == 0) {
                    joinAll(statusThreads); // the previous wave has timed out: the next requests arrive
                    say(STATUS_REQUESTS + " more x GET /builds/{id}: the builds still hold every connection");
                }
                int id = (i - 1) % STATUS_REQUESTS + 1;
                String name = "http-nio-8080-exec-" + (POOL_SIZE + i);
                statusThreads.add(request(name, () -> {
                    long begin = System.nanoTime();
                    try {
                        status.get(id);
                        say(name + " GET /builds/" + id + " answered");
                    } catch (SQLTransientConnectionException e) {
                        timedOut.incrementAndGet();
                        if (!e.getMessage().contains("BuildService.build(BuildService.java:")) {
                            failures.add("the timeout message did not name BuildService.build:\n" + e.getMessage());
                        }
                        say(name + " GET /builds/" + id + " failed after " + seconds(System.nanoTime() - begin)
                                + ": SQLTransientConnectionException (its message is the report above)");
                    }
                }));
            }
            joinAll(statusThreads);
            joinAll(buildThreads);
            say("the builds committed; the pool recovers by itself:");
            Diagnosis after = ds.diagnose();
            say(after.toString().replace("\n", "\n         "));
            if (timedOut.get() == 0) {
                failures.add("no status request timed out");
            }
            out.println();
            out.println("What to change: commit (or do not open the transaction) before calling Jenkins. Raising");
            out.println("maxSize only lets more requests wait on Jenkins with a connection each.");
            if (hold) {
                page.holdUntilInterrupted();
            }
        }
        for (String f : failures) {
            output.err().println("tidepool demo: " + f);
        }
        return failures.isEmpty() ? Main.OK : Main.FAILED;
    }

    /** Bounded polling: the builds borrow on their own threads. */
    private void awaitActive(TidepoolDataSource ds, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ds.stats().active() < n && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static void createTable(TidepoolDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table build (id int primary key, status varchar(20), started_at timestamp)");
            s.execute("insert into build select x, 'queued', null from system_range(1, " + (POOL_SIZE + STATUS_REQUESTS)
                    + ")");
        }
    }

    @FunctionalInterface
    private interface Request {
        void handle() throws Exception;
    }

    private Thread request(String name, Request request) {
        Thread t = new Thread(() -> {
            try {
                request.handle();
            } catch (Exception e) {
                failures.add(name + " failed: " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(REMOTE_CALL.plus(ACQUIRE_TIMEOUT).plusSeconds(10).toMillis());
            if (t.isAlive()) {
                failures.add(t.getName() + " did not finish");
            }
        }
    }

    private void say(String line) {
        output.out().println(String.format(Locale.ROOT, "[%5.1fs] ", (System.nanoTime() - start) / 1e9) + line);
    }

    private static String seconds(Duration d) {
        return seconds(d.toNanos());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, nanos % 1_000_000_000L == 0 ? "%.0f s" : "%.1f s", nanos / 1e9);
    }

    /** Counts the pool's idle-in-transaction warnings (the log shows them). */
    private final class Listener implements TidepoolListener {
        @Override
        public void idleInTransaction(ConnectionHolder holder, StackTraceElement[] stackNow) {
            idleWarnings.countDown();
        }
    }

    /** Shows the pool's log lines inline, as an operator would see them in the service's log. */
    private final class PoolLogToOutput extends Handler {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage() != null) {
                say("log " + r.getLevel() + ": " + r.getMessage().replace("\n", "\n         "));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
