package dev.tidepool.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Any number of pools, each one of {@link PoolAdapters}' contenders from a build of its own, in
 * one JVM, measured in turn in half-second phases on the stub database (issue 10: Tidepool against
 * HikariCP with metrics off and on, in the same seconds). {@link PairedCycle} does this for two
 * builds of Tidepool; this is its sibling for any contenders, so that a ratio such as
 * "Tidepool / HikariCP with metrics on" and the same ratio with metrics off come from phases a few
 * seconds apart, and their quotient ("margin on / margin off") from the same round.
 *
 * <p>Usage: {@code java -cp <a build's class path> dev.tidepool.benchmarks.PairedPools
 * <connection|statement> <threads> <rounds> <label>=<pool>@<lib> ...}, where each lib is a
 * directory with a build's {@code classes/} and jars (bench/paired.sh makes them) and pool an
 * adapter name ({@code tidepool}, {@code tidepool-metrics}, {@code hikari}, {@code hikari-metrics},
 * ...). Each side has its own class loader (its own copy of Tidepool, HikariCP, Micrometer and of
 * the worker loop, {@link SideLoop}), stub database, pool and worker threads; the sides not
 * measured park. After a warm-up of 5 s per side (in turns), each round runs every side once, the
 * order rotated by one each round so that every side takes every place in the round equally
 * often. Prints one line per round: the operations per millisecond of each side, in the order
 * given, then ({@code cpu}) each side's operations per millisecond of its workers' CPU time. On a
 * machine shared with other work, how much CPU a phase gets varies from phase to phase by several
 * times; operations per CPU time do not depend on it, so they show the cost of an operation to
 * within far less (they leave out time spent descheduled, which throughput includes). The order the sides were given in still biases them (the side started second ran faster
 * in {@link PairedCycle}'s calibration), so compare each pair in both orders (bench/paired-hikari.sh).
 */
public final class PairedPools {
    private static final long PHASE_NANOS = 500_000_000L;
    private static final long SETTLE_NANOS = 20_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PairedPools() {
    }

    public static void main(String[] args) throws Exception {
        boolean statements = args[0].startsWith("statement");
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<Side> sides = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] labelRest = args[i].split("=", 2);
            String[] poolLib = labelRest[1].split("@", 2);
            sides.add(new Side(labelRest[0], poolLib[0], poolLib[1]));
        }
        for (Side s : sides) {
            s.start(threads, statements);
        }
        for (int i = 0; i < 10; i++) {
            for (Side s : sides) {
                s.phase();
            }
        }
        StringBuilder header = new StringBuilder("# " + (statements ? "StatementCycle" : "ConnectionCycle")
                + " threads=" + threads + " rounds=" + rounds + " sides:");
        for (Side s : sides) {
            header.append(' ').append(s.label);
        }
        System.out.println(header);
        int n = sides.size();
        for (int r = 0; r < rounds; r++) {
            double[] opsPerMs = new double[n];
            double[] opsPerCpuMs = new double[n];
            for (int k = 0; k < n; k++) {
                int i = (r + k) % n;
                Side side = sides.get(i);
                long ops = side.phase();
                opsPerMs[i] = ops / (PHASE_NANOS / 1e6);
                opsPerCpuMs[i] = ops / Math.max(1e-3, side.lastCpuNanos / 1e6);
            }
            StringBuilder line = new StringBuilder("round " + r);
            for (double v : opsPerMs) {
                line.append(' ').append(String.format("%.0f", v));
            }
            line.append(" cpu");
            for (double v : opsPerCpuMs) {
                line.append(' ').append(String.format("%.0f", v));
            }
            System.out.println(line);
        }
        for (Side s : sides) {
            s.stop();
        }
    }

    /** One contender: its class loader, stub database, pool and workers. */
    private static final class Side {
        final String label;
        private final ClassLoader loader;
        private final Object database;
        private final Object adapter;
        private final DataSource dataSource;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Thread> workers = new ArrayList<>();
        private AtomicLongArray counts;
        /** CPU time of the workers in the last phase. */
        long lastCpuNanos;

        Side(String label, String pool, String lib) throws Exception {
            this.label = label;
            List<URL> urls = BuildLibrary.urls(lib);
            // Last: this harness's own classes, for a build older than SideLoop (each side still loads its own copy).
            urls.add(PairedPools.class.getProtectionDomain().getCodeSource().getLocation());
            loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            database = BuildLibrary.quietStubDatabase(loader);
            String url = BuildLibrary.url(database);
            Class<?> adapters = loader.loadClass("dev.tidepool.benchmarks.PoolAdapters");
            adapter = adapters.getMethod("forName", String.class).invoke(null, pool);
            Class<?> adapterType = loader.loadClass("dev.tidepool.benchmarks.PoolAdapter");
            dataSource = (DataSource) adapterType.getMethod("create", String.class, int.class)
                    .invoke(adapter, url, StubPoolState.POOL_SIZE);
            // Borrow every connection once, as StubPoolState does, so every pool starts full.
            List<java.sql.Connection> held = new ArrayList<>();
            for (int i = 0; i < StubPoolState.POOL_SIZE; i++) {
                held.add(dataSource.getConnection());
            }
            for (java.sql.Connection c : held) {
                c.close();
            }
        }

        void start(int threads, boolean statements) throws Exception {
            counts = new AtomicLongArray(threads * 16); // one slot per 128 bytes: no false sharing
            var loop = loader.loadClass("dev.tidepool.benchmarks.SideLoop").getConstructor(DataSource.class,
                    AtomicLongArray.class, int.class, boolean.class, AtomicBoolean.class, AtomicBoolean.class);
            for (int t = 0; t < threads; t++) {
                Runnable work = (Runnable) loop.newInstance(dataSource, counts, t * 16, statements, running, stopped);
                Thread w = new Thread(work, label + "-worker-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
        }

        /** Runs this side alone for one phase; returns the operations it did. */
        long phase() {
            long before = total();
            long cpuBefore = cpu();
            running.set(true);
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            LockSupport.parkNanos(PHASE_NANOS);
            running.set(false);
            LockSupport.parkNanos(SETTLE_NANOS); // let the workers publish and park
            lastCpuNanos = cpu() - cpuBefore;
            return total() - before;
        }

        /** CPU time the workers used so far. */
        private long cpu() {
            long sum = 0;
            for (Thread w : workers) {
                sum += Math.max(0, THREADS.getThreadCpuTime(w.getId()));
            }
            return sum;
        }

        private long total() {
            long sum = 0;
            for (int i = 0; i < counts.length(); i += 16) {
                sum += counts.get(i);
            }
            return sum;
        }

        void stop() throws Exception {
            stopped.set(true);
            for (Thread w : workers) {
                LockSupport.unpark(w);
                w.join(5_000);
            }
            loader.loadClass("dev.tidepool.benchmarks.PoolAdapter").getMethod("close", DataSource.class)
                    .invoke(adapter, dataSource);
            database.getClass().getMethod("close").invoke(database);
        }
    }
}
