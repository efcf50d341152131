package dev.tidepool.jdbc.internal.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hides credentials in configuration text before it reaches a message, a log line or
 * {@code toString()}. Public for other Tidepool modules; not API.
 */
public final class Redaction {

    /** What a hidden value is shown as. */
    public static final String MASK = "****";

    // password=..., pwd=..., passwd=... in a URL's query (&) or property list (; or :).
    private static final Pattern URL_SECRET = Pattern.compile(
            "(?i)((?:^|[?&;:])[a-z_.]*(?:password|passwd|pwd|secret|token)[a-z_.]*=)[^&;]*");
    // user:secret@host in the authority of a URL.
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:?;]*:)[^/@?;]*@");

    private Redaction() {
    }

    /** The URL with every password-like parameter and any {@code user:password@} masked. */
    public static String url(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String masked = URL_SECRET.matcher(jdbcUrl).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }

    /** Whether a driver property of this name holds a secret, so its value is never shown. */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.contains("pwd")
                || n.contains("secret") || n.contains("token") || n.contains("key");
    }
}
