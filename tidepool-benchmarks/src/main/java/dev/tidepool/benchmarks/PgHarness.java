package dev.tidepool.benchmarks;

import org.HdrHistogram.Histogram;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real PostgreSQL: {@code threads} workers share a pool of {@code pool-size} connections and run
 * (a) {@code SELECT 1} and (b) a short transaction updating a random row of a 100-row table.
 * Every {@code getConnection()} is timed into a histogram. Two baselines run in the same session:
 * one dedicated connection per worker (no pool: the physical limit) and a new connection per
 * operation (what pooling saves). Contenders run interleaved, in a rotated order each round.
 *
 * <pre>java -cp ... dev.tidepool.benchmarks.PgHarness --rounds 3 --seconds 5 --warmup 2</pre>
 */
public final class PgHarness {

    static final String TABLE = "tidepool_bench_rows";
    static final String DEDICATED = "dedicated (no pool)";
    static final String NEW_CONNECTION = "new connection per op";

    /** The two workloads. */
    enum Workload {
        SELECT1("SELECT 1"),
        TX("short transaction (UPDATE 1 of 100 rows)");

        final String title;

        Workload(String title) {
            this.title = title;
        }
    }

    /** Settings of one run. */
    record Options(PgTarget target, int threads, int poolSize, double warmupSeconds, double seconds, int rounds,
                   List<PoolAdapter> pools, boolean baselines) {

        static Options from(Args args) {
            boolean quick = args.flag("quick");
            return new Options(PgTarget.from(args),
                    args.integer("threads", 32),
                    args.integer("pool-size", 10),
                    args.decimal("warmup", quick ? 0.5 : 2),
                    args.decimal("seconds", quick ? 1 : 5),
                    args.integer("rounds", quick ? 1 : 3),
                    PoolAdapters.parse(args.string("pools", "all")),
                    !args.string("baselines", "true").equals("false"));
        }
    }

    /** One contender's figures from one round. */
    record Sample(double opsPerSecond, Histogram acquire, long errors) {
    }

    private final Options options;
    private final PrintStream out;
    private final Map<Workload, Map<String, List<Sample>>> results = new LinkedHashMap<>();

