package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The README's Metrics example, compiled and run on H2, and checked to be the README's text. */
class ReadmeMetricsExampleTest {

    private static final String README_LINES = String.join("\n",
            "TidepoolMetrics metrics = TidepoolMetrics.bind(dataSource, registry);        // OpenTelemetry names",
            "// or: TidepoolMetrics.forDataSource(dataSource).withHikariNames().bindTo(registry);",
            "// or, every use time measured, not sampled: TidepoolMetrics.forDataSource(dataSource).withExactTimings().bindTo(registry);",
            "// or, the wait and use times always as Timers: TidepoolMetrics.forDataSource(dataSource).withTimers().bindTo(registry);",
            "metrics.close(); // detaches the listener and removes the meters");

    @Test
    void theReadmeShowsTheseLines() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains(README_LINES), "README's Metrics example drifted from this test");
    }

    @Test
    void theExampleBindsAndUnbinds() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TidepoolDataSource dataSource = new TidepoolDataSource(TidepoolConfig.builder()
                .jdbcUrl("jdbc:h2:mem:tp_metrics_readme").poolName("tp_metrics_readme").maxSize(2)
                .acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1)).build())) {
            TidepoolMetrics metrics = TidepoolMetrics.bind(dataSource, registry);        // OpenTelemetry names
            assertEquals(2.0, registry.get("db.client.connection.max").gauge().value());
            metrics.close(); // detaches the listener and removes the meters
            assertTrue(registry.getMeters().isEmpty(), registry.getMeters()::toString);
            TidepoolMetrics.forDataSource(dataSource).withHikariNames().bindTo(registry);
            assertEquals(2.0, registry.get("hikaricp.connections.max").gauge().value());
            assertEquals(2.0, registry.get("db.client.connection.max").gauge().value());
            MeterRegistry exact = new SimpleMeterRegistry();
            TidepoolMetrics.forDataSource(dataSource).withExactTimings().bindTo(exact);
            dataSource.getConnection().close();
            assertEquals(1, exact.get("db.client.connection.use_time").functionTimer().count());
            MeterRegistry timers = new SimpleMeterRegistry();
            TidepoolMetrics.forDataSource(dataSource).withTimers().bindTo(timers);
            dataSource.getConnection().close();
            assertEquals(1, timers.get("db.client.connection.wait_time").timer().count());
        }
    }
}
