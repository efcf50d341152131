package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static dev.tidepool.jdbc.config.ConfigTestSupport.props;
import static dev.tidepool.jdbc.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.config.Redaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The password is never printed: not by toString, not in any message. */
class SecretsTest {

    private static final String SECRET = "hunter2-Zq9";

    @Test
    void toStringListsEveryKeyAndMasksThePassword() {
        TidepoolConfig c = FromPropertiesTest.fullBuilder().password(SECRET).driverProperty("sslpassword", SECRET).build();
        String text = c.toString();
        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("password=****"), text);
        assertTrue(text.contains("driver.sslpassword=****"), text);
        assertTrue(text.contains("driver.ssl=true"), text);
        for (String key : TidepoolConfig.keys()) {
            String shown = key.equals("driver.<name>") ? "driver." : key + "=";
            assertTrue(text.contains(shown), key + " missing from " + text);
        }
        assertTrue(text.startsWith("TidepoolConfig{jdbcUrl=jdbc:postgresql://db:5432/orders, username=app, password=****, "), text);
        assertTrue(text.contains("acquireTimeout=3s, maxWaiters=100, validationTimeout=500ms"), text);
        assertTrue(text.contains("transactionIsolation=REPEATABLE_READ"), text);
        assertTrue(text.contains("sessionReset=always"), text);
    }

    @Test
    void toStringShowsUnsetKeysAsTheirDefaults() {
        String text = valid().build().toString();
        assertTrue(text.contains("password=none"), text);
        assertTrue(text.contains("driver.<name>=none"), text);
        assertTrue(text.contains("autoCommit=driver's"), text);
        assertTrue(text.contains("minIdle=10"), text);
        assertTrue(text.contains("leakThreshold=0"), text);
    }

    @Test
    void aPasswordIsNeverInAMessageEvenWhenOtherKeysFail() {
        String message = failure(valid().password(SECRET).maxSize(0).acquireTimeout(Duration.ZERO).poolName(" "));
        assertFalse(message.contains(SECRET), message);
        message = failure(props("password", SECRET, "maxSize", "x", "pasword", SECRET, "driver.sslpassword", SECRET));
        assertFalse(message.contains(SECRET), message);
        assertTrue(message.contains("unknown key 'pasword'; did you mean 'password'?"), message);
        message = failure(props("password", SECRET, "driver.password", SECRET, "driver.sslpassword", SECRET, "minIdle", "99"));
        assertFalse(message.contains(SECRET), message);
        assertTrue(message.contains("driver.password is not allowed"), message);
    }

    @Test
    void secretsInTheUrlAreMaskedInToStringAndMessages() {
        String url = "jdbc:postgresql://db/app?user=app&password=" + SECRET + "&ssl=true";
        assertFalse(valid().jdbcUrl(url).build().toString().contains(SECRET));
        String message = failure(valid().jdbcUrl("postgres://app:" + SECRET + "@db/app"));
        assertEquals("jdbcUrl ('postgres://app:****@db/app') must start with 'jdbc:', e.g. jdbc:postgresql://localhost:5432/app",
                message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db/app?user=a&password=x&ssl=true|jdbc:postgresql://db/app?user=a&password=****&ssl=true",
        "jdbc:h2:mem:x;USER=sa;PASSWORD=x|jdbc:h2:mem:x;USER=sa;PASSWORD=****",
        "jdbc:mysql://a:x@db/app|jdbc:mysql://a:****@db/app",
        "jdbc:sqlserver://db;user=a;pwd=x;encrypt=true|jdbc:sqlserver://db;user=a;pwd=****;encrypt=true",
        "jdbc:postgresql://db/app?sslpassword=x|jdbc:postgresql://db/app?sslpassword=****",
        "jdbc:postgresql://db:5432/app|jdbc:postgresql://db:5432/app"})
    void urlRedactionMasksPasswordParametersAndUserInfo(String url, String masked) {
        assertEquals(masked, Redaction.url(url));
    }
}