    PgHarness(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] argv) throws Exception {
        Options options = Options.from(new Args(argv));
        if (!options.target().reachable()) {
            System.err.println("PostgreSQL is not reachable at " + options.target().url());
            System.exit(2);
        }
        new PgHarness(options, System.out).run();
        System.exit(0);
    }

    Map<Workload, Map<String, List<Sample>>> run() throws Exception {
        createTable(options.target());
        List<String> contenders = new ArrayList<>();
        options.pools().forEach(p -> contenders.add(p.name()));
        if (options.baselines()) {
            contenders.add(DEDICATED);
            contenders.add(NEW_CONNECTION);
        }
        for (Workload w : Workload.values()) {
            Map<String, List<Sample>> byContender = new LinkedHashMap<>();
            contenders.forEach(c -> byContender.put(c, new ArrayList<>()));
            results.put(w, byContender);
        }
        for (int round = 0; round < options.rounds(); round++) {
            for (Workload workload : Workload.values()) {
                for (int i = 0; i < contenders.size(); i++) {
                    String contender = contenders.get((i + round) % contenders.size());
                    Sample sample = measure(contender, workload);
                    results.get(workload).get(contender).add(sample);
                    System.err.printf("round %d %-4s %-22s %,10.0f ops/s  acquire p99 %8.1f us  errors %d%n",
                            round + 1, workload, contender, sample.opsPerSecond(),
                            sample.acquire().getValueAtPercentile(99) / 1000.0, sample.errors());
                }
            }
        }
        report();
        return results;
    }

    static void createTable(PgTarget target) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id int PRIMARY KEY, v bigint NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " SELECT g, 0 FROM generate_series(1, 100) g ON CONFLICT (id) DO NOTHING");
        }
    }

    private Sample measure(String contender, Workload workload) throws Exception {
        try (Source source = open(contender)) {
            return drive(source, workload);
        }
    }

    private Source open(String contender) throws Exception {
        PgTarget target = options.target();
        if (contender.equals(DEDICATED)) {
            return new Dedicated(target, options.threads());
        }
        if (contender.equals(NEW_CONNECTION)) {
            return new NewPerOp(target);
        }
        PoolAdapter adapter = PoolAdapters.forName(contender);
        DataSource ds = adapter.create(target.spec(options.poolSize(), options.poolSize()));
        // One borrow starts lazy pools (c3p0); the warm-up phase does the rest. Holding several
        // connections at once here made Agroal 3.2.1 wait out its acquisition timeout at small sizes.
        StubPoolState.warm(ds, 1);
        return new Pooled(adapter, ds);
    }

    private Sample drive(Source source, Workload workload) throws Exception {
        int threads = options.threads();
        Histogram[] histograms = new Histogram[threads];
        long[] ops = new long[threads];
        AtomicLong errors = new AtomicLong();
        Phase phase = new Phase();
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            int worker = w;
            histograms[w] = new Histogram(60_000_000_000L, 3);
            workers[w] = new Thread(() -> {
                Histogram histogram = histograms[worker];
                long done = 0;
                while (!phase.stop) {
                    boolean measuring = phase.measuring;
                    try {
                        long t0 = System.nanoTime();
                        Connection c = source.borrow(worker);
                        long t1 = System.nanoTime();
                        try {
                            work(c, workload);
                        } finally {
                            source.giveBack(worker, c);
                        }
                        if (measuring) {
                            if (source.timesAcquire()) {
                                histogram.recordValue(t1 - t0);
                            }
                            done++;
                        }
                    } catch (SQLException e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println(source + ": " + e);
                        }
                    }
                }
                ops[worker] = done;
            }, "bench-worker-" + w);
        }
        for (Thread t : workers) {
            t.start();
        }
        Thread.sleep((long) (options.warmupSeconds() * 1000));
        long start = System.nanoTime();
        phase.measuring = true;
        Thread.sleep((long) (options.seconds() * 1000));
        phase.measuring = false;
        long end = System.nanoTime();
        phase.stop = true;
        for (Thread t : workers) {
            t.join();
        }
        Histogram merged = new Histogram(60_000_000_000L, 3);
        long total = 0;
        for (int w = 0; w < threads; w++) {
            merged.add(histograms[w]);
            total += ops[w];
        }
        return new Sample(total / ((end - start) / 1e9), merged, errors.get());
    }

    private static void work(Connection c, Workload workload) throws SQLException {
        switch (workload) {
            case SELECT1 -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            case TX -> {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET v = v + 1 WHERE id = ?")) {
                    ps.setInt(1, 1 + ThreadLocalRandom.current().nextInt(100));
                    ps.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    private void report() {
        out.printf("### Real PostgreSQL: %d threads, pool %d, %d round(s) of %.1f s (after %.1f s warm-up), interleaved%n%n",
                options.threads(), options.poolSize(), options.rounds(), options.seconds(), options.warmupSeconds());
        for (Workload workload : Workload.values()) {
            Map<String, List<Sample>> byContender = results.get(workload);
            double dedicated = byContender.containsKey(DEDICATED)
                    ? Stats.median(byContender.get(DEDICATED).stream().map(Sample::opsPerSecond).toList()) : Double.NaN;
            out.printf("#### %s%n%n", workload.title);
            out.println("| contender | ops/s median (min–max over rounds) | vs dedicated | acquire p50 µs | p99 µs | p99.9 µs | p99 µs per round | errors |");
            out.println("|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, List<Sample>> e : byContender.entrySet()) {
                List<Sample> samples = e.getValue();
                List<Double> tput = samples.stream().map(Sample::opsPerSecond).toList();
                Histogram merged = new Histogram(60_000_000_000L, 3);
                samples.forEach(s -> merged.add(s.acquire()));
                boolean timed = merged.getTotalCount() > 0;
                List<Double> p99s = samples.stream().map(s -> s.acquire().getValueAtPercentile(99) / 1000.0).toList();
                out.printf("| %s | %s | %s | %s | %s | %s | %s | %d |%n", e.getKey(),
                        Stats.spread(tput, "%,.0f"),
                        Double.isNaN(dedicated) ? "—" : Stats.fmt("%.0f%%", 100 * Stats.median(tput) / dedicated),
                        timed ? Stats.fmt("%.1f", merged.getValueAtPercentile(50) / 1000.0) : "—",
                        timed ? Stats.fmt("%.1f", merged.getValueAtPercentile(99) / 1000.0) : "—",
                        timed ? Stats.fmt("%.1f", merged.getValueAtPercentile(99.9) / 1000.0) : "—",
                        timed ? Stats.all(p99s, "%.0f") : "—",
                        samples.stream().mapToLong(Sample::errors).sum());
            }
            out.println();
        }
    }

    /** Start/stop flags the main thread flips for the workers. */
    private static final class Phase {
        volatile boolean measuring;
        volatile boolean stop;
    }

    /** Where a worker gets its connection. */
    interface Source extends AutoCloseable {
        Connection borrow(int worker) throws SQLException;

        void giveBack(int worker, Connection c) throws SQLException;

        default boolean timesAcquire() {
            return true;
        }

        @Override
        void close() throws Exception;
    }

    private record Pooled(PoolAdapter adapter, DataSource ds) implements Source {
        @Override
        public Connection borrow(int worker) throws SQLException {
            return ds.getConnection();
        }

        @Override
        public void giveBack(int worker, Connection c) throws SQLException {
            c.close();
        }

        @Override
        public void close() throws Exception {
            adapter.close(ds);
        }

        @Override
        public String toString() {
            return adapter.name();
        }
    }

    private static final class Dedicated implements Source {
        private final Connection[] connections;

        Dedicated(PgTarget target, int threads) throws SQLException {
            connections = new Connection[threads];
            for (int i = 0; i < threads; i++) {
                connections[i] = target.connect();
            }
        }

        @Override
        public Connection borrow(int worker) {
            return connections[worker];
        }

        @Override
        public void giveBack(int worker, Connection c) {
        }

        @Override
        public boolean timesAcquire() {
            return false;
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : connections) {
                c.close();
            }
        }

        @Override
        public String toString() {
            return DEDICATED;
        }
    }

    private record NewPerOp(PgTarget target) implements Source {
        @Override
        public Connection borrow(int worker) throws SQLException {
            return target.connect();
        }

        @Override
        public void giveBack(int worker, Connection c) throws SQLException {
            c.close();
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return NEW_CONNECTION;
        }
    }
}
