package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Issue 15: the help read "(default default)" and "(default (none))". */
    @Test
    void helpShowsEachDefaultAsAValueAndNoPlaceholders() {
        for (String command : new String[] {"demo", "doctor"}) {
            CliRun run = CliRun.of(command, "--help");
            assertEquals(0, run.exitCode(), run::toString);
            assertFalse(run.out().contains("(default ("), run::toString);
            assertFalse(run.out().contains("default default"), run::toString);
            assertFalse(run.out().contains("(none)"), run::toString);
        }
        String demo = CliRun.of("demo", "--help").out();
        assertTrue(demo.contains("worker threads borrowing connections (default 16)\n"), demo);
        assertTrue(demo.contains("'default' (a steady load; the default) or 'incident'"), demo);
        String doctor = CliRun.of("doctor", "--help").out();
        assertTrue(doctor.contains("the user to log in as (else the driver's default)\n"), doctor);
        assertTrue(doctor.contains("(default: as many as this machine has)\n"), doctor);
        assertTrue(doctor.contains("(default 5s)\n"), doctor);
    }

    @Test
    void anOptionWithATypableDefaultMustShowIt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new OptionSpec("--mode", "name", "fast", "how to run", null));
        assertEquals("--mode: the help must name its default fast", e.getMessage());
    }

    /** Issue 15: there was no --version. */
    @Test
    void versionPrintsTheVersionOfThePomAndExitsZero() throws IOException {
        String expected = "tidepool " + pomVersion() + System.lineSeparator();
        for (String flag : new String[] {"--version", "-V", "version"}) {
            CliRun run = CliRun.of(flag);
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(expected, run.out(), run::toString);
            assertEquals("", run.err(), run::toString);
        }
        assertTrue(CliRun.of("--help").out().contains("'tidepool --version'"));
    }

    /** The version in tidepool-cli/pom.xml's parent element, read independently of Maven's filtering. */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(ReadmeTest.repositoryRoot().resolve(Path.of("tidepool-cli", "pom.xml")));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL).matcher(pom);
        assertTrue(m.find(), "no parent version in tidepool-cli/pom.xml");
        return m.group(1).strip();
    }
}
