package dev.tidepool.jdbc.bouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.PgBouncer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A fleet in one JVM: K pool instances (maxSize 4, 2 worker threads each, 20 ms of think time
 * between transactions that hold their connection about 5 ms) through one transaction-mode
 * PgBouncer with default_pool_size 20 (docs/scaling.md). For each K it reports throughput, the
 * hold time, Little's law's L = throughput x hold (the server connections the fleet keeps busy
 * on average), the bouncer's peak server sessions and waiting clients, the p50/p99 transaction
 * time and the p99 wait in getConnection(), and every error.
 *
 * <p>In the default test run it runs K = 16 for 2 s. The figures in docs/scaling.md come from
 * {@code mvn -B -pl tidepool-jdbc -am -Dtest=FleetSimulationTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtidepool.fleet.instances=10,50,100,200 -Dtidepool.fleet.seconds=5 verify}.
 */
class FleetSimulationTest {
    static final int POOL_SIZE = 4;
    static final int THREADS = 2;
    static final long THINK_MILLIS = 20;
    static final int BOUNCER_POOL = 20;

    /** One run's figures. */
    record Result(int instances, double perSecond, double holdMillis, double littlesL, int maxServerSessions,
                  int maxClientsWaiting, double p50Millis, double p99Millis, double p99WaitMillis, long errors,
                  String firstError) {
        String row() {
            return String.format("| %4d | %5d | %6.0f | %5.1f | %5.1f | %3d | %4d | %6.1f | %7.1f | %7.1f | %d |",
                    instances, instances * POOL_SIZE, perSecond, holdMillis, littlesL, maxServerSessions,
                    maxClientsWaiting, p50Millis, p99Millis, p99WaitMillis, errors);
        }
    }

    @Test
    void aFleetOfPoolsSharesTheBouncersServerSessions() throws Exception {
        List<Integer> ks = Arrays.stream(System.getProperty("tidepool.fleet.instances", "16").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        long seconds = Long.parseLong(System.getProperty("tidepool.fleet.seconds", "2"));
        int maxK = ks.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<Result> results = new ArrayList<>();
        try (PgBouncer bouncer = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT)
                .poolSize(BOUNCER_POOL).maxClientConn(maxK * POOL_SIZE + 50));
             Connection direct = PgBouncer.connectServer()) {
            for (int k : ks) {
                Result r = run(bouncer, direct, k, Duration.ofSeconds(seconds));
                results.add(r);
                System.out.println("[fleet simulation] " + r);
            }
        }
        System.out.println("| K | clients | tx/s | hold ms | L | server max | waiting max | p50 ms | p99 ms | p99 wait ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(r.row()));
        for (Result r : results) {
            assertEquals(0, r.errors(), () -> "errors at K=" + r.instances() + ": " + r.firstError());
            assertTrue(r.maxServerSessions() <= BOUNCER_POOL, r::toString);
            assertTrue(r.perSecond() > 0, r::toString);
        }
    }

    private static Result run(PgBouncer bouncer, Connection direct, int instances, Duration length) throws Exception {
        List<TidepoolDataSource> pools = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger maxWaiting = new AtomicInteger();
        AtomicInteger maxServers = new AtomicInteger();
        long[] window = new long[2];
        try {
            for (int i = 0; i < instances; i++) {
                pools.add(new TidepoolDataSource(Bouncers.config(bouncer, POOL_SIZE).minIdle(1)
                        .acquireTimeout(Duration.ofSeconds(30)).poolName("fleet-" + instances + "-" + i).build()));
            }
            CountDownLatch started = new CountDownLatch(instances * THREADS);
            long startAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500); // warm-up before measuring
            long endAt = startAt + length.toNanos();
            window[0] = startAt;
            window[1] = endAt;
            for (TidepoolDataSource ds : pools) {
                for (int t = 0; t < THREADS; t++) {
                    Thread thread = new Thread(() -> {
                        started.countDown();
                        work(ds, startAt, endAt, samples, errors, firstErrors);
                    }, ds.poolName() + "-worker-" + t);
                    thread.setDaemon(true);
                    threads.add(thread);
                    thread.start();
                }
            }
            assertTrue(started.await(30, TimeUnit.SECONDS), "workers did not start");
            long nextConsole = 0;
            while (System.nanoTime() < endAt) {
                maxServers.accumulateAndGet(PgBouncer.serverSessions(direct), Math::max);
                if (System.nanoTime() > nextConsole) {
                    for (Map<String, String> pool : bouncer.show("POOLS")) {
                        if (PgBouncer.DATABASE.equals(pool.get("database"))) {
                            maxWaiting.accumulateAndGet(Integer.parseInt(pool.get("cl_waiting")), Math::max);
                        }
                    }
                    nextConsole = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the sampling period
            }
            for (Thread t : threads) {
                t.join(30_000);
            }
        } finally {
            pools.forEach(TidepoolDataSource::close);
        }
        return summarise(instances, length, samples, errors.get(), firstErrors.peek(), maxServers.get(), maxWaiting.get());
    }

    /** Each sample: {total nanos, wait nanos in getConnection, hold nanos}. Measured only inside [startAt, endAt). */
    private static void work(TidepoolDataSource ds, long startAt, long endAt, ConcurrentLinkedQueue<long[]> samples,
                             AtomicLong errors, ConcurrentLinkedQueue<String> firstErrors) {
        List<long[]> mine = new ArrayList<>();
        while (System.nanoTime() < endAt) {
            long t0 = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                long t1 = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement("select pg_sleep(0.005), ?::int")) {
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
                long t2 = System.nanoTime();
                if (t0 >= startAt) {
                    mine.add(new long[] {t2 - t0, t1 - t0, t2 - t1});
                }
            } catch (SQLException e) {
                errors.incrementAndGet();
                if (firstErrors.size() < 3) {
                    firstErrors.add(e.getSQLState() + " " + e.getMessage());
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(THINK_MILLIS)); // the application's think time
        }
        samples.addAll(mine);
    }

    private static Result summarise(int instances, Duration length, ConcurrentLinkedQueue<long[]> samples, long errors,
                                    String firstError, int maxServers, int maxWaiting) {
        long[] total = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
        long[] wait = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
        double hold = samples.stream().mapToLong(s -> s[2]).average().orElse(0) / 1e6;
        double perSecond = total.length / (length.toNanos() / 1e9);
        return new Result(instances, perSecond, hold, perSecond * hold / 1000, maxServers, maxWaiting,
                percentile(total, 0.50), percentile(total, 0.99), percentile(wait, 0.99), errors, firstError);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
