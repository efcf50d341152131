package dev.tidepool.jdbc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.HostStatus;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failover under load on a real pair (issue 12): 8 threads write through a primary pool of 8
 * over 5433 (primary) and 5434 (replica); the primary is stopped the hard way
 * ({@code stop -m immediate}) and the replica promoted. Measures the time from the promotion to
 * the first success and to full throughput, counts failed operations, and checks that no
 * operation ran on a read-only session. Figures: docs/reliability.md, "Primary/replica failover".
 */
@Tag("cluster")
class ClusterFailoverTest {
    private static final int SIZE = 8;
    private static final int THREADS = 8;

    /** One borrow-write-return cycle as the load saw it. */
    record Op(long endNanos, boolean borrowed, boolean ok, String sqlState, int port, boolean readOnly) {
    }

    @BeforeAll
    static void freshPair() throws Exception {
        PgPair.create();
        PgPair.executeAndReplicate("CREATE TABLE tp_cluster_ops (id bigserial PRIMARY KEY, v int NOT NULL)");
    }

    @AfterAll
    static void removePair() throws Exception {
        PgPair.drop(); // the replica was promoted: the next test run needs a fresh pair anyway
    }

    @Test
    void afterPromotionNewConnectionsGoToTheNewPrimaryAndOnlyOperationsInFlightFail() throws Exception {
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(PgPair.URL).hosts(PgPair.HOSTS).username("postgres")
                .maxSize(SIZE).acquireTimeout(Duration.ofSeconds(15)).validationTimeout(Duration.ofSeconds(1))
                .poolName("tp-cluster-failover").build();
        Queue<Op> ops = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        long stoppedAt;
        long promoteAt;
        long promotedAt;
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            for (int i = 0; i < THREADS; i++) {
                Thread t = new Thread(() -> load(ds, running, ops), "tp-cluster-load-" + i);
                t.start();
                threads.add(t);
            }
            TimeUnit.SECONDS.sleep(2); // steady load before the fault (a measuring phase, not a synchronisation)
            stoppedAt = System.nanoTime();
            PgPair.stopPrimaryImmediately();
            promoteAt = System.nanoTime();
            PgPair.promoteReplica(); // pg_ctl promote waits until the replica accepts writes
            promotedAt = System.nanoTime();
            TimeUnit.SECONDS.sleep(5); // load on the new primary
            running.set(false);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(20));
                assertTrue(!t.isAlive(), t.getName() + " still running");
            }
            List<HostStatus> hosts = ds.hosts();
            assertEquals("primary", hosts.get(1).role(), "the promoted replica, asked after connect: " + hosts);
            assertEquals(0, hosts.get(0).open(), "nothing left on the old primary: " + hosts);
            assertEquals(ds.stats().total(), hosts.get(1).open(), hosts.toString());
        }
        report(new ArrayList<>(ops), stoppedAt, promoteAt, promotedAt);
    }

    private static void load(TidepoolDataSource ds, AtomicBoolean running, Queue<Op> ops) {
        while (running.get()) {
            Connection c;
            try {
                c = ds.getConnection();
            } catch (SQLException e) {
                ops.add(new Op(System.nanoTime(), false, false, e.getSQLState(), 0, false));
                continue;
            }
            try (c; PreparedStatement s = c.prepareStatement(
                    "INSERT INTO tp_cluster_ops (v) VALUES (1) RETURNING inet_server_port(), pg_is_in_recovery()");
                 ResultSet r = s.executeQuery()) {
                r.next();
                ops.add(new Op(System.nanoTime(), true, true, null, r.getInt(1), r.getBoolean(2)));
            } catch (SQLException e) {
                ops.add(new Op(System.nanoTime(), true, false, e.getSQLState(), 0, "25006".equals(e.getSQLState())));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static void report(List<Op> ops, long stoppedAt, long promoteAt, long promotedAt) {
        long second = TimeUnit.SECONDS.toNanos(1);
        long before = ops.stream().filter(o -> o.ok() && o.endNanos() > stoppedAt - second && o.endNanos() <= stoppedAt).count();
        long failed = ops.stream().filter(o -> !o.ok()).count();
        long borrowFailures = ops.stream().filter(o -> !o.borrowed()).count();
        long readOnly = ops.stream().filter(Op::readOnly).count();
        long lastFailure = ops.stream().filter(o -> !o.ok()).mapToLong(Op::endNanos).max().orElse(stoppedAt);
        // Writes still finish on the old primary while the stop command starts: the first success is on the new one.
        long firstSuccess = ops.stream().filter(o -> o.ok() && o.port() == PgPair.REPLICA_PORT).mapToLong(Op::endNanos)
                .min().orElse(Long.MAX_VALUE);
        long window = TimeUnit.MILLISECONDS.toNanos(200);
        long recovered = Long.MAX_VALUE;
        long needed = Math.max(1, before * 8 / 10 / 5); // 80 % of the pre-fault rate, per 200 ms
        for (long start = Math.max(lastFailure, firstSuccess); start < promotedAt + 10 * second; start += window / 4) {
            long s = start;
            long done = ops.stream().filter(o -> o.ok() && o.endNanos() > s && o.endNanos() <= s + window).count();
            if (done >= needed) {
                recovered = start;
                break;
            }
        }
        long afterSecond = ops.stream().filter(o -> o.ok() && o.endNanos() > promotedAt + second
                && o.endNanos() <= promotedAt + 2 * second).count();
        System.out.printf("[cluster-figures] failover: %d ops/s before; stop -m immediate took %d ms; promote took %d ms;"
                        + " first success %d ms after the promotion began (%d ms after it finished); full throughput"
                        + " %d ms after it began; %d failed operations (%d of them borrows); %d operations on a"
                        + " read-only session; 2nd second after promotion %d ops (%d %% of before)%n",
                before, ms(promoteAt - stoppedAt), ms(promotedAt - promoteAt), ms(firstSuccess - promoteAt),
                ms(firstSuccess - promotedAt), ms(recovered - promoteAt), failed, borrowFailures, readOnly, afterSecond,
                before == 0 ? 0 : afterSecond * 100 / before);
        assertEquals(0, readOnly, "no operation ran on a read-only session");
        assertEquals(0, borrowFailures, "borrowers waited for the new primary instead of failing");
        assertTrue(failed <= SIZE, "only operations in flight on the " + SIZE + " old-primary connections fail: " + failed);
        assertTrue(firstSuccess != Long.MAX_VALUE && recovered != Long.MAX_VALUE, "the load recovered");
        assertTrue(ops.stream().filter(o -> o.ok() && o.endNanos() > promotedAt).allMatch(o -> o.port() == PgPair.REPLICA_PORT),
                "after promotion every write went to the new primary");
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
