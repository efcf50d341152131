package dev.tidepool.jdbc.bouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.PgBouncer;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Four pool "instances" of 10 connections, 32 threads each, through one transaction-mode PgBouncer
 * with default_pool_size 10 (issue 12): 40 client connections share 10 server sessions. No
 * operation fails, and the server sessions, sampled in pg_stat_activity every 20 ms during the
 * run, never exceed the bouncer's limit.
 */
class FleetThroughBouncerTest {
    private static final int INSTANCES = 4;
    private static final int POOL_SIZE = 10;
    private static final int THREADS_PER_INSTANCE = 32;
    private static final int BOUNCER_POOL = 10;
    private static final long RUN_MILLIS = 5_000;

    @Test
    void fourInstancesOfTenShareTheBouncersTenServerSessionsWithoutAnError() throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT)
                .poolSize(BOUNCER_POOL));
             Connection direct = PgBouncer.connectServer()) {
            List<TidepoolDataSource> pools = new ArrayList<>();
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    pools.add(new TidepoolDataSource(Bouncers.config(bouncer, POOL_SIZE).minIdle(POOL_SIZE)
                            .acquireTimeout(java.time.Duration.ofSeconds(10)).build()));
                }
                try (Connection c = pools.get(0).getConnection()) {
                    BouncerLoad.createTable(c);
                }
                BouncerLoad load = new BouncerLoad(new ArrayList<DataSource>(pools), THREADS_PER_INSTANCE, 200).start();
                AtomicInteger maxSessions = new AtomicInteger();
                int samples = 0;
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
                while (System.nanoTime() < end) {
                    maxSessions.accumulateAndGet(PgBouncer.serverSessions(direct), Math::max);
                    samples++;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the sampling period
                }
                assertEquals(List.of(), load.stop(10_000), "load threads stuck");
                int clients = pools.stream().mapToInt(p -> p.stats().total()).sum();
                System.out.printf("[fleet through PgBouncer] %d instances x pool %d, %d threads each: %d transactions in %d ms "
                                + "(%.0f/s), %d failed; %d client connections; server sessions max %d (limit %d) over %d samples%n",
                        INSTANCES, POOL_SIZE, THREADS_PER_INSTANCE, load.ok(), RUN_MILLIS, load.ok() * 1000.0 / RUN_MILLIS,
                        load.failures().size(), clients, maxSessions.get(), BOUNCER_POOL, samples);
                assertEquals(List.of(), load.failures());
                assertTrue(load.ok() > 0, "no transaction completed");
                assertEquals(INSTANCES * POOL_SIZE, clients, "every pool kept its 10 client connections");
                assertTrue(maxSessions.get() <= BOUNCER_POOL, "server sessions " + maxSessions.get()
                        + " exceeded default_pool_size " + BOUNCER_POOL);
                assertTrue(maxSessions.get() > 0, "no server session was ever seen");
            } finally {
                pools.forEach(TidepoolDataSource::close);
            }
        }
    }
}
