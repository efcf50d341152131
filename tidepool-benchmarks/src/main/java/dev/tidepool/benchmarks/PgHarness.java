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
 * <pre>java -cp ... dev.tidepool.benchmarks.PgHarness --rounds 3 --seconds 5 --warmup 2 [--virtual-threads]</pre>
 *
 * <p>Why this class is over 400 lines: it is a command-line program whose options, contenders,
 * baselines and report are read together when a figure in docs/benchmarks.md is questioned; the
 * pool adapters it shares with the other harnesses live in {@code Contenders}.
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

        /** "all", or a comma-separated list of names such as {@code SELECT1,TX}. */
        static List<Workload> parse(String names) {
            if (names.equals("all")) {
                return List.of(values());
            }
            List<Workload> chosen = new ArrayList<>();
            for (String name : names.split(",")) {
                try {
                    chosen.add(valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--workloads: unknown workload '" + name
                            + "'; use all or a comma-separated list of " + List.of(values()), e);
                }
            }
            return chosen;
        }
    }

    /** Settings of one run. */
    record Options(PgTarget target, int threads, int poolSize, double warmupSeconds, double seconds, int rounds,
                   List<PoolAdapter> pools, List<Workload> workloads, boolean baselines, boolean virtualThreads) {

        /**
         * With {@code --virtual-threads} the workers are virtual threads (JDK 21+), 10,000 unless
         * {@code --threads} says otherwise, and the baselines are off unless {@code --baselines true}
         * asks for them: a dedicated connection per worker would need 10,000 server sessions (with
         * {@code --threads 10} they show what virtual threads' own I/O costs, no pool involved).
         */
        static Options from(Args args) {
            boolean quick = args.flag("quick");
            boolean virtual = args.flag("virtual-threads");
            return new Options(PgTarget.from(args),
                    args.integer("threads", virtual ? 10_000 : 32),
                    args.integer("pool-size", 10),
                    args.decimal("warmup", quick ? 0.5 : 2),
                    args.decimal("seconds", quick ? 1 : 5),
                    args.integer("rounds", quick ? 1 : 3),
                    PoolAdapters.parse(args.string("pools", "all")),
                    Workload.parse(args.string("workloads", "all")),
                    args.string("baselines", virtual ? "false" : "true").equals("true"),
                    virtual);
        }
    }

    /**
     * One contender's figures from one round. {@code release} times {@code close()}: a pool that
     * makes returners wait for waiters (HikariCP yields in {@code close()} while anyone waits)
     * moves waiting out of {@code getConnection()}, so acquire times alone would flatter it.
     * {@code opsPerWorker} shows whether every worker got served or a few did all the work.
     * {@code held} times the work itself, from the connection in hand to {@code close()}: the
     * database's share of a slow operation, which no pool can shorten, and for the baselines too.
     */
    record Sample(double opsPerSecond, Histogram acquire, Histogram release, Histogram held, long[] opsPerWorker,
                  double switchesPerOp, long errors) {

        /** Ops of the slowest and of the busiest worker, in percent of the mean worker's. */
        double[] workerSpreadPercent() {
            long min = Long.MAX_VALUE;
            long max = 0;
            long sum = 0;
            for (long n : opsPerWorker) {
                min = Math.min(min, n);
                max = Math.max(max, n);
                sum += n;
            }
            double mean = (double) sum / opsPerWorker.length;
            return mean == 0 ? new double[] {0, 0} : new double[] {100 * min / mean, 100 * max / mean};
        }
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
        for (Workload w : options.workloads()) {
            Map<String, List<Sample>> byContender = new LinkedHashMap<>();
            contenders.forEach(c -> byContender.put(c, new ArrayList<>()));
            results.put(w, byContender);
        }
        for (int round = 0; round < options.rounds(); round++) {
            for (Workload workload : options.workloads()) {
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
        // One histogram per worker would take gigabytes for 10,000 virtual workers: workers share
        // a stripe each (one per worker up to 64), recording under the stripe's lock.
        int stripes = Math.min(threads, 64);
        Histogram[] histograms = new Histogram[stripes];
        Histogram[] releases = new Histogram[stripes];
        Histogram[] helds = new Histogram[stripes];
        for (int i = 0; i < stripes; i++) {
            histograms[i] = histogram();
            releases[i] = histogram();
            helds[i] = histogram();
        }
        long[] ops = new long[threads];
        AtomicLong errors = new AtomicLong();
        Phase phase = new Phase();
        Thread[] workers = new Thread[threads];
        WorkerThreads factory = WorkerThreads.of(options.virtualThreads());
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers[w] = factory.unstarted("bench-worker-" + w, () -> {
                Histogram histogram = histograms[worker % stripes];
                Histogram release = releases[worker % stripes];
                Histogram held = helds[worker % stripes];
                long done = 0;
                while (!phase.stop) {
                    boolean measuring = phase.measuring;
                    try {
                        long t0 = System.nanoTime();
                        Connection c = source.borrow(worker);
                        long t1 = System.nanoTime();
                        long t2;
                        try {
                            work(c, workload);
                        } finally {
                            t2 = System.nanoTime();
                            source.giveBack(worker, c);
                        }
                        long t3 = System.nanoTime();
                        if (measuring) {
                            synchronized (histogram) {
                                if (source.timesAcquire()) {
                                    histogram.recordValue(t1 - t0);
                                    release.recordValue(t3 - t2);
                                }
                                held.recordValue(t2 - t1);
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
            });
        }
        for (Thread t : workers) {
            t.start();
        }
        Thread.sleep((long) (options.warmupSeconds() * 1000));
        long switchesBefore = ContextSwitches.machineTotal();
        long start = System.nanoTime();
        phase.measuring = true;
        Thread.sleep((long) (options.seconds() * 1000));
        phase.measuring = false;
        long end = System.nanoTime();
        long switches = ContextSwitches.machineTotal() - switchesBefore;
        phase.stop = true;
        for (Thread t : workers) {
            t.join();
        }
        Histogram merged = histogram();
        Histogram mergedReleases = histogram();
        Histogram mergedHeld = histogram();
        long total = 0;
        for (int i = 0; i < stripes; i++) {
            merged.add(histograms[i]);
            mergedReleases.add(releases[i]);
            mergedHeld.add(helds[i]);
        }
        for (int w = 0; w < threads; w++) {
            total += ops[w];
        }
        double switchesPerOp = switchesBefore < 0 || total == 0 ? Double.NaN : (double) switches / total;
        return new Sample(total / ((end - start) / 1e9), merged, mergedReleases, mergedHeld, ops, switchesPerOp,
                errors.get());
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
        out.printf("### Real PostgreSQL: %d %sthreads, pool %d, %d round(s) of %.1f s (after %.1f s warm-up), interleaved%n%n",
                options.threads(), options.virtualThreads() ? "virtual " : "", options.poolSize(), options.rounds(), options.seconds(), options.warmupSeconds());
        for (Workload workload : options.workloads()) {
            Map<String, List<Sample>> byContender = results.get(workload);
            double dedicated = byContender.containsKey(DEDICATED)
                    ? Stats.median(byContender.get(DEDICATED).stream().map(Sample::opsPerSecond).toList()) : Double.NaN;
            out.printf("#### %s%n%n", workload.title);
            out.println("| contender | ops/s median (min–max over rounds) | vs dedicated | acquire p50 µs | p99 µs | p99.9 µs"
                    + " | p99 µs per round | release p99 µs | mean acquire + release µs (floor) | acquire p99 ÷ floor"
                    + " | held p50 / p99 µs | slowest / busiest worker, % of mean | context switches per op | errors |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, List<Sample>> e : byContender.entrySet()) {
                List<Sample> samples = e.getValue();
                List<Double> tput = samples.stream().map(Sample::opsPerSecond).toList();
                Histogram merged = histogram();
                Histogram releases = histogram();
                Histogram held = histogram();
                samples.forEach(s -> {
                    merged.add(s.acquire());
                    releases.add(s.release());
                    held.add(s.held());
                });
                boolean timed = merged.getTotalCount() > 0;
                List<Double> p99s = samples.stream().map(s -> s.acquire().getValueAtPercentile(99) / 1000.0).toList();
                List<double[]> spreads = samples.stream().map(Sample::workerSpreadPercent).toList();
                List<Double> slowest = spreads.stream().map(spread -> spread[0]).toList();
                List<Double> busiest = spreads.stream().map(spread -> spread[1]).toList();
                List<Double> switches = samples.stream().map(Sample::switchesPerOp).toList();
                out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s | %d |%n", e.getKey(),
                        Stats.spread(tput, "%,.0f"),
                        Double.isNaN(dedicated) ? "—" : Stats.fmt("%.0f%%", 100 * Stats.median(tput) / dedicated),
                        timed ? Stats.fmt("%.1f", merged.getValueAtPercentile(50) / 1000.0) : "—",
                        timed ? Stats.fmt("%.1f", merged.getValueAtPercentile(99) / 1000.0) : "—",
                        timed ? Stats.fmt("%.1f", merged.getValueAtPercentile(99.9) / 1000.0) : "—",
                        timed ? Stats.all(p99s, "%.0f") : "—",
                        timed ? Stats.fmt("%.1f", releases.getValueAtPercentile(99) / 1000.0) : "—",
                        timed ? meanWaitCell(merged, releases, e.getKey(), tput) : "—",
                        timed && pooled(e.getKey()) ? Stats.fmt("%.1f×", merged.getValueAtPercentile(99) / 1000.0
                                / waitFloorMicros(tput)) : "—",
                        Stats.fmt("%.0f", held.getValueAtPercentile(50) / 1000.0),
                        Stats.fmt("%.0f", held.getValueAtPercentile(99) / 1000.0),
                        Stats.fmt("%.0f%%", Stats.min(slowest)), Stats.fmt("%.0f%%", Stats.max(busiest)),
                        switches.stream().anyMatch(d -> d.isNaN()) ? "—" : Stats.spread(switches, "%.2f"),
                        samples.stream().mapToLong(Sample::errors).sum());
            }
            out.println();
        }
        out.printf("Floor: by Little's law, while every connection is busy a worker spends on average at least"
                + " (threads − pool) / throughput outside its connection, i.e. in acquire or release, whatever the pool."
                + " Context switches: the whole machine's (/proc/stat) during the round, per operation; the database's"
                + " own switches included, so compare pools with the dedicated baseline, the floor for this work.%n%n");
    }

    /** Nanoseconds up to a minute, to three significant digits: every timing of this harness. */
    static Histogram histogram() {
        return new Histogram(60_000_000_000L, 3);
    }

    /** Mean acquire + release in µs, and for a pool the floor no pool can beat, in brackets. */
    private String meanWaitCell(Histogram acquire, Histogram release, String contender, List<Double> opsPerSecond) {
        String mean = Stats.fmt("%.0f", (acquire.getMean() + release.getMean()) / 1000.0);
        return pooled(contender) ? mean + Stats.fmt(" (%.0f)", waitFloorMicros(opsPerSecond)) : mean;
    }

    private static boolean pooled(String contender) {
        return !contender.equals(DEDICATED) && !contender.equals(NEW_CONNECTION);
    }

    /**
     * The least mean time a worker can spend without a connection, over rounds that ran at
     * {@code opsPerSecond}: of {@code threads} workers at most {@code poolSize} hold one, and by
     * Little's law the others wait (threads − pool) / throughput per operation on average. The
     * histograms weigh each round by its operations, so the rounds' mean throughput is the one
     * to divide by (a median would put fast rounds' short waits against a slower round's floor).
     */
    double waitFloorMicros(List<Double> opsPerSecond) {
        double mean = opsPerSecond.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return Math.max(0, options.threads() - options.poolSize()) / mean * 1e6;
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
