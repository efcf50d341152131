package dev.tidepool.jdbc.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, item 8, beyond the configuration (dev.tidepool.jdbc.config.FuzzTest covers
 * {@code fromProperties} alone): random but plausible keys, values and URLs go all the way into
 * {@code new TidepoolDataSource(...)} and {@code TidepoolDataSource.fromProperties}. Every outcome is a
 * running pool, an IllegalArgumentException naming a key it was given, or (failFast) an
 * SQLException naming the pool and the cause; never an NPE or another exception. After each case no
 * thread of the pool is alive and the stub database has no connection open. Seeded and bounded.
 */
class DataSourceFuzzTest {
    private static final long SEED = 20261121L;
    private static final int CASES = 150;
    /** How long a closed (or rejected) data source gets to end its threads and close its connections. */
    private static final Duration NOTHING_LEFT_BOUND = Duration.ofSeconds(5);

    /*
     * leakThreshold was left out while its java.lang.ref.Cleaner thread (<poolName>-leak-cleaner)
     * outlived close() until garbage collected (found here: seed 20261121, case 143); abandoned
     * connections are now found by the housekeeping pass, with no thread of their own.
     */
    private static final String[] KEYS = {"maxSize", "minIdle", "acquireTimeout", "validationTimeout",
        "validationQuery", "idleTimeout", "maxLifetime", "keepaliveInterval", "leakThreshold", "autoCommit",
        "transactionIsolation", "readOnly", "catalog", "schema", "connectionInitSql", "failFast", "sessionReset",
        "driverClassName", "username", "password", "driver.socketTimeout", "driver.loginTimeout", "drainTimeout",
        "idleInTransactionThreshold", "maxsize", "pool.name", "", "driver."};
    private static final String[] VALUES = {"", " ", "0", "1", "2", "-1", "5", "100ms", "1s", "PT0.2S", "-5s", "abc",
        "true", "false", "yes", "auto", "always", "never", "SERIALIZABLE", "TRANSACTION_READ_COMMITTED", "7",
        "SELECT 1", "select nonsense from nowhere", "org.h2.Driver", "org.postgresql.Driver", "no.such.Driver",
        "java.lang.String", "9223372036854775807", "\u00e9\u4e2d", "a\nb", "\u0000", "PUBLIC", "test"};

    private final Random random = new Random(SEED);

