package dev.tidepool.jdbc.internal.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Finds the known key an unknown one was probably meant to be. */
final class Suggestions {

    /** Names other pools (Tomcat, DBCP) use for our keys, so a migration gets a hint; HikariCP's are in {@link HikariKeys}. */
    private static final Map<String, String> OTHER_POOLS = Map.ofEntries(
            Map.entry("url", "jdbcUrl"),
            Map.entry("user", "username"),
            Map.entry("maxactive", "maxSize"),
            Map.entry("maxtotal", "maxSize"),
            Map.entry("maxwait", "acquireTimeout"),
            Map.entry("maxwaitmillis", "acquireTimeout"),
            Map.entry("driverclass", "driverClassName"),
            Map.entry("initsql", "connectionInitSql"),
            Map.entry("isautocommit", "autoCommit"),
            Map.entry("isreadonly", "readOnly"),
            Map.entry("defaultautocommit", "autoCommit"),
            Map.entry("defaultreadonly", "readOnly"),
            Map.entry("defaulttransactionisolation", "transactionIsolation"));

    private Suggestions() {
    }

    /** The key {@code unknown} is closest to, or null when none is close enough to be a likely typo. */
    static String closest(String unknown, Collection<String> known) {
        String guess = closestWhole(unknown, known);
        int dot = unknown.lastIndexOf('.');
        if (guess == null && dot >= 0) { // a prefixed key from another system: spring.datasource.url, tidepool.maxSize
            guess = closestWhole(unknown.substring(dot + 1), known);
        }
        return guess;
    }

    private static String closestWhole(String unknown, Collection<String> known) {
        String lower = unknown.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("datasource.")) {
            return "driver." + unknown.strip().substring("datasource.".length());
        }
        String alias = OTHER_POOLS.get(lower);
        if (alias != null) {
            return alias;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : known) {
            int d = distance(lower, key.toLowerCase(Locale.ROOT));
            // A typo changes at most ~40% of a word; "maxPoolSize" -> "maxSize" is 4 of 11.
            int allowed = Math.max(1, Math.max(lower.length(), key.length()) * 2 / 5);
            if (d <= allowed && d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        if (a.length() > 200 || b.length() > 200) {
            return Integer.MAX_VALUE; // not a typo of any key, and not worth the quadratic cost
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
