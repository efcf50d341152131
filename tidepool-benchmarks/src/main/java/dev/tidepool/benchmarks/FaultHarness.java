package dev.tidepool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;

import javax.sql.DataSource;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Tidepool and HikariCP side by side under the faults of issue 13, on real PostgreSQL through the
 * testkit's {@link FaultProxy}: pool 10, acquire timeout 3 s, the driver's connect and socket
 * timeouts 3 s. Prints one Markdown table per scenario; pools run interleaved, round by round.
 *
 * <ul>
 *   <li>start-up against a refused port (the proxy closes its port) and an unknown host
 *       ({@code .invalid}): how long the constructor takes to fail (Tidepool {@code failFast},
 *       HikariCP's default {@code initializationFailTimeout});
 *   <li>a blackhole under load (12 threads, borrow, {@code SELECT 1}, return, 4 ms pause): all
 *       traffic held for {@code --blackhole} seconds (default 12), then passed again. "First
 *       healthy window" is the start of the first 200 ms window after the network returns that
 *       has no failed operation and at least 80 % of the operations of the second before the
 *       fault. With {@code --lossy} the same again with the connects made during the blackhole
 *       lost for good ({@link FaultProxy#blackholeLosingConnects()}: dropped SYNs), so creations
 *       started during it hang until their own timeout.
 * </ul>
 *
 * <pre>java -cp $(cat tidepool-benchmarks/target/bench.classpath):tidepool-benchmarks/target/classes \
 *     dev.tidepool.benchmarks.FaultHarness [--rounds 3] [--blackhole 12] [--skip-startup] [--lossy] [--driver connectTimeout=3&...]</pre>
 */
public final class FaultHarness {
    private static final int POOL = 10;
    private static final int THREADS = 12;
    private static final Duration ACQUIRE = Duration.ofSeconds(3);
    private static final String DEFAULT_DRIVER_BOUNDS = "connectTimeout=3&socketTimeout=3&sslmode=disable";
    /** The driver's URL parameters ({@code --driver}); default {@link #DEFAULT_DRIVER_BOUNDS}. */
    private static String DRIVER_BOUNDS = DEFAULT_DRIVER_BOUNDS;
    private static final long BUCKET = TimeUnit.MILLISECONDS.toNanos(10);

    private FaultHarness() {
    }

    public static void main(String[] argv) throws Exception {
        Quiet.pools();
        Args args = new Args(argv);
        PgTarget pg = PgTarget.from(args);
        if (!pg.reachable()) {
            throw new IllegalStateException("PostgreSQL does not answer at " + pg.url());
        }
        int rounds = args.integer("rounds", 3);
        int blackholeSeconds = args.integer("blackhole", 12);
        DRIVER_BOUNDS = args.string("driver", DEFAULT_DRIVER_BOUNDS);
        System.out.println("# Fault harness: Tidepool vs HikariCP (pool " + POOL + ", acquire timeout "
                + ACQUIRE.toMillis() + " ms, driver " + DRIVER_BOUNDS + ", " + Runtime.version() + ")");
        if (!args.flag("skip-startup")) {
            startUp(pg, rounds);
        }
        boolean lossy = args.flag("lossy");
        blackhole(pg, rounds, blackholeSeconds, false);
        if (lossy) {
            blackhole(pg, rounds, blackholeSeconds, true);
        }
    }

    // ---------------------------------------------------------------- start-up

    private static void startUp(PgTarget pg, int rounds) throws Exception {
        System.out.println();
        System.out.println("| start-up against | pool | round | failed after | message |");
        System.out.println("|---|---|---|---|---|");
        for (int r = 1; r <= rounds; r++) {
            for (String pool : List.of("tidepool", "hikari")) {
                try (FaultProxy proxy = FaultProxy.start("127.0.0.1", port(pg.url()))) {
                    proxy.refuseNew();
                    String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?" + DRIVER_BOUNDS;
                    row("refused port", pool, r, failingStart(pool, url, pg));
                }
                String unknown = "jdbc:postgresql://no-such-host.invalid:5432/test?" + DRIVER_BOUNDS;
                row("unknown host", pool, r, failingStart(pool, unknown, pg));
            }
        }
    }

    private static void row(String what, String pool, int round, String[] result) {
        System.out.println("| " + what + " | " + pool + " | " + round + " | " + result[0] + " | " + result[1] + " |");
    }

    private static String[] failingStart(String pool, String url, PgTarget pg) {
        long t = System.nanoTime();
        try {
            close(open(pool, url, pg));
            return new String[] {"did not fail", ""};
        } catch (Exception e) {
            long took = System.nanoTime() - t;
            String m = String.valueOf(e.getMessage()).replace('|', '/').replace('\n', ' ');
            return new String[] {TimeUnit.NANOSECONDS.toMillis(took) + " ms", m.length() > 110 ? m.substring(0, 110) + "…" : m};
        }
    }

    // ---------------------------------------------------------------- blackhole

    private static void blackhole(PgTarget pg, int rounds, int seconds, boolean lossy) throws Exception {
        System.out.println();
        System.out.println("| blackhole " + seconds + " s" + (lossy ? ", connects lost" : "") + " | round | ops/s before | failed ops | first ok op after return "
                + "| first healthy window after return |");
        System.out.println("|---|---|---|---|---|---|");
        for (int r = 1; r <= rounds; r++) {
            for (String pool : List.of("tidepool", "hikari")) {
                try (FaultProxy proxy = FaultProxy.start("127.0.0.1", port(pg.url()))) {
                    String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?" + DRIVER_BOUNDS;
                    DataSource ds = open(pool, url, pg);
                    try {
                        System.out.println(blackholeRow(pool, r, ds, proxy, seconds, lossy));
                    } finally {
                        close(ds);
                    }
                }
            }
        }
    }

    private static String blackholeRow(String pool, int round, DataSource ds, FaultProxy proxy, int seconds,
                                       boolean lossy) throws Exception {
        Load load = new Load(ds, 2 + seconds + 6);
        load.start();
        sleepUntil(load, TimeUnit.SECONDS.toNanos(2));
        long cut = load.now();
        if (lossy) {
            proxy.blackholeLosingConnects();
        } else {
            proxy.blackhole();
        }
        sleepUntil(load, cut + TimeUnit.SECONDS.toNanos(seconds));
        long pass = load.now();
        proxy.pass();
        sleepUntil(load, pass + TimeUnit.SECONDS.toNanos(6));
        load.stop();
        double before = load.ok(cut - TimeUnit.SECONDS.toNanos(1), cut);
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %s | %s |", pool, round, before, load.failedTotal(),
                ms(load.firstOk(pass)), ms(load.healthyAfter(pass, before)));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "never" : TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
    }

    private static void sleepUntil(Load load, long at) {
        long left;
        while ((left = at - load.now()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Borrow, SELECT 1, return, pause 4 ms, on {@link #THREADS} threads; ok and failed per 10 ms. */
    private static final class Load {
        final DataSource ds;
        final long start = System.nanoTime();
        final AtomicIntegerArray ok;
        final AtomicIntegerArray failed;
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        Load(DataSource ds, int seconds) {
            this.ds = ds;
            int buckets = (int) (TimeUnit.SECONDS.toNanos(seconds + 10) / BUCKET);
            ok = new AtomicIntegerArray(buckets);
            failed = new AtomicIntegerArray(buckets);
        }

        long now() {
            return System.nanoTime() - start;
        }

        void start() {
            for (int i = 0; i < THREADS; i++) {
                Thread t = new Thread(this::work, "fault-load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void work() {
            while (!stop.get()) {
                boolean success;
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT 1")) {
                    success = r.next();
                } catch (Exception e) {
                    success = false;
                }
                int b = (int) Math.min(ok.length() - 1, now() / BUCKET);
                (success ? ok : failed).incrementAndGet(b);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(4));
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }

        int sum(AtomicIntegerArray a, long from, long to) {
            int s = 0;
            for (int i = (int) Math.max(0, from / BUCKET); i < Math.min(a.length(), to / BUCKET); i++) {
                s += a.get(i);
            }
            return s;
        }

        double ok(long from, long to) {
            return sum(ok, from, to) * 1e9 / (to - from);
        }

        int failedTotal() {
            return sum(failed, 0, Long.MAX_VALUE / 2);
        }

        long firstOk(long from) {
            for (long t = from / BUCKET * BUCKET; t < now(); t += BUCKET) {
                if (sum(ok, t, t + BUCKET) > 0) {
                    return Math.max(0, t - from);
                }
            }
            return -1;
        }

        long healthyAfter(long from, double perSecond) {
            long window = TimeUnit.MILLISECONDS.toNanos(200);
            double wanted = perSecond * 0.2 * 0.8;
            for (long t = from / BUCKET * BUCKET; t + window <= now(); t += BUCKET) {
                if (sum(failed, t, t + window) == 0 && sum(ok, t, t + window) >= wanted) {
                    return Math.max(0, t - from);
                }
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- pools

    private static DataSource open(String pool, String url, PgTarget pg) throws Exception {
        if (pool.equals("tidepool")) {
            return new TidepoolDataSource(TidepoolConfig.builder().poolName("fault-tidepool").jdbcUrl(url)
                    .username(pg.user()).password(pg.password()).maxSize(POOL).acquireTimeout(ACQUIRE)
                    .validationTimeout(Duration.ofSeconds(1)).build());
        }
        HikariConfig c = new HikariConfig();
        c.setPoolName("fault-hikari");
        c.setJdbcUrl(url);
        c.setUsername(pg.user());
        c.setPassword(pg.password());
        c.setMaximumPoolSize(POOL);
        c.setConnectionTimeout(ACQUIRE.toMillis());
        c.setValidationTimeout(1000);
        return new HikariDataSource(c);
    }

    private static void close(DataSource ds) throws Exception {
        ((Closeable) ds).close();
    }

    private static int port(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int colon = rest.indexOf(':');
        int slash = rest.indexOf('/');
        return colon < 0 || colon > slash ? 5432 : Integer.parseInt(rest.substring(colon + 1, slash));
    }
}
