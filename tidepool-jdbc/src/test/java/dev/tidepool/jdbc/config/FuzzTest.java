package dev.tidepool.jdbc.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.jdbc.TidepoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random Properties, known and unknown keys, good and bad values: every outcome is either a
 * config or an IllegalArgumentException that names one of the keys given, never another exception
 * type, never a raw line break, and never the password or a value given under an unknown or driver key.
 */
class FuzzTest {

    private static final String SECRET = "pw-\u00e9\u4e2d-secret";
    private static final String[] EXTRA_KEYS = {"driver.ssl", "driver.", "driver.password", "driver.sslpassword",
        "maxPoolSize", "pasword", "", " ", "\u00fcnicode", "jdbcurl", "dataSource.user", "x.y.z", "minIdle "};
    private static final String[] VALUES = {"", " ", "0", "1", "-1", "2", "4", "8", "10", "12", "true", "FALSE", "yes",
        "500ms", "30s", "2m", "1h", "PT30S", "pt1m", "-5s", "PT-1S", "1.5s", "30d", "abc", "\u00e9\u00e8\u4e2d\u6587",
        "\ud83d\ude00", "9223372036854775807", "99999999999999999999999", "2147483648", "-2147483649",
        "9223372036854775807h", "PT9999999999999H", "read-committed", "SERIALIZABLE", "TRANSACTION_NONE", "auto",
        "NEVER", "sometimes", "SELECT 1", "jdbc:h2:mem:fuzz", "postgres://x", "org.h2.Driver", "org h2", "a\nb",
        "\u0000", "\t"};

    @Test
    void everyRejectionIsAnIllegalArgumentNamingAKeyAndNothingElseEscapes() {
        Random random = new Random(20240611L);
        List<String> known = new ArrayList<>(TidepoolConfig.keys());
        known.remove("driver.<name>");
        int built = 0;
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            Properties p = new Properties();
            List<String> keys = new ArrayList<>();
            if (random.nextInt(4) != 0) {
                p.setProperty("jdbcUrl", "jdbc:h2:mem:fuzz");
            }
            p.setProperty("password", SECRET);
            int entries = random.nextInt(6);
            for (int e = 0; e < entries; e++) {
                boolean extra = random.nextInt(4) == 0;
                String key = extra ? EXTRA_KEYS[random.nextInt(EXTRA_KEYS.length)] : known.get(random.nextInt(known.size()));
                String value = random.nextInt(10) == 0 ? randomText(random) : VALUES[random.nextInt(VALUES.length)];
                if (extra && !key.equals("driver.ssl") && random.nextBoolean()) {
                    value = SECRET; // a misspelled or driver key may hold a password: it must never be echoed
                }
                p.setProperty(key, value);
                keys.add(key);
            }
            keys.add("jdbcUrl");
            try {
                TidepoolConfig config = TidepoolConfig.fromProperties(p);
                assertFalse(config.toString().contains(SECRET), config.toString());
                built++;
            } catch (IllegalArgumentException e) {
                rejected++;
                String message = e.getMessage();
                assertTrue(message != null && namesKey(message, keys),
                        "message names none of " + keys + ": " + message);
                assertFalse(message.contains(SECRET), message);
                assertFalse(message.contains("\n"), message);
            } catch (RuntimeException e) {
                fail("properties " + keys + " escaped with " + e, e);
            }
        }
        assertTrue(built > 100 && rejected > 100, "built " + built + ", rejected " + rejected);
    }

    /**
     * Every problem in the message starts with a key (a contradiction starts with the key its rule
     * belongs to, e.g. validationTimeout when acquireTimeout was set too low), and the message names
     * one of the keys that were given.
     */
    private static boolean namesKey(String message, List<String> given) {
        for (String problem : message.split("; (?=unknown key |driver\\.|[a-zA-Z]+ [(i])")) {
            boolean startsWithKey = problem.startsWith("unknown key ") || problem.startsWith("driver.")
                    || TidepoolConfig.keys().stream().anyMatch(k -> problem.startsWith(k + " "));
            if (!startsWithKey) {
                return false;
            }
        }
        // A blank key names nothing by itself: it must appear quoted, as an unknown key does.
        return given.stream().anyMatch(k -> !k.isBlank() && message.contains(k.strip())
                || k.isBlank() && message.contains("'" + k + "'")
                || k.startsWith("driver.") && message.contains("driver."));
    }

    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append((char) random.nextInt(random.nextBoolean() ? 128 : 0x3000));
        }
        return s.toString();
    }
}
