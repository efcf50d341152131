package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private final CommandLine parser = new CommandLine("tidepool demo", List.of(
            new OptionSpec("--threads", "n", "16", "threads"),
            new OptionSpec("--duration", "time", "10s", "time")));

    @Test
    void valuesComeFromSpaceOrEqualsFormsAndDefaultsFillTheRest() throws UsageException {
        CommandLine.Parsed p = parser.parse(List.of("--threads=4"));
        assertEquals("4", p.value("--threads"));
        assertEquals("10s", p.value("--duration"));
        assertEquals("2s", parser.parse(List.of("--duration", "2s")).value("--duration"));
    }

    @Test
    void negativeNumbersAreValuesNotOptions() throws UsageException {
        assertEquals("-4", parser.parse(List.of("--threads", "-4")).value("--threads"));
    }

    @Test
    void helpWinsOverEverythingElse() throws UsageException {
        assertTrue(parser.parse(List.of("--threads", "4", "--help")).helpRequested());
    }

    @Test
    void repeatedOptionFails() {
        UsageException e = assertThrows(UsageException.class,
                () -> parser.parse(List.of("--threads", "4", "--threads", "5")));
        assertEquals("option --threads is given twice; give it once", e.getMessage());
    }

    @Test
    void strayArgumentFails() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse(List.of("fast")));
        assertEquals("unexpected argument 'fast': tidepool demo takes only options", e.getMessage());
    }

    @Test
    void unknownOptionFarFromAnyKnownOneListsThemAll() {
        UsageException e = assertThrows(UsageException.class, () -> parser.parse(List.of("--verbose", "1")));
        assertEquals("unknown option '--verbose'. Known options: --threads, --duration, --help",
                e.getMessage());
    }
}
