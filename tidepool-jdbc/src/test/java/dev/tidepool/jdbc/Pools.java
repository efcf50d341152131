package dev.tidepool.jdbc;

import dev.tidepool.testkit.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Shared helpers of the data source tests: configurations and thread checks. */
final class Pools {
    /** How long this package's tests give the pool's own threads to settle. */
    static final Duration SETTLE = Duration.ofSeconds(5);
    private static final AtomicInteger N = new AtomicInteger();

    private Pools() {
    }

    /** A pool name unique to this test run, so thread checks see only this pool. */
    static String uniqueName(String prefix) {
        return prefix + "-" + N.incrementAndGet();
    }

    /** A small pool on {@code url}, with short timeouts so failing tests fail fast. */
    static TidepoolConfig.Builder config(String url) {
        return TidepoolConfig.builder().jdbcUrl(url).poolName(uniqueName("t")).maxSize(2).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1))
                .drainTimeout(Duration.ofSeconds(5));
    }

    /** An H2 in-memory database that lives as long as the JVM. */
    static String h2Url(String name) {
        return "jdbc:h2:mem:" + name + "-" + N.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    static List<String> threadsOf(String poolName) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(poolName + "-")).collect(Collectors.toList());
    }

    /** Bounded polling: a stopped executor's threads end shortly after shutdown returns. */
    static void assertNoThreadsLeft(String poolName) {
        List<String> left = Poll.until(SETTLE, () -> threadsOf(poolName), List::isEmpty);
        if (!left.isEmpty()) {
            throw new AssertionError("threads of " + poolName + " still alive: " + left);
        }
    }

    /** Bounded polling ({@link Poll}) for a condition a pool thread makes true, with this package's bound. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        Poll.until(what, SETTLE, condition);
    }

    /** An H2 in-memory database that lives while a connection is open; non-admin users may connect to it. */
    static String h2UrlForUsers(String name) {
        return "jdbc:h2:mem:" + name + "-" + N.incrementAndGet();
    }

    static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }
}
