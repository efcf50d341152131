package dev.tidepool.benchmarks;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Two builds of Tidepool in one JVM, each in its own class loader, measured in alternating
 * half-second phases on the same stub database setup (issue 10: did the no-listener borrow path
 * get slower?). On a machine shared with other work, separate JMH runs minutes apart differ by
 * more than the effect sought; alternating phases a second apart see the same load, so the
 * ratio of each pair of phases is meaningful even when the absolute figures are not.
 *
 * <p>Usage: {@code java -cp <this build's class path> dev.tidepool.benchmarks.PairedCycle
 * <libA> <libB> <connection|statement|generic> <threads> <seconds> [metrics]}, where each lib is a directory
 * with a build's {@code classes/} and jars (bench/metrics-overhead.sh makes them; {@code KEEP_LIBS=1}
 * keeps them). Each side has its own worker threads (so every call site sees one class); the side
 * not measured parks. With {@code metrics}, each side binds its build's {@code TidepoolMetrics} to
 * a Prometheus registry of its own: the two builds' metrics paths side by side. {@code generic} is
 * {@link GenericPoolCycle}'s Tidepool cycle (the core pool alone, no JDBC): each side's own
 * {@code TidepoolCycler}, called through a method handle held in a static final field of that
 * side's loop class, which the JIT treats as a constant and inlines through as through a direct call.
 */
public final class PairedCycle {
    private static final long PHASE_NANOS = 500_000_000L;
    /** Each side's generic cycle, set before its loop class initialises (which copies it into a constant). */
    private static MethodHandle genericCycleA;
    private static MethodHandle genericCycleB;

    private PairedCycle() {
    }

