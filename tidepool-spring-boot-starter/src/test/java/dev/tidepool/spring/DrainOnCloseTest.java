package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Closing the Spring context drains the pool: new borrowers are refused at once, a transaction in
 * flight finishes and commits on its connection, then the pool closes. Real PostgreSQL. Issue 10.
 */
class DrainOnCloseTest {

    @Test
    void closingTheContextLetsATransactionInFlightCommitBeforeThePoolCloses() throws Exception {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        try (Connection admin = pg.connect(); Statement s = admin.createStatement()) {
            s.execute("DROP TABLE IF EXISTS tp_spring_drain");
            s.execute("CREATE TABLE tp_spring_drain (id INT PRIMARY KEY)");
        }
        ApplicationContextRunner runner = BootLine.runner().withPropertyValues("spring.datasource.url=" + pg.url(),
                "spring.datasource.username=" + pg.user(), "spring.datasource.tidepool.max-size=2",
                "spring.datasource.tidepool.drain-timeout=20s");
        runner.run(context -> {
            TidepoolDataSource ds = context.getBean(TidepoolDataSource.class);
            Connection inFlight = ds.getConnection();
            inFlight.setAutoCommit(false);
            try (Statement s = inFlight.createStatement()) {
                s.execute("INSERT INTO tp_spring_drain VALUES (1)");
            }
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            await().atMost(Duration.ofSeconds(10)).until(ds::isClosed);
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("pool is closed");
            assertThat(closing).isNotDone(); // drain waits for the borrowed connection (drainTimeout 20s)

            try (Statement s = inFlight.createStatement()) {
                s.execute("INSERT INTO tp_spring_drain VALUES (2)");
            }
            inFlight.commit();
            inFlight.close();
            closing.get(10, TimeUnit.SECONDS);
        });
        try (Connection admin = pg.connect(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM tp_spring_drain")) {
            rs.next();
            assertThat(rs.getInt(1)).as("both rows of the transaction in flight were committed").isEqualTo(2);
            s.execute("DROP TABLE tp_spring_drain");
        }
    }
}
