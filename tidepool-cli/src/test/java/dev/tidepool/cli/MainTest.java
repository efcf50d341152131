package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsTheCommandsAndExitsZero() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: tidepool <command>"), run::toString);
        assertTrue(run.out().contains("demo"), run::toString);
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Usage: tidepool <command>"), run::toString);
    }

    @Test
    void unknownCommandIsNamedAndExitsTwo() {
        CliRun run = CliRun.of("demoo");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("unknown command 'demoo'"), run::toString);
        assertTrue(run.err().contains("commands: demo"), run::toString);
    }

    @Test
    void optionBeforeTheCommandIsNamedAndExitsTwo() {
        CliRun run = CliRun.of("--threads", "4");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("unknown option '--threads'"), run::toString);
    }

    @Test
    void helpForACommandShowsItsOptions() {
        for (CliRun run : new CliRun[] {CliRun.of("demo", "--help"), CliRun.of("help", "demo"), CliRun.of("demo", "-h")}) {
            assertEquals(0, run.exitCode(), run::toString);
            for (OptionSpec spec : DemoOptions.SPECS) {
                assertTrue(run.out().contains(spec.name()), run::toString);
            }
        }
    }
}
