package dev.tidepool.spring.internal;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@link PoolHealth} for Spring Boot 3 ({@code org.springframework.boot.actuate.health}). */
public final class Boot3HealthIndicator implements HealthIndicator {
    private final PoolHealth health;

    public Boot3HealthIndicator(PoolHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        PoolHealth.Report report = health.check();
        return (report.up() ? Health.up() : Health.down()).withDetails(report.details()).build();
    }
}
