package dev.tidepool.dashboard;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import example.shop.OrderService;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A pool on a private in-memory H2 database with the shop's table, and threads that hold its
 * connections as the tests ask. {@link #close()} releases the holders, joins them (bounded) and
 * closes the pool.
 */
public final class ShopFixture implements AutoCloseable {
    public final TidepoolDataSource dataSource;
    public final OrderService orders;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    public final List<Throwable> failures = new CopyOnWriteArrayList<>();

    public ShopFixture(String poolName, int maxSize) throws SQLException {
        this(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:" + poolName.replaceAll("\\W", "_") + ";DB_CLOSE_DELAY=-1")
                .username("sa").password("").poolName(poolName).maxSize(maxSize).minIdle(1)
                .acquireTimeout(Duration.ofSeconds(3)).validationTimeout(Duration.ofSeconds(1))
                .idleInTransactionThreshold(Duration.ofMillis(500)).build());
    }

    public ShopFixture(TidepoolConfig config) throws SQLException {
        this(config, true);
    }

    /** @param orderTable whether to create the H2 order table (the PostgreSQL tests hold plain queries) */
    public ShopFixture(TidepoolConfig config, boolean orderTable) throws SQLException {
        this.dataSource = new TidepoolDataSource(config);
        this.orders = new OrderService(dataSource);
        if (orderTable) {
            OrderService.createTable(dataSource);
        }
    }

    /** A thread named {@code name} that checks out order {@code id} and waits on the payment until close. */
    public void holdInTransaction(String name, int id) {
        start(name, () -> orders.checkout(id, release));
    }

    /** A thread that runs {@code sql} and holds its connection until close. */
    public void holdAfter(String name, String sql) {
        start(name, () -> orders.runAndHold(sql, release));
    }

    /** A thread that asks for a connection (and waits, when none is free). */
    public void askForStatus(String name, int id) {
        start(name, () -> orders.status(id));
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    public void start(String name, Work work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                failures.add(e);
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        dataSource.close();
    }
}
