package dev.tidepool.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.jdbc.TidepoolConfig;
import java.util.Properties;
import org.junit.jupiter.api.function.Executable;

/** Small helpers shared by the configuration tests. */
final class ConfigTestSupport {

    static final String URL = "jdbc:h2:mem:config";

    private ConfigTestSupport() {
    }

    static TidepoolConfig.Builder valid() {
        return TidepoolConfig.builder().jdbcUrl(URL).poolName("orders-db");
    }

    /** Properties holding a valid jdbcUrl and poolName plus {@code keyValues} (key, value, key, value...). */
    static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", URL);
        p.setProperty("poolName", "orders-db");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static String failure(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    static String failure(Properties p) {
        return failure(() -> TidepoolConfig.fromProperties(p));
    }

    static String failure(TidepoolConfig.Builder b) {
        return failure(b::build);
    }
}
