package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.StubDatabase;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Diagnosis costs nothing on the default borrow path: no stack capture, no cleaner registration,
 * only the connection wrapper (a few dozen bytes) per borrow. With leakThreshold set, the borrow
 * stack is captured and the wrapper registered, which the same measure sees (so it would see a
 * stack capture sneaking into the default path). Issue 5.
 */
class HotPathAllocationTest {
    private static final int BORROWS = 20_000;

    @Test
    void theDefaultBorrowPathAllocatesOnlyTheWrapper() throws Exception {
        long perBorrow = bytesPerBorrow(Duration.ZERO);
        long withLeakThreshold = bytesPerBorrow(Duration.ofMinutes(5));
        System.out.println("bytes per borrow: default " + perBorrow + ", leakThreshold on " + withLeakThreshold);
        assertTrue(perBorrow < 64, "default borrow path allocates " + perBorrow + " bytes per borrow");
        assertTrue(withLeakThreshold > 4 * perBorrow + 256,
                "the measure should see the borrow stack: " + withLeakThreshold + " vs " + perBorrow);
    }

    @SuppressWarnings("deprecation") // threadId() is Java 19+; getId() is the same number on 17
    private static long bytesPerBorrow(Duration leakThreshold) throws Exception {
        // Through reflection: the test sources compile inside module dev.tidepool.jdbc, which does not
        // read java.management; the tests run on the class path, where the JDK's own API is open.
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Class<?> counter = Class.forName("com.sun.management.ThreadMXBean");
        Assumptions.assumeTrue(counter.isInstance(mx), "no allocation counter on this JVM");
        Method allocated = counter.getMethod("getThreadAllocatedBytes", long.class);
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("unused").jdbcUrl(db.url()).maxSize(1)
                     .leakThreshold(leakThreshold).build())) {
            cycle(ds, BORROWS); // warm up: JIT, the thread's home slot
            long tid = Thread.currentThread().getId();
            long before = (long) allocated.invoke(mx, tid);
            cycle(ds, BORROWS);
            long after = (long) allocated.invoke(mx, tid);
            return (after - before) / BORROWS;
        }
    }

    private static void cycle(TidepoolDataSource ds, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Connection c = ds.getConnection();
            c.close();
        }
    }
}
