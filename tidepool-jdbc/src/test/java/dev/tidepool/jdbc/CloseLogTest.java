package dev.tidepool.jdbc;

import dev.tidepool.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code close()} with borrowed connections is never silent: it logs at once that it drains, how
 * many connections are out, who holds them and until when it waits, and afterwards what it closed
 * under their holders. Issue 15.
 */
class CloseLogTest {

    private static final Pattern UNTIL = Pattern.compile("until (\\S+)\\)");

    @Test
    void closeLogsAtOnceWhoHoldsTheBorrowedConnectionsAndUntilWhenItWaits() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Pools.config(Pools.h2Url("close-log"))
                .drainTimeout(Duration.ofSeconds(30)).build());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch borrowed = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("select 1");
                borrowed.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "tp-close-log-holder");
        holder.start();
        assertTrue(borrowed.await(10, TimeUnit.SECONDS));
        try (LogCapture log = LogCapture.of(ds.poolName())) {
            Instant before = Instant.now();
            Thread closer = new Thread(ds::close, "tp-close-log-closer");
            closer.start();
            // The line comes while close() is still waiting: the holder has not given the connection back.
            List<String> lines = awaitLines(log, "closing:");
            assertTrue(closer.isAlive(), "close() is still draining when it logs");
            String line = lines.get(0);
            assertTrue(line.startsWith("INFO " + ds.poolName() + " - closing: 1 connection still borrowed; waiting up to"
                    + " 30 s (drainTimeout, until "), line);
            assertTrue(line.contains(") for it to come back, then closing it anyway; held by:\n  1 of 1 held for "), line);
            assertTrue(line.contains(", in transaction"), line);
            assertTrue(line.contains("last SQL: select ?"), line); // literals are masked
            assertTrue(line.contains("threads: tp-close-log-holder"), line);
            Instant until = until(line);
            assertFalse(until.isBefore(before.plusSeconds(30).minusMillis(1)), "the deadline is drainTimeout from now: " + line);

            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(closer.isAlive(), "close() returns once the connection is back");
            assertEquals(List.of(), log.containing(" - closed "), "nothing was closed under its holder");
        } finally {
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void closeStopsTheCredentialPartitionsLendingAtOnceAndItsReportNamesTheirHolders() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Pools.config(Pools.h2UrlForUsers("close-partitions"))
                .username("sa").password("sa-secret").minIdle(1).drainTimeout(Duration.ofSeconds(30)).build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER tp_close_other PASSWORD 'other-secret'");
        }
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch borrowed = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Connection c = ds.getConnection("tp_close_other", "other-secret")) {
                borrowed.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "tp-close-partition-holder");
        holder.start();
        assertTrue(borrowed.await(10, TimeUnit.SECONDS));
        ds.getConnection("tp_close_other", "other-secret").close(); // a second one, left idle in the partition
        Connection mainHeld = ds.getConnection(); // so the main pool's drain lasts until it comes back
        try (LogCapture log = LogCapture.of(ds.poolName())) {
            Thread closer = new Thread(ds::close, "tp-close-partitions-closer");
            closer.start();
            String line = awaitLines(log, "closing:").get(0);
            assertTrue(closer.isAlive(), "close() is still draining when it logs");
            assertTrue(line.contains("2 connections still borrowed"), line);
            assertTrue(line.contains("threads: tp-close-partition-holder"), "the partition's holder is named: " + line);
            SQLException refused = assertThrows(SQLException.class, () -> ds.getConnection("tp_close_other", "other-secret"),
                    "the partition's idle connection is not lent while the pool drains");
            assertTrue(refused.getMessage().endsWith(" - pool is closed"), refused.getMessage());

            mainHeld.close();
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(closer.isAlive(), "close() returns once both connections are back");
            assertEquals(List.of(), log.containing(" - closed "), "nothing was closed under its holder");
        } finally {
            mainHeld.close();
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void closeLogsTheConnectionsItClosedUnderTheirHolders() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Pools.config(Pools.h2Url("close-forced"))
                .drainTimeout(Duration.ofMillis(200)).build());
        Connection kept = ds.getConnection();
        kept.createStatement().execute("select 42");
        try (LogCapture log = LogCapture.of(ds.poolName())) {
            ds.close();
            List<String> lines = log.lines();
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).startsWith("INFO " + ds.poolName() + " - closing: 1 connection still borrowed; "
                    + "waiting up to 200 ms (drainTimeout, until "), lines.get(0));
            assertTrue(lines.get(0).contains("threads: " + Thread.currentThread().getName()), lines.get(0));
            String closed = lines.get(1);
            assertTrue(closed.startsWith("WARNING " + ds.poolName() + " - closed 1 connection still borrowed after "
                    + "drainTimeout (200 ms); its holder's next call fails with 'connection is closed because the pool "
                    + "was closed'; they were held by:\n  1 of 1 held for "), closed);
            assertTrue(closed.contains("no transaction open"), closed);
            assertTrue(closed.contains("last SQL: select ?"), closed);
            assertTrue(closed.contains("threads: " + Thread.currentThread().getName()), closed);
        } finally {
            kept.close();
        }
    }

    @Test
    void withDrainTimeoutZeroCloseSaysItClosesTheBorrowedConnectionsAtOnce() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Pools.config(Pools.h2Url("close-now"))
                .drainTimeout(Duration.ZERO).build());
        Connection first = ds.getConnection();
        Connection second = ds.getConnection();
        try (LogCapture log = LogCapture.of(ds.poolName())) {
            ds.close();
            List<String> lines = log.lines();
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).startsWith("INFO " + ds.poolName() + " - closing with 2 connections still borrowed; "
                    + "drainTimeout is 0, so they are closed now, under their holders; held by:\n  2 of 2 held for "),
                    lines.get(0));
            assertTrue(lines.get(1).startsWith("WARNING " + ds.poolName() + " - closed 2 connections still borrowed after "
                    + "drainTimeout (0 ms); their holders' next call fails with"), lines.get(1));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void closeWithNothingBorrowedLogsNothing() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Pools.config(Pools.h2Url("close-quiet")).build());
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("select 1");
        }
        try (LogCapture log = LogCapture.of(ds.poolName())) {
            ds.close();
            assertEquals(List.of(), log.lines());
        }
    }

    private static Instant until(String line) {
        Matcher m = UNTIL.matcher(line);
        assertTrue(m.find(), line);
        try {
            return Instant.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return fail("not an instant: " + m.group(1) + " in " + line);
        }
    }

    /** Bounded polling: close() logs on its own thread. */
    private static List<String> awaitLines(LogCapture log, String part) {
        Pools.await("the log has a line with '" + part + "'", () -> !log.containing(part).isEmpty());
        return log.containing(part);
    }
}
