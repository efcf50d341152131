package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.spring.internal.PoolHealth;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The tidepool health indicator: UP with the counts, DOWN with the connect failure's class and
 * fix, never the password, against real servers. Issue 10.
 */
class HealthTest {

    @Test
    void theIndicatorIsRegisteredForThisBootLinesHealthApi() {
        BootLine.runner().withPropertyValues("spring.datasource.url=jdbc:h2:mem:tp_spring_health1").run(context -> {
            assertThat(context).hasNotFailed().hasBean("tidepoolHealthIndicator");
            assertThat(context.getBean("tidepoolHealthIndicator")).isInstanceOf(BootLine.healthIndicatorType());
        });
    }

    @Test
    void theIndicatorCanBeSwitchedOff() {
        BootLine.runner().withPropertyValues("spring.datasource.url=jdbc:h2:mem:tp_spring_health2",
                "management.health.tidepool.enabled=false").run(context ->
                        assertThat(context).hasNotFailed().doesNotHaveBean("tidepoolHealthIndicator"));
    }

    @Test
    void aWorkingPoolIsUpWithItsCountsEvenWhenEveryConnectionIsBorrowed() {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        BootLine.runner().withPropertyValues("spring.datasource.url=" + pg.url(), "spring.datasource.username=" + pg.user(),
                "spring.datasource.tidepool.max-size=1", "spring.datasource.tidepool.pool-name=tp-spring-health-up")
                .run(context -> {
                    TidepoolDataSource ds = context.getBean(TidepoolDataSource.class);
                    PoolHealth health = new PoolHealth(Map.of("dataSource", ds));
                    PoolHealth.Report idle = health.check();
                    assertThat(idle.up()).isTrue();
                    assertThat(idle.details()).containsEntry("pool", "tp-spring-health-up").containsEntry("maxSize", 1)
                            .containsEntry("total", 1).containsEntry("active", 0);
                    try (Connection held = ds.getConnection()) {
                        // the probe never borrows, so it answers at once although the only connection is taken
                        PoolHealth.Report busy = health.check();
                        assertThat(busy.up()).isTrue();
                        assertThat(busy.details()).containsEntry("active", 1).containsEntry("idle", 0);
                    }
                });
    }

    @Test
    void aRefusedConnectionIsDownWithItsClassAndFix() {
        BootLine.runner().withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/test",
                "spring.datasource.tidepool.fail-fast=false", "spring.datasource.tidepool.pool-name=tp-spring-refused")
                .run(context -> {
                    PoolHealth health = new PoolHealth(Map.of("dataSource", context.getBean(TidepoolDataSource.class)));
                    PoolHealth.Report down = awaitDown(health);
                    assertThat(down.details()).containsEntry("connectFailure", "REFUSED").containsEntry("total", 0)
                            .containsEntry("state", "CANNOT_CONNECT");
                    assertThat((String) down.details().get("fix")).contains("check the port");
                });
    }

    @Test
    void aWrongPasswordIsDownAsAuthFailedAndThePasswordIsNeverShown() {
        DbTarget role = TestDatabases.requireAvailable(TestDatabases.postgresPasswordRole());
        String wrong = "tp-spring-wrong-" + role.password();
        BootLine.runner().withPropertyValues("spring.datasource.url=" + role.url(),
                "spring.datasource.username=" + role.user(), "spring.datasource.password=" + wrong,
                "spring.datasource.tidepool.fail-fast=false").run(context -> {
                    PoolHealth health = new PoolHealth(Map.of("dataSource", context.getBean(TidepoolDataSource.class)));
                    PoolHealth.Report down = awaitDown(health);
                    assertThat(down.details()).containsEntry("connectFailure", "AUTH_FAILED");
                    assertThat(down.details().toString()).doesNotContain(wrong).doesNotContain(role.password());
                });
    }

    @Test
    void aClosedPoolIsDown() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(dev.tidepool.jdbc.TidepoolConfig.builder()
                .jdbcUrl("jdbc:h2:mem:tp_spring_health3").poolName("tp-spring-closed").build());
        ds.close();
        PoolHealth.Report r = new PoolHealth(Map.of("dataSource", ds)).check();
        assertThat(r.up()).isFalse();
        assertThat(r.details()).containsEntry("closed", true);
    }

    @Test
    void severalPoolsAreShownByNameAndOneDownPoolMakesTheWholeDown() throws Exception {
        try (TidepoolDataSource up = new TidepoolDataSource(dev.tidepool.jdbc.TidepoolConfig.builder()
                .jdbcUrl("jdbc:h2:mem:tp_spring_health4").poolName("tp-spring-a").build());
             TidepoolDataSource closed = new TidepoolDataSource(dev.tidepool.jdbc.TidepoolConfig.builder()
                .jdbcUrl("jdbc:h2:mem:tp_spring_health5").poolName("tp-spring-b").build())) {
            closed.close();
            PoolHealth.Report r = new PoolHealth(Map.of("a", up, "b", closed)).check();
            assertThat(r.up()).isFalse();
            assertThat(r.details()).containsOnlyKeys("tp-spring-a", "tp-spring-b");
            assertThat(r.details().get("tp-spring-a").toString()).contains("status=UP");
            assertThat(r.details().get("tp-spring-b").toString()).contains("status=DOWN");
        }
    }

    private static PoolHealth.Report awaitDown(PoolHealth health) {
        AtomicReference<PoolHealth.Report> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last.set(health.check());
            return !last.get().up();
        });
        return last.get();
    }
}
