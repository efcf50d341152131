package dev.tidepool.jdbc.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, item 10: a bounded soak mixing load with server kills, RSTs, blackholes and idle
 * periods behind a firewall that forgets idle flows (3 s, which the 1 s keepalive beats, or, half
 * the time, 0.5 s, which it does not), on PostgreSQL and MariaDB at once. Length:
 * {@code -Dtidepool.soak=2m} (the default; e.g. {@code 30m} for a longer run). Afterwards the
 * server holds exactly the pool's {@code total} sessions, no row that was never committed is
 * visible, no thread is stuck, no call blocked beyond the bounds, and no connection was lent again
 * after an operation on it failed. The fault schedule is random; its seed is printed (and can be
 * fixed with {@code -Dtidepool.soak.seed=N}).
 */
class SoakTest {
    private enum Fault { KILL, RST, BLACKHOLE, IDLE, NONE }

    private static final Duration FIREWALL = Duration.ofSeconds(3);
    private static final Duration KEEPALIVE = Duration.ofSeconds(1);
    private static final Duration STRICT_FIREWALL = Duration.ofMillis(500);

    @Test
    void soakWithMixedFaultsLeavesExactlyThePoolsSessionsAndNoUncommittedRow() throws Exception {
        Duration length = parse(System.getProperty("tidepool.soak", "2m"));
        long seed = Long.getLong("tidepool.soak.seed", System.nanoTime());
        System.out.println("[fault] soak for " + length + " on " + FaultDb.names() + ", seed " + seed);
        ExecutorService runners = Executors.newFixedThreadPool(FaultDb.names().size(), r -> {
            Thread t = new Thread(r, "fault-soak");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> runs = new ArrayList<>();
            int i = 0;
            for (String name : FaultDb.names()) {
                long dbSeed = seed + i++;
                runs.add(runners.submit(() -> {
                    try (FaultDb db = FaultDb.open(name, "soak")) {
                        soak(db, length, new Random(dbSeed));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                try {
                    run.get(length.toSeconds() + 120, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error) {
                        throw (Error) e.getCause();
                    }
                    throw e;
                }
            }
        } finally {
            runners.shutdownNow();
        }
    }

    private static void soak(FaultDb db, Duration length, Random random) throws Exception {
        String run = db.tag;
        try (FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port());
                TidepoolDataSource ds = new TidepoolDataSource(db.poolVia(proxy.port()).keepaliveInterval(KEEPALIVE)
                        .maxLifetime(Duration.ofSeconds(30)).build());
                SessionSampler sessions = new SessionSampler(db)) {
            proxy.dropIdleFlowsAfter(FIREWALL);
            Map<Fault, Integer> applied = new EnumMap<>(Fault.class);
            int killed = 0;
            Load load = new Load(ds, run, 10, Duration.ofMillis(5), length.plusMinutes(2)).start();
            long end = length.toNanos();
            try {
                Bounds.runUntil(load, Bounds.seconds(2));
                while (load.now() < end - Bounds.seconds(6)) {
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    applied.merge(fault, 1, Integer::sum);
                    switch (fault) {
                        case KILL -> killed += db.killSessions();
                        case RST -> {
                            killed += proxy.activeFlows();
                            proxy.resetAll();
                        }
                        case BLACKHOLE -> {
                            proxy.blackhole();
                            Bounds.runUntil(load, load.now() + Bounds.seconds(1 + random.nextDouble() * 3));
                            proxy.pass();
                        }
                        case IDLE -> {
                            // Half the time a stricter firewall (0.5 s, shorter than the keepalive)
                            // really forgets the idle flows, and validation must find them.
                            boolean strict = random.nextBoolean();
                            load.pause();
                            if (strict) {
                                proxy.dropIdleFlowsAfter(STRICT_FIREWALL);
                            }
                            // the pool sits idle past the firewall's limit: the scenario, not synchronisation
                            LockSupport.parkNanos(FIREWALL.plusSeconds(1).toNanos());
                            proxy.dropIdleFlowsAfter(FIREWALL);
                            load.resume();
                        }
                        case NONE -> { }
                    }
                    Bounds.runUntil(load, load.now() + Bounds.seconds(2 + random.nextDouble() * 2));
                }
                Bounds.runUntil(load, end);
            } finally {
                proxy.pass();
            }
            List<String> stuck = load.stop(Bounds.STOP);
            int forgotten = proxy.closeForgottenFlows();
            int settled = BlackholeTest.settledSessions(db, ds);
            List<Load.Failure> failures = load.failures();
            Map<String, Long> byCall = failures.stream().collect(Collectors.groupingBy(Load.Failure::call, Collectors.counting()));
            Figures.report("soak " + length.toSeconds() + " s", db, String.format(Locale.ROOT, "faults=%s, connections killed or reset=%d,"
                            + " ops=%d, failed ops=%d %s, flows forgotten by the firewall=%d (closed at the end %d),"
                            + " longest call=%s, %s, sessions after=%d (pool total %d), created=%d",
                    applied, killed, load.okTotal(), failures.size(), byCall, proxy.droppedFlows(), forgotten,
                    load.longestCall(), sessions, settled, ds.stats().total(), ds.stats().created()));

            Bounds.noThreadStuck(stuck);
            Bounds.noCallLongerThanBound(load);
            Bounds.noDeadConnectionLentTwice(load);
            assertEquals(ds.stats().total(), settled, "server-side sessions after the soak");
            assertEquals(0, db.uncommittedRowsVisible(run), "a row never committed is visible");
            assertTrue(load.okBetween(end - Bounds.seconds(2), end) > 0, "no successful operation at the end of the soak");
        } finally {
            db.cleanUp(run);
        }
    }

    /** {@code 90s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT2M}). */
    static Duration parse(String text) {
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Duration.parse(text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
