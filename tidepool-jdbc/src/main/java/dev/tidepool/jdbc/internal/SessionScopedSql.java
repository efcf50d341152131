package dev.tidepool.jdbc.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which SQL leaves state behind that outlives its transaction, and so breaks behind PgBouncer in
 * transaction mode: {@code SET} without {@code LOCAL}, {@code RESET}, session-level advisory locks,
 * {@code set_config(..., false)}, temporary tables without {@code ON COMMIT DROP}, {@code LISTEN},
 * {@code PREPARE}, cursors {@code WITH HOLD}.
 *
 * <p>It runs only on SQL that {@link SessionStateDetector} already flagged (a rare path), so it may
 * use regular expressions; it is finer than the detector, which also flags what is harmless in
 * transaction mode because it ends with the transaction ({@code BEGIN}, {@code SET LOCAL},
 * {@code LOCK}, {@code pg_advisory_xact_lock}, {@code DECLARE} without {@code HOLD}).
 */
final class SessionScopedSql {
    /** What a statement does and what to do instead. */
    record Kind(String what, String fix) {
    }

    static final Kind SET = new Kind("SET without LOCAL",
            "use SET LOCAL inside a transaction, or set it for the role (ALTER ROLE ... SET) or in the connection options");
    static final Kind RESET = new Kind("RESET", "use SET LOCAL inside a transaction instead of changing and resetting the session");
    static final Kind ADVISORY_LOCK = new Kind("session-level advisory lock",
            "use pg_advisory_xact_lock inside a transaction: a session lock stays on a server connection other clients get");
    static final Kind SET_CONFIG = new Kind("set_config(..., false)", "pass is_local = true inside a transaction");
    static final Kind TEMP_TABLE = new Kind("temporary table",
            "create it inside a transaction with ON COMMIT DROP, or use a regular table");
    static final Kind LISTEN = new Kind("LISTEN", "LISTEN needs its own connection to the server or to a session-mode PgBouncer");
    static final Kind PREPARE = new Kind("PREPARE", "use plain (or JDBC prepared) statements: the pool sets prepareThreshold=0");
    static final Kind HOLD_CURSOR = new Kind("cursor WITH HOLD", "declare the cursor without HOLD and read it inside the transaction");

    private static final Pattern ADVISORY = Pattern.compile("(?i)\\bpg_(try_)?advisory_(un)?lock(_shared|_all)?\\s*\\(");
    private static final Pattern SET_CONFIG_CALL = Pattern.compile("(?i)\\bset_config\\s*\\(");
    private static final Pattern SET_CONFIG_LOCAL = Pattern.compile("(?i)\\bset_config\\s*\\([^;]*,\\s*(true|'t'|'true'|'on')\\s*\\)");
    private static final Pattern INTO_TEMP = Pattern.compile("(?i)\\binto\\s+temp(orary)?\\b");
    private static final Pattern ON_COMMIT_DROP = Pattern.compile("(?i)\\bon\\s+commit\\s+drop\\b");
    private static final Pattern WITH_HOLD = Pattern.compile("(?i)\\bwith\\s+hold\\b");

    private SessionScopedSql() {
    }

    /** The first statement of {@code sql} whose effect outlives its transaction, or null when there is none. */
    static Kind of(String sql) {
        int n = sql.length();
        int from = 0;
        for (;;) {
            int semicolon = sql.indexOf(';', from);
            int end = semicolon < 0 ? n : semicolon;
            Kind kind = statement(sql.substring(from, end));
            if (kind != null || semicolon < 0) {
                return kind;
            }
            from = semicolon + 1;
        }
    }

    private static Kind statement(String s) {
        String[] words = words(s, 3);
        switch (words[0]) {
            case "SET":
                return words[1].equals("LOCAL") || words[1].equals("TRANSACTION") || words[1].equals("CONSTRAINTS")
                        ? null : SET;
            case "RESET":
                return RESET;
            case "LISTEN":
                return LISTEN;
            case "PREPARE":
                return words[1].equals("TRANSACTION") ? null : PREPARE;
            case "DECLARE":
                return WITH_HOLD.matcher(s).find() ? HOLD_CURSOR : null;
            case "CREATE":
                return ON_COMMIT_DROP.matcher(s).find() ? null : TEMP_TABLE; // the detector flags only temporary ones
            case "SELECT":
            case "WITH":
                if (ADVISORY.matcher(s).find()) {
                    return ADVISORY_LOCK;
                }
                if (SET_CONFIG_CALL.matcher(s).find() && !SET_CONFIG_LOCAL.matcher(s).find()) {
                    return SET_CONFIG;
                }
                return INTO_TEMP.matcher(s).find() && !ON_COMMIT_DROP.matcher(s).find() ? TEMP_TABLE : null;
            default:
                return null; // BEGIN, START, LOCK, DO, USE: they end with the transaction (or are not PostgreSQL's)
        }
    }

    /** The first {@code count} words in upper case, "" for missing ones. */
    private static String[] words(String s, int count) {
        String[] words = new String[count];
        int n = s.length();
        int i = 0;
        for (int w = 0; w < count; w++) {
            int start = SessionStateDetector.skipSpaceAndComments(s, i, n);
            int end = start;
            while (end < n && (Character.isLetter(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            words[w] = s.substring(start, end).toUpperCase(Locale.ROOT);
            i = end == start ? n : end;
        }
        return words;
    }
}
