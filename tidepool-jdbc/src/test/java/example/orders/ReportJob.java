package example.orders;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Application code for the PgBouncer tests: a job that holds its connection in a transaction until released. */
public final class ReportJob {
    private final DataSource dataSource;

    public ReportJob(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Borrows, opens a transaction, counts down {@code holding}, waits (at most 30 s) for {@code release}. */
    public void run(CountDownLatch holding, CountDownLatch release) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("select count(*) from pg_class");
            holding.countDown();
            waitForTheReport(release);
            c.commit();
        }
    }

    private static void waitForTheReport(CountDownLatch release) throws InterruptedException {
        release.await(30, TimeUnit.SECONDS);
    }
}
