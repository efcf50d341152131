package dev.tidepool.spring.internal;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of Tidepool pools, independent of Spring Boot's health API (which moved packages in
 * Boot 4; each line has a small adapter). A pool is DOWN when it is closed or cannot open the
 * connections it is allowed ({@link Diagnosis.Kind#CANNOT_CONNECT}), with the class of the last
 * connect failure and its fix; otherwise UP, with its counts, and the verdict when it runs dry.
 *
 * <p>It never borrows: a health probe that waits {@code acquireTimeout} for a connection of an
 * exhausted pool would time out itself, and take a connection from the application. Stacks are
 * taken ({@link TidepoolDataSource#diagnose()}) only when a connect failed or someone waits.
 */
public final class PoolHealth {

    /** One check's result: whether every pool is up, and the details to show. */
    public record Report(boolean up, Map<String, Object> details) {
        public Report {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    private final Map<String, TidepoolDataSource> pools;

    /** @param pools the pools by bean name */
    public PoolHealth(Map<String, TidepoolDataSource> pools) {
        this.pools = Map.copyOf(pools);
    }

    /** One pool's details flat; several pools' nested under their pool names. */
    public Report check() {
        if (pools.size() == 1) {
            return check(pools.values().iterator().next());
        }
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (TidepoolDataSource pool : pools.values()) {
            Report r = check(pool);
            up &= r.up();
            Map<String, Object> nested = new LinkedHashMap<>(r.details());
            nested.put("status", r.up() ? "UP" : "DOWN");
            details.put(pool.poolName(), nested);
        }
        return new Report(up, details);
    }

    static Report check(TidepoolDataSource pool) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pool", pool.poolName());
        if (pool.isClosed()) {
            details.put("closed", true);
            return new Report(false, details);
        }
        PoolStats s = pool.stats();
        details.put("total", s.total());
        details.put("active", s.active());
        details.put("idle", s.idle());
        details.put("waiting", s.waiting());
        details.put("maxSize", pool.config().maxSize());
        if (s.lastCreateFailure() == null && s.waiting() == 0) {
            return new Report(true, details);
        }
        Diagnosis d = pool.diagnose();
        details.put("state", d.kind().name());
        if (d.kind() == Diagnosis.Kind.CANNOT_CONNECT && d.connectFailure() != null) {
            details.put("connectFailure", d.connectFailure().name());
            details.put("fix", d.connectFailure().hint());
        }
        details.put("verdict", d.verdict());
        return new Report(d.kind() != Diagnosis.Kind.CANNOT_CONNECT, details);
    }
}
