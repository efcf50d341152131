package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.diagnosis.ExhaustionLog;
import dev.tidepool.testkit.LogCapture;
import example.builds.BuildService;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The exhaustion report goes to the log when waiters time out, at most once per 30 s. Issue 5. */
class ExhaustionLogTest {

    @Test
    void manyTimeoutsLogOneReportNamingThePoolAndTheHolder() throws Exception {
        String table = Configs.table();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("log").maxSize(1)
                .acquireTimeout(Duration.ofMillis(1100)).build()); LogCapture log = LogCapture.of(ds.poolName())) {
            BuildService.createTable(ds, table, 1);
            try (Holding holding = Holding.start(ds, table, 1, true)) {
                for (int i = 0; i < 3; i++) {
                    assertThrows(SQLTransientConnectionException.class, ds::getConnection);
                }
            }
            List<String> reports = log.containing("no connection available within");
            assertEquals(1, reports.size(), reports::toString);
            assertTrue(reports.get(0).startsWith("WARNING " + ds.poolName() + " - no connection available within 1100 ms"),
                    reports::toString);
            assertTrue(reports.get(0).contains("BuildService.build(BuildService.java:"), reports::toString);
        }
    }

    @Test
    void oneReportPerIntervalOnAFakeClock() {
        AtomicLong now = new AtomicLong(1_000);
        ExhaustionLog log = new ExhaustionLog(Duration.ofSeconds(30), now::get);
        assertTrue(log.due());
        assertFalse(log.due());
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertFalse(log.due());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(log.due());
        assertFalse(log.due());
    }
}
