package dev.tidepool.jdbc;

import dev.tidepool.testkit.StubDatabase;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 2: the pool serves virtual threads (JDK 21+; CI runs this module on JDK 25). */
class VirtualThreadsTest {

    private static ExecutorService virtualThreads() throws Exception {
        Method factory;
        try {
            factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need JDK 21+; this run is on " + Runtime.version());
            throw new AssertionError("unreachable");
        }
        return (ExecutorService) factory.invoke(null);
    }

    @Test
    void manyVirtualThreadsShareASmallPoolWithQueryLatency() throws Exception {
        ExecutorService executor = virtualThreads();
        try (StubDatabase db = StubDatabase.create()) {
            db.queryLatency(Duration.ofMillis(1)); // a blocking call while holding the connection
            TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(db.url()).poolName("virtual-jdbc")
                    .maxSize(4).acquireTimeout(Duration.ofSeconds(30)).build();
            AtomicInteger served = new AtomicInteger();
            try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 500; t++) {
                    futures.add(executor.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            try (Connection c = ds.getConnection();
                                 PreparedStatement s = c.prepareStatement("SELECT 1");
                                 ResultSet rs = s.executeQuery()) {
                                assertTrue(rs.next());
                                served.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
                assertEquals(2_500, served.get());
                assertEquals(0, ds.stats().waiting());
                assertEquals(0, ds.stats().active());
                assertTrue(db.openConnections() <= 4, "open " + db.openConnections());
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
