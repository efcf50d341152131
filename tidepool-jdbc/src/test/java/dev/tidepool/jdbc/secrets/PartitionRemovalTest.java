package dev.tidepool.jdbc.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, item 7: every distinct credentials get a partition, so without removal every wrong
 * password would hold one forever (a leak, and a way to exhaust memory from outside). A partition
 * unused for idleTimeout (at most 30 s) goes; one in use stays. On the stub driver: H2 delays wrong
 * passwords on purpose (up to 4 s each, one at a time), which would only slow this test down.
 */
class PartitionRemovalTest {

    @Test
    void partitionsOfWrongPasswordsAreRemovedAndOneInUseStays() throws Exception {
        try (StubDatabase db = StubDatabase.create()) {
            db.credentials("app", "right");
            TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(db.url()).failFast(false)
                    .poolName("secrets-partitions").maxSize(4).minIdle(0).idleTimeout(Duration.ofSeconds(1))
                    .acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(1)).build();
            try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
                try (Connection held = ds.getConnection("app", "right")) {
                    for (int i = 0; i < 50; i++) {
                        String wrong = "wrong-" + i;
                        assertThrows(SQLException.class, () -> ds.getConnection("app", wrong).close());
                    }
                    assertTrue(ds.partitionCount() > 1, "one partition per credentials: " + ds.partitionCount());
                    awaitPartitions(ds, 1);
                    assertTrue(held.isValid(1), "the partition in use stays, and its connection with it");
                }
                awaitPartitions(ds, 0);
                try (Connection again = ds.getConnection("app", "right")) {
                    assertTrue(again.isValid(1), "a removed partition comes back on the next use");
                }
                assertEquals(1, ds.partitionCount());
                assertTrue(ds.stats().createFailures() >= 50, "removed partitions' counters stay: " + ds.stats());
            }
        }
    }

    /** Removal happens on housekeeping passes (every 250 ms at most). */
    private static void awaitPartitions(TidepoolDataSource ds, int expected) {
        Poll.until(expected + " partitions", Duration.ofSeconds(10),
                () -> ds.partitionCount() == expected);
    }
}
