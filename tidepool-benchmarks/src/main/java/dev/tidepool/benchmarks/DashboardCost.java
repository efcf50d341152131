package dev.tidepool.benchmarks;

import dev.tidepool.dashboard.TidepoolDashboard;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.StubDatabase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The dashboard's own CPU time, read per thread from the JVM (so other load on the machine does
 * not blur it, unlike a throughput difference): a pool of 16 on the stub driver, 8 threads
 * borrowing and returning in a loop, and 8 connections held in transactions (so the sampler
 * scans holders and the page's update takes 8 stacks). Prints the CPU the sampler and the HTTP
 * threads used per second of wall time, without and with a page's stream open.
 *
 * <pre>
 * java -cp "$(cat tidepool-benchmarks/target/bench.classpath):tidepool-benchmarks/target/classes" \
 *     dev.tidepool.benchmarks.DashboardCost [seconds per phase, default 20]
 * </pre>
 */
public final class DashboardCost {

    private DashboardCost() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StubDatabase database = StubDatabase.create();
        database.trackStatements(false);
        database.countCalls(false);
        TidepoolDataSource ds = new TidepoolDataSource(TidepoolConfig.builder().poolName("cost").jdbcUrl(database.url())
                .maxSize(16).minIdle(16).idleInTransactionThreshold(Duration.ofSeconds(1)).build());
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder cycles = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(start("cost-cycle-" + i, () -> {
                while (running.get()) {
                    try (Connection c = ds.getConnection()) {
                        cycles.increment();
                    }
                }
            }));
            threads.add(start("cost-holder-" + i, () -> {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    c.createStatement().execute("update t set x = 1");
                    while (running.get()) {
                        LockSupport.parkNanos(10_000_000L);
                    }
                    c.rollback();
                }
            }));
        }
        try (TidepoolDashboard dashboard = TidepoolDashboard.builder().pool(ds).printUrlTo(null).start()) {
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // warm up
            System.out.println(phase("sampling, no page", seconds, mx, cycles));
            String url = dashboard.url();
            Thread page = start("cost-page", () -> {
                HttpURLConnection c = (HttpURLConnection) URI.create(dashboard.baseUrl() + "api/stream").toURL()
                        .openConnection();
                c.setRequestProperty("X-Tidepool-Token", url.substring(url.indexOf("token=") + 6));
                c.setReadTimeout(30_000);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    while (r.readLine() != null) {
                        // an open page: read and drop
                    }
                }
            });
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            System.out.println(phase("sampling + a page's stream", seconds, mx, cycles));
            page.interrupt();
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(5_000);
            }
            ds.close();
            database.close();
        }
    }

    private static String phase(String name, int seconds, ThreadMXBean mx, LongAdder cycles) {
        long cpu0 = dashboardCpu(mx);
        long cycles0 = cycles.sum();
        long t0 = System.nanoTime();
        LockSupport.parkNanos(Duration.ofSeconds(seconds).toNanos());
        long wall = System.nanoTime() - t0;
        long cpu = dashboardCpu(mx) - cpu0;
        double perSecondMicros = cpu / 1e3 / (wall / 1e9);
        return String.format(Locale.ROOT, "%-28s dashboard threads' CPU %8.1f µs per second (%.3f %% of one core);"
                        + " %,.0f borrow/return cycles per second alongside",
                name, perSecondMicros, perSecondMicros / 1e4, (cycles.sum() - cycles0) / (wall / 1e9));
    }

    /** CPU time of every live thread whose name starts with tidepool-dashboard or is the HTTP dispatcher. */
    private static long dashboardCpu(ThreadMXBean mx) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.startsWith("tidepool-dashboard-") || n.startsWith("HTTP-Dispatcher")) {
                long c = mx.getThreadCpuTime(t.getId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                if (!(e instanceof java.io.IOException)) {
                    e.printStackTrace();
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