    private String url(StubDatabase stub) {
        switch (random.nextInt(16)) {
            case 0: return "jdbc:unknown://127.0.0.1/x";
            case 1: return "jdbc:postgresql://127.0.0.1:" + pick("1", "0", "-1", "99999", "abc", "") + "/test";
            case 2: return "jdbc:postgresql://127.0.0.1:5432/" + pick("test", "no_such_db_fuzz", "", "a b");
            case 3: return "jdbc:postgresql:";
            case 4: return "jdbc:mariadb://127.0.0.1:" + pick("1", "3306", "70000", "x") + "/" + pick("test", "nodb_fuzz");
            case 5: return "jdbc:h2:mem:fuzz" + random.nextInt(1000);
            case 6: return "jdbc:h2:mem:fuzz;" + pick("NO_SUCH_SETTING=1", "MODE=PostgreSQL", "DB_CLOSE_DELAY=-1", "=");
            case 7: return "jdbc:h2:tcp://127.0.0.1:1/fuzz";
            case 8: return "jdbc:h2:" + pick("", "nonsense:x", "mem:");
            case 9: return pick("", " ", "postgres://127.0.0.1/test", "jdbc:", "jdbc::", "\u00e9");
            default: return stub.url();
        }
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    @Test
    void everyDataSourceStartsOrIsRejectedCleanlyAndLeavesNothingBehind() throws Exception {
        int started = 0;
        int rejectedConfig = 0;
        int failedFast = 0;
        List<String> problems = new ArrayList<>();
        try (StubDatabase stub = StubDatabase.create()) {
            for (int i = 0; i < CASES; i++) {
                String poolName = "fuzz-ds-" + i;
                Properties p = new Properties();
                int n = random.nextInt(5);
                for (int k = 0; k < n; k++) {
                    p.setProperty(KEYS[random.nextInt(KEYS.length)], VALUES[random.nextInt(VALUES.length)]);
                }
                p.setProperty("jdbcUrl", url(stub));
                if (random.nextInt(4) == 0) {
                    p.setProperty("username", pick("sa", "postgres", "root", "nobody"));
                    p.setProperty("password", pick("", "wrong", "x y"));
                }
                // keep every case short: these win over the random ones
                p.setProperty("poolName", poolName);
                p.setProperty("acquireTimeout", "400ms");
                p.setProperty("validationTimeout", "100ms");
                p.setProperty("drainTimeout", "200ms");
                String outcome = runCase(p, poolName, problems, i);
                started += outcome.equals("started") ? 1 : 0;
                rejectedConfig += outcome.equals("config") ? 1 : 0;
                failedFast += outcome.equals("failFast") ? 1 : 0;
                checkNothingLeft(poolName, stub, problems, i, p);
            }
        }
        System.out.println("data source fuzz: " + started + " started, " + rejectedConfig + " rejected by config, "
                + failedFast + " failed fast, " + problems.size() + " problems");
        assertTrue(problems.isEmpty(), problems.size() + " problems (seed " + SEED + "):\n" + String.join("\n", problems));
        assertTrue(started > 0 && rejectedConfig > 0 && failedFast > 0, "the fuzz reached every outcome");
    }

    private String runCase(Properties p, String poolName, List<String> problems, int i) {
        try {
            TidepoolDataSource ds = random.nextBoolean() ? TidepoolDataSource.fromProperties(p)
                    : new TidepoolDataSource(TidepoolConfig.fromProperties(p));
            try (ds) {
                if (random.nextBoolean()) {
                    try (Connection c = ds.getConnection()) {
                        c.isValid(1);
                    } catch (SQLException e) {
                        if (!e.getMessage().startsWith(poolName + " - ")) {
                            problems.add("case " + i + ": borrow failure without the pool name: " + e + " for " + p);
                        }
                    }
                }
            }
            return "started";
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            boolean namesKey = p.stringPropertyNames().stream()
                    .anyMatch(k -> k.isEmpty() ? m.contains("''") : m.contains(k))
                    || m.contains("jdbcUrl") || m.contains("driverClassName");
            if (!namesKey) {
                problems.add("case " + i + ": IllegalArgumentException naming no key given: " + m + " for " + p);
            }
            return "config";
        } catch (SQLException e) {
            if (!e.getMessage().startsWith(poolName + " - ") || e.getCause() == null && e.getMessage().length() < 40) {
                problems.add("case " + i + ": SQLException without pool name or cause: " + e + " for " + p);
            }
            return "failFast";
        } catch (RuntimeException | Error e) {
            problems.add("case " + i + ": " + e + " for " + p);
            return "bad";
        }
    }

    /** One bound for both looks: the threads end and the stub's connections close within it. */
    private static void checkNothingLeft(String poolName, StubDatabase stub, List<String> problems, int i, Properties p) {
        long start = System.nanoTime();
        List<String> left = Poll.until(NOTHING_LEFT_BOUND, () -> threadsOf(poolName), List::isEmpty);
        if (!left.isEmpty()) {
            problems.add("case " + i + ": threads left " + left + " for " + p);
        }
        Duration rest = NOTHING_LEFT_BOUND.minusNanos(System.nanoTime() - start);
        int open = Poll.until(rest.isNegative() ? Duration.ZERO : rest, stub::openConnections, n -> n == 0);
        if (open > 0) {
            problems.add("case " + i + ": " + open + " stub connections left open for " + p);
        }
    }

    private static List<String> threadsOf(String poolName) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals(poolName) || n.startsWith(poolName + "-")).collect(Collectors.toList());
    }

    /** The builder: random setters, null and out-of-range values included. */
    @Test
    void theBuilderRejectsWithAnIllegalArgumentNamingTheKey() {
        List<Consumer<TidepoolConfig.Builder>> setters = List.of(
            b -> b.maxSize(random.nextInt(7) - 2),
            b -> b.minIdle(random.nextInt(7) - 2),
            b -> b.acquireTimeout(duration()),
            b -> b.validationTimeout(duration()),
            b -> b.idleTimeout(duration()),
            b -> b.maxLifetime(duration()),
            b -> b.keepaliveInterval(duration()),
            b -> b.leakThreshold(duration()),
            b -> b.drainTimeout(duration()),
            b -> b.transactionIsolation(random.nextBoolean() ? null : random.nextInt(10) - 1),
            b -> b.sessionReset(random.nextInt(4) == 0 ? null : SessionReset.values()[random.nextInt(3)]),
            b -> b.poolName(pick("", " ", "ok", "a\nb")),
            b -> b.jdbcUrl(random.nextInt(4) == 0 ? null : pick("", "jdbc:h2:mem:fuzzb", "nonsense")));
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            TidepoolConfig.Builder b = TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:fuzzb");
            int n = 1 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                setters.get(random.nextInt(setters.size())).accept(b);
            }
            try {
                b.build();
            } catch (IllegalArgumentException e) {
                rejected++;
                String m = String.valueOf(e.getMessage());
                assertTrue(TidepoolConfig.keys().stream().anyMatch(m::contains), "names a key: " + m);
            }
        }
        assertTrue(rejected > 100, "the fuzz reached rejections: " + rejected);
    }

    private Duration duration() {
        switch (random.nextInt(6)) {
            case 0: return null;
            case 1: return Duration.ZERO;
            case 2: return Duration.ofMillis(-1 - random.nextInt(1000));
            case 3: return Duration.ofDays(100_000);
            default: return Duration.ofMillis(random.nextInt(100_000));
        }
    }
}
