package dev.tidepool.benchmarks;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spike demand: connection creation is slowed by an extra 50 ms ({@link SlowPgDriver}), the pool
 * has max 50 / minIdle 5, and 50 threads released at once by a latch each run one 10 ms query
 * ({@code select pg_sleep(0.01)}). Reports the time until all 50 finish and how many connections
 * each pool opened (counted in the wrapping driver). Trials are interleaved across pools.
 */
public final class SpikeHarness {

    /** Settings of one run. */
    record Options(PgTarget target, int threads, int maxSize, int minIdle, long connectDelayMillis, int trials,
                   List<PoolAdapter> pools) {

        static Options from(Args args) {
            boolean quick = args.flag("quick");
            return new Options(PgTarget.from(args),
                    args.integer("threads", 50),
                    args.integer("max-size", 50),
                    args.integer("min-idle", 5),
                    args.integer("connect-delay", 50),
                    args.integer("trials", quick ? 1 : 5),
                    PoolAdapters.parse(args.string("pools", "all")));
        }
    }

    /** One trial: wall time until every thread finished, and connects during and just after it. */
    record Trial(double millis, int openedByFinish, int openedOneSecondLater, long errors) {
    }

    private final Options options;
    private final PrintStream out;

    SpikeHarness(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] argv) throws Exception {
        Options options = Options.from(new Args(argv));
        if (!options.target().reachable()) {
            System.err.println("PostgreSQL is not reachable at " + options.target().url());
            System.exit(2);
        }
        new SpikeHarness(options, System.out).run();
        System.exit(0);
    }

    Map<String, List<Trial>> run() throws Exception {
        SlowPgDriver.register(options.connectDelayMillis());
        Map<String, List<Trial>> results = new LinkedHashMap<>();
        options.pools().forEach(p -> results.put(p.name(), new ArrayList<>()));
        List<PoolAdapter> pools = options.pools();
        for (int t = 0; t < options.trials(); t++) {
            for (int i = 0; i < pools.size(); i++) {
                PoolAdapter adapter = pools.get((i + t) % pools.size());
                Trial trial = trial(adapter);
                results.get(adapter.name()).add(trial);
                System.err.printf("trial %d %-9s %7.1f ms, %2d connections opened (%d one second later), errors %d%n",
                        t + 1, adapter.name(), trial.millis(), trial.openedByFinish(), trial.openedOneSecondLater(),
                        trial.errors());
            }
        }
        report(results);
        return results;
    }

    private Trial trial(PoolAdapter adapter) throws Exception {
        PgTarget target = options.target();
        PoolSpec spec = new PoolSpec(SlowPgDriver.wrap(target.url()), target.user(), target.password(),
                options.maxSize(), options.minIdle());
        DataSource ds = adapter.create(spec);
        try {
            // Start the pool (c3p0 is lazy) and let it settle at minIdle.
            try (Connection c = ds.getConnection()) {
                c.isValid(5);
            }
            settle();
            int before = SlowPgDriver.connects();
            CountDownLatch ready = new CountDownLatch(options.threads());
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(options.threads());
            AtomicLong lastFinish = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            for (int i = 0; i < options.threads(); i++) {
                Thread worker = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        try (Connection c = ds.getConnection();
                             PreparedStatement ps = c.prepareStatement("select pg_sleep(0.01)");
                             ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    } catch (SQLException | InterruptedException e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println(adapter.name() + ": " + e);
                        }
                    } finally {
                        lastFinish.accumulateAndGet(System.nanoTime(), Math::max);
                        done.countDown();
                    }
                }, "spike-" + i);
                worker.start();
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            done.await();
            int openedByFinish = SlowPgDriver.connects() - before;
            double millis = (lastFinish.get() - start) / 1e6;
            Thread.sleep(1000);
            int later = SlowPgDriver.connects() - before;
            return new Trial(millis, openedByFinish, later, errors.get());
        } finally {
            adapter.close(ds);
        }
    }

    /** Waits until the pool has stopped opening connections for 500 ms (it is at minIdle). */
    private void settle() throws InterruptedException {
        int last = SlowPgDriver.connects();
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - stableSince < 500_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(50);
            int now = SlowPgDriver.connects();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
    }

    private void report(Map<String, List<Trial>> results) {
        out.printf("### Spike: %d threads at once, pool max %d / minIdle %d, connect +%d ms, query pg_sleep(0.01), %d trial(s), interleaved%n%n",
                options.threads(), options.maxSize(), options.minIdle(), options.connectDelayMillis(), options.trials());
        out.println("| pool | all done ms, median (min–max) | every trial ms | connections opened by finish, median (min–max) | opened within +1 s | errors |");
        out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Trial>> e : results.entrySet()) {
            List<Trial> trials = e.getValue();
            List<Double> ms = trials.stream().map(Trial::millis).toList();
            List<Double> opened = trials.stream().map(t -> (double) t.openedByFinish()).toList();
            List<Double> later = trials.stream().map(t -> (double) t.openedOneSecondLater()).toList();
            out.printf("| %s | %s | %s | %s | %s | %d |%n", e.getKey(), Stats.spread(ms, "%.0f"), Stats.all(ms, "%.0f"),
                    Stats.spread(opened, "%.0f"), Stats.spread(later, "%.0f"),
                    trials.stream().mapToLong(Trial::errors).sum());
        }
        out.println();
    }
}
