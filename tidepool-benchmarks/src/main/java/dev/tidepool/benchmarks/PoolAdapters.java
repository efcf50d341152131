package dev.tidepool.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of JDBC pools under test, in the order the result tables list them. */
public final class PoolAdapters {

    static {
        Quiet.pools();
    }

    private static final List<PoolAdapter> ALL = List.of(
            new TidepoolAdapter(),
            new HikariAdapter(),
            new TidepoolTimedAdapter(),
            new TidepoolMetricsAdapter(),
            new HikariMetricsAdapter(),
            new Dbcp2Adapter(),
            new TomcatAdapter(),
            new ViburAdapter(),
            new AgroalAdapter(),
            new C3p0Adapter());

    private static final Map<String, PoolAdapter> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(PoolAdapter::name, Function.identity()));

    private PoolAdapters() {
    }

    public static List<PoolAdapter> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(PoolAdapter::name).toList();
    }

    public static PoolAdapter forName(String name) {
        PoolAdapter adapter = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (adapter == null) {
            throw new IllegalArgumentException("unknown pool '" + name + "'; known pools: " + names());
        }
        return adapter;
    }

    /** Parses a comma-separated list of pool names; "all" or an empty string means every pool. */
    public static List<PoolAdapter> parse(String csv) {
        if (csv == null || csv.isBlank() || csv.equals("all")) {
            return ALL;
        }
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(PoolAdapters::forName).toList();
    }
}
