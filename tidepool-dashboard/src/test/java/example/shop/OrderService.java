package example.shop;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Application code for the dashboard's tests (outside dev.tidepool, so the diagnosis counts its
 * frames as the application's): a checkout that opens a transaction, updates a row, then waits
 * on a "payment provider" (a latch) before it commits.
 */
public final class OrderService {
    private final DataSource dataSource;

    public OrderService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static void createTable(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists tp_dashboard_orders (id int primary key, status varchar(40))");
            s.execute("merge into tp_dashboard_orders key (id) values (1, 'new'), (2, 'new'), (3, 'new')");
        }
    }

    /** Holds a connection in a transaction until {@code paymentDone} opens (at most 60 s). */
    public void checkout(int id, CountDownLatch paymentDone) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update tp_dashboard_orders set status = 'paying' where id = " + id);
            }
            PaymentClient.charge(paymentDone);
            c.commit();
        }
    }

    /** Runs {@code sql} (any text: the tests pass markup) and holds the connection until {@code done} opens. */
    public void runAndHold(String sql, CountDownLatch done) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            PaymentClient.charge(done);
        }
    }

    /** A quick read, as a status page would do. */
    public String status(int id) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select status from tp_dashboard_orders where id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The slow remote call. */
    static final class PaymentClient {
        static void charge(CountDownLatch done) throws InterruptedException {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the payment");
            }
        }
    }
}
