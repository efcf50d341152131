package dev.tidepool.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.jdbc.internal.config.Durations;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "500ms|PT0.5S", "30s|PT30S", "2m|PT2M", "1h|PT1H", "PT30S|PT30S", "pt1m30s|PT1M30S",
        "1500|PT1.5S", "0|PT0S", "  30s  |PT30S", "30 s|PT30S", "30S|PT30S", "10MS|PT0.01S",
        "PT0.5S|PT0.5S", "0ms|PT0S"})
    void parseReadsEveryDocumentedForm(String text, String expected) {
        assertEquals(Duration.parse(expected), Durations.parse("idleTimeout", text));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "  ", "abc", "1.5s", "30 sec", "s", "30d", "P", "PTxS", "1e3", "0x10", "3O s", "++1"})
    void parseRejectsGarbageNamingKeyValueAndForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("acquireTimeout", text));
        assertEquals("acquireTimeout ('" + text + "') is not a duration: use 500ms, 30s, 2m, 1h, PT30S or milliseconds",
                e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"-5s", "-1", " - 2m", "PT-5S", "-PT5S"})
    void parseRejectsNegativeDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("idleTimeout", text));
        assertEquals("idleTimeout ('" + text + "') must not be negative (0 switches it off)", e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"99999999999999999999999", "9223372036854775807h", "9223372036854775807s", "PT9999999999999999H"})
    void parseRejectsDurationsTooLongToCountInNanoseconds(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("maxLifetime", text));
        assertEquals(true, e.getMessage().startsWith("maxLifetime ("), e.getMessage());
    }

    @Test
    void parseOfNullIsAnIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("drainTimeout", null));
        assertEquals("drainTimeout (null) is not a duration: use 500ms, 30s, 2m, 1h, PT30S or milliseconds", e.getMessage());
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(delimiter = '|', value = {
        "PT0S|0", "PT0.5S|500ms", "PT30S|30s", "PT90S|90s", "PT2M|2m", "PT1H|1h", "PT25H|25h",
        "PT1.001S|1001ms", "PT0.0000005S|PT0.0000005S", "PT-5S|-5s"})
    void formatWritesTheLargestExactUnit(String iso, String expected) {
        assertEquals(expected, Durations.format(Duration.parse(iso)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT0S", "PT0.5S", "PT30S", "PT90S", "PT2M", "PT1H", "PT1.001S", "PT0.0000005S", "PT12345H"})
    void formatIsReadBackByParse(String iso) {
        Duration d = Duration.parse(iso);
        assertEquals(d, Durations.parse("k", Durations.format(d)));
    }
}
