package dev.tidepool.spring.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@link PoolHealth} for Spring Boot 4 ({@code org.springframework.boot.health.contributor}). */
public final class Boot4HealthIndicator implements HealthIndicator {
    private final PoolHealth health;

    public Boot4HealthIndicator(PoolHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        PoolHealth.Report report = health.check();
        return (report.up() ? Health.up() : Health.down()).withDetails(report.details()).build();
    }
}
