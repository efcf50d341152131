package dev.tidepool.cli;

import java.time.Duration;
import java.util.List;

/** The options of {@code tidepool demo}, checked and converted. */
record DemoOptions(Duration duration, int threads, int poolSize, Duration think, String scenario, boolean dashboard,
                   boolean hold) {

    static final List<OptionSpec> SPECS = List.of(
            new OptionSpec("--duration", "time", "10s", "how long the workload runs: 500ms, 10s, 2m, ..."),
            new OptionSpec("--threads", "n", "16", "worker threads borrowing connections"),
            new OptionSpec("--pool-size", "n", "8", "the pool's maxSize (and minIdle)"),
            new OptionSpec("--think", "time", "2ms", "pause after each operation, outside the pool; 0 = none"),
            new OptionSpec("--scenario", "name", "default", "the workload to run: 'default' (a steady load; the default)"
                    + " or 'incident' (a slow remote call inside a transaction runs the pool dry; ~10 s)", null),
            OptionSpec.flag("--dashboard", "serve the live dashboard on 127.0.0.1 during the run (prints its URL)"),
            OptionSpec.flag("--hold", "with --dashboard: keep serving it after the workload ends, until Ctrl-C"));

    /** The scenarios that exist; {@code --scenario} rejects any other name. */
    static final List<String> SCENARIOS = List.of("default", "incident");

    static DemoOptions from(CommandLine.Parsed parsed) throws UsageException {
        Duration duration = OptionValues.duration("--duration", parsed.value("--duration"),
                Duration.ofMillis(100), Duration.ofHours(24), "10s");
        int threads = OptionValues.intInRange("--threads", parsed.value("--threads"), 1, 1024, "16");
        int poolSize = OptionValues.intInRange("--pool-size", parsed.value("--pool-size"), 1, 256, "8");
        Duration think = OptionValues.duration("--think", parsed.value("--think"),
                Duration.ZERO, Duration.ofSeconds(10), "2ms");
        String scenario = parsed.value("--scenario").strip();
        if (!SCENARIOS.contains(scenario)) {
            throw new UsageException("--scenario ('" + scenario + "') is not available: the scenarios are "
                    + String.join(", ", SCENARIOS) + "; leave the option out or write --scenario default");
        }
        boolean dashboard = Boolean.parseBoolean(parsed.value("--dashboard"));
        boolean hold = Boolean.parseBoolean(parsed.value("--hold"));
        if (hold && !dashboard) {
            throw new UsageException("--hold keeps the dashboard serving after the run; add --dashboard, or leave --hold out");
        }
        return new DemoOptions(duration, threads, poolSize, think, scenario, dashboard, hold);
    }
}
