package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private static final Pattern OPERATIONS = Pattern.compile("(?m)^  operations  ([\\d,]+) \\(.*\\), errors ([\\d,]+)$");

    @Test
    void demoRunsAWorkloadThroughThePoolAndReportsASummary() {
        CliRun run = CliRun.of("demo", "--duration", "2s", "--threads", "4", "--pool-size", "2", "--think", "1ms");

        assertEquals(0, run.exitCode(), run::toString);
        Matcher m = OPERATIONS.matcher(run.out());
        assertTrue(m.find(), () -> "no operations line in the summary\n" + run);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 0, run::toString);
        assertEquals("0", m.group(2), run::toString);
        assertTrue(run.out().contains("ops/s | active "), () -> "no status line\n" + run);
        assertTrue(run.out().contains("p99 acquire "), run::toString);
        Matcher created = Pattern.compile("connections created (\\d+), destroyed (\\d+)").matcher(run.out());
        assertTrue(created.find(), run::toString);
        assertEquals("2", created.group(1), () -> "--pool-size 2 (minIdle = maxSize) opens exactly 2\n" + run);
        assertEquals("0", created.group(2), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void unknownOptionIsNamedWithASuggestionAndExitsTwo() {
        CliRun run = CliRun.of("demo", "--thread", "4");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("unknown option '--thread'"), run::toString);
        assertTrue(run.err().contains("did you mean '--threads'?"), run::toString);
        assertTrue(run.err().contains("tidepool demo --help"), run::toString);
    }

    @Test
    void badValueNamesTheOptionTheValueAndTheFix() {
        CliRun run = CliRun.of("demo", "--threads", "many");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--threads ('many') must be a whole number from 1 to 1024, e.g. --threads 16"),
                run::toString);
    }

    @Test
    void badDurationNamesTheOptionTheValueAndTheForms() {
        CliRun run = CliRun.of("demo", "--duration", "ten");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--duration"), run::toString);
        assertTrue(run.err().contains("ten"), run::toString);
        assertTrue(run.err().contains("e.g. --duration 10s"), run::toString);
    }

    @Test
    void zeroPoolSizeIsRejectedWithTheRule() {
        CliRun run = CliRun.of("demo", "--pool-size", "0");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--pool-size (0) must be a whole number from 1 to 256"), run::toString);
    }

    @Test
    void unknownScenarioSaysWhichExist() {
        CliRun run = CliRun.of("demo", "--scenario", "outage");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--scenario ('outage') is not available"), run::toString);
        assertTrue(run.err().contains("default, incident"), run::toString);
    }

    @Test
    void missingValueIsNamed() {
        CliRun run = CliRun.of("demo", "--threads");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("option --threads needs a value"), run::toString);
    }
}
