package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The binder on embedded H2: bound after the data source started, unbound on close. */
class BindOnH2Test {

    @Test
    void aBinderBoundToARunningDataSourceTimesEveryBorrowAndRemovesItsMetersOnClose() throws Exception {
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_metrics_bind;DB_CLOSE_DELAY=-1")
                .poolName("tp_metrics_h2").maxSize(2).minIdle(1).acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            ds.getConnection().close(); // before binding: not counted
            TidepoolMetrics metrics = TidepoolMetrics.bind(ds, registry);
            try (Connection c = ds.getConnection()) {
                assertEquals(1.0, registry.get("db.client.connection.count")
                        .tag("db.client.connection.state", "used").gauge().value());
            }
            FunctionTimer wait = registry.get("db.client.connection.wait_time").tag("db.client.connection.pool.name", "tp_metrics_h2")
                    .functionTimer();
            assertEquals(1, wait.count());
            assertEquals(1, registry.get("db.client.connection.use_time").functionTimer().count());
            assertEquals(2.0, registry.get("db.client.connection.max").gauge().value());
            metrics.close();
            assertTrue(registry.getMeters().isEmpty(), "removed: " + registry.getMeters());
            ds.getConnection().close();
            assertEquals(1, wait.count(), "detached: no more recordings");
        }
    }
}