    public static void main(String[] args) throws Throwable {
        boolean metrics = args.length > 5 && args[5].equals("metrics");
        boolean statements = args[2].startsWith("statement");
        boolean generic = args[2].startsWith("generic");
        Side a = new Side("A " + new File(args[0]).getName(), args[0], metrics, generic);
        Side b = new Side("B " + new File(args[1]).getName(), args[1], metrics, generic);
        int threads = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        a.start(threads, statements);
        b.start(threads, statements);
        for (int i = 0; i < 10; i++) { // warm-up: 5 s each, alternating
            a.phase();
            b.phase();
        }
        List<Double> ratios = new ArrayList<>();
        long sumA = 0;
        long sumB = 0;
        int pairs = seconds; // one pair of half-second phases per second
        for (int i = 0; i < pairs; i++) {
            boolean aFirst = (i & 1) == 0; // alternate the order too
            long opsA = aFirst ? a.phase() : 0;
            long opsB = b.phase();
            if (!aFirst) {
                opsA = a.phase();
            }
            sumA += opsA;
            sumB += opsB;
            ratios.add((double) opsB / Math.max(1, opsA));
        }
        a.stop();
        b.stop();
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%s threads=%d pairs=%d  A=%s %.0f ops/ms  B=%s %.0f ops/ms  B/A median %.3f (quartiles %.3f-%.3f)%n",
                (generic ? "GenericPoolCycle" : statements ? "StatementCycle" : "ConnectionCycle") + (metrics ? " (metrics)" : ""), threads, pairs, a.name, sumA / (pairs * 500.0),
                b.name, sumB / (pairs * 500.0), r[r.length / 2], r[r.length / 4], r[r.length * 3 / 4]);
    }

    /** One build: its class loader, stub database, pool and workers. */
    private static final class Side {
        final String name;
        final ClassLoader loader;
        final Object database;
        final DataSource dataSource;
        /** The generic pool's cycler (its cycle is in genericCycleA/B), or null for the JDBC cycles. */
        private final AutoCloseable cycler;
        private final List<Thread> workers = new ArrayList<>();
        private AtomicLongArray counts;
        private volatile boolean running;
        private volatile boolean stopped;

        Side(String name, String lib, boolean metrics, boolean generic) throws Throwable {
            this.name = name;
            loader = new URLClassLoader(BuildLibrary.urls(lib).toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            if (generic) {
                Class<?> cyclerClass = loader.loadClass("dev.tidepool.benchmarks.GenericPoolCycle$TidepoolCycler");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(cyclerClass, MethodHandles.lookup());
                Object instance = lookup.findConstructor(cyclerClass, MethodType.methodType(void.class, int.class))
                        .invoke(StubPoolState.POOL_SIZE);
                MethodHandle cycle = lookup.findVirtual(cyclerClass, "cycle", MethodType.methodType(Object.class))
                        .bindTo(instance);
                if (name.startsWith("A")) {
                    genericCycleA = cycle;
                } else {
                    genericCycleB = cycle;
                }
                cycler = (AutoCloseable) instance;
                database = null;
                dataSource = null;
                return;
            }
            cycler = null;
            database = BuildLibrary.quietStubDatabase(loader);
            String url = BuildLibrary.url(database);
            Class<?> configClass = loader.loadClass("dev.tidepool.jdbc.TidepoolConfig");
            Object builder = configClass.getMethod("builder").invoke(null);
            Class<?> bc = builder.getClass();
            bc.getMethod("jdbcUrl", String.class).invoke(builder, url);
            bc.getMethod("poolName", String.class).invoke(builder, "paired-" + name.charAt(0));
            bc.getMethod("maxSize", int.class).invoke(builder, StubPoolState.POOL_SIZE);
            bc.getMethod("minIdle", int.class).invoke(builder, StubPoolState.POOL_SIZE);
            Object config = bc.getMethod("build").invoke(builder);
            Class<?> dsClass = loader.loadClass("dev.tidepool.jdbc.TidepoolDataSource");
            dataSource = (DataSource) dsClass.getConstructor(configClass).newInstance(config);
            if (metrics) {
                Class<?> settings = loader.loadClass("io.micrometer.prometheusmetrics.PrometheusConfig");
                Object registry = loader.loadClass("io.micrometer.prometheusmetrics.PrometheusMeterRegistry")
                        .getConstructor(settings).newInstance(settings.getField("DEFAULT").get(null));
                loader.loadClass("dev.tidepool.micrometer.TidepoolMetrics")
                        .getMethod("bind", dsClass, loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                        .invoke(null, dataSource, registry);
            }
        }

        void start(int threads, boolean statements) {
            counts = new AtomicLongArray(threads * 16); // one slot per 128 bytes: no false sharing
            for (int t = 0; t < threads; t++) {
                int slot = t * 16;
                // Each side's loop in its own class, so that its getConnection() call site sees one class only.
                Runnable loop = name.startsWith("A") ? () -> LoopA.work(this, slot, statements)
                        : () -> LoopB.work(this, slot, statements);
                Thread w = new Thread(loop, name + "-worker-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
        }

        /** Runs this side alone for one phase; returns the operations it did. */
        long phase() {
            long before = total();
            running = true;
            LockSupport.parkNanos(PHASE_NANOS);
            running = false;
            LockSupport.parkNanos(20_000_000); // let the workers publish and park
            return total() - before;
        }

        private long total() {
            long sum = 0;
            for (int i = 0; i < counts.length(); i += 16) {
                sum += counts.get(i);
            }
            return sum;
        }

        void stop() throws Exception {
            stopped = true;
            for (Thread w : workers) {
                w.join(5_000);
            }
            if (cycler != null) {
                cycler.close();
                return;
            }
            dataSource.getClass().getMethod("close").invoke(dataSource);
            database.getClass().getMethod("close").invoke(database);
        }
    }

    /** Side A's worker loop (a copy of {@link LoopB}'s: separate classes, separate profiles). */
    private static final class LoopA {
        private static final MethodHandle GENERIC = genericCycleA;

        static void work(Side side, int slot, boolean statements) {
            long local = 0;
            while (!side.stopped) {
                if (!side.running) {
                    side.counts.lazySet(slot, local);
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                try {
                    if (GENERIC != null) {
                        Object unused = (Object) GENERIC.invokeExact();
                    } else {
                        Connection c = side.dataSource.getConnection();
                        if (statements) {
                            PreparedStatement s = c.prepareStatement("SELECT 1");
                            ResultSet rs = s.executeQuery();
                            rs.next();
                            rs.close();
                            s.close();
                        }
                        c.close();
                    }
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                local++;
                if ((local & 63) == 0) {
                    side.counts.lazySet(slot, local);
                }
            }
        }

    }

    /** Side B's worker loop. */
    private static final class LoopB {
        private static final MethodHandle GENERIC = genericCycleB;

        static void work(Side side, int slot, boolean statements) {
            long local = 0;
            while (!side.stopped) {
                if (!side.running) {
                    side.counts.lazySet(slot, local);
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                try {
                    if (GENERIC != null) {
                        Object unused = (Object) GENERIC.invokeExact();
                    } else {
                        Connection c = side.dataSource.getConnection();
                        if (statements) {
                            PreparedStatement s = c.prepareStatement("SELECT 1");
                            ResultSet rs = s.executeQuery();
                            rs.next();
                            rs.close();
                            s.close();
                        }
                        c.close();
                    }
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
                local++;
                if ((local & 63) == 0) {
                    side.counts.lazySet(slot, local);
                }
            }
        }

    }
}
