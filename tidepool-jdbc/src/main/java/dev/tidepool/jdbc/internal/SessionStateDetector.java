package dev.tidepool.jdbc.internal;

/**
 * Recognises SQL that may change session state the driver cannot see ({@code SET search_path},
 * {@code SET ROLE}, {@code SET @x}, temporary tables, advisory locks, {@code PREPARE}, {@code LISTEN},
 * {@code USE db}, a transaction begun by SQL...), so that {@code sessionReset=auto} resets the full
 * session only after such SQL.
 *
 * <p>Every SQL text a borrower sends passes through here, so the scan is cheap and allocates
 * nothing: for each statement of the text it skips leading whitespace and comments, compares the
 * first word case-insensitively with a short list, and only when that word is {@code SELECT} or {@code WITH} looks through the
 * rest of the text once for function calls and assignments that change the session
 * ({@code set_config}, {@code *advisory_lock*}, {@code get_lock}, {@code :=}, {@code INTO @x},
 * {@code INTO TEMP}). {@link PooledConnection} also skips the scan when the borrower sends the same
 * SQL object again (a prepared statement executed many times).
 *
 * <p>The detector errs towards "changed": a false alarm costs one reset round trip on return, a
 * miss would leak one borrower's session into the next. What it cannot see: state changed inside
 * functions or procedures the application calls ({@code CALL}, {@code SELECT my_function()});
 * applications that do that should set {@code sessionReset=always}.
 */
public final class SessionStateDetector {

    private SessionStateDetector() {
    }

    /**
     * Whether {@code sql} may leave session state behind that only a full session reset removes.
     * Every statement of a multi-statement text counts ({@code SELECT 1; SET ROLE x}); a
     * {@code ;} inside a literal may start a false "statement", which errs towards "changed".
     */
    public static boolean changesSession(String sql) {
        int n = sql.length();
        int from = 0;
        for (;;) {
            if (statementChangesSession(sql, from, n)) {
                return true;
            }
            int semicolon = sql.indexOf(';', from);
            if (semicolon < 0) {
                return false;
            }
            from = semicolon + 1;
        }
    }

    private static boolean statementChangesSession(String sql, int from, int n) {
        int start = skipSpaceAndComments(sql, from, n);
        int end = wordEnd(sql, start, n);
        switch (end - start) {
            case 2:
                return is(sql, start, "DO");
            case 3:
                return is(sql, start, "SET") || is(sql, start, "USE");
            case 4:
                if (is(sql, start, "WITH")) {
                    return selectChangesSession(sql, end, n);
                }
                return is(sql, start, "LOCK");
            case 5:
                return is(sql, start, "RESET") || is(sql, start, "BEGIN") || is(sql, start, "START");
            case 6:
                if (is(sql, start, "SELECT")) {
                    return selectChangesSession(sql, end, n);
                }
                return is(sql, start, "LISTEN") || is(sql, start, "CREATE") && createsTemporary(sql, end, n);
            case 7:
                return is(sql, start, "PREPARE") || is(sql, start, "DECLARE");
            default:
                return false;
        }
    }

    private static boolean is(String sql, int at, String upperWord) {
        return sql.regionMatches(true, at, upperWord, 0, upperWord.length());
    }

    /** {@code CREATE [OR REPLACE] {TEMP | TEMPORARY | LOCAL ... | GLOBAL ...}}. */
    private static boolean createsTemporary(String sql, int from, int n) {
        int start = skipSpaceAndComments(sql, from, n);
        int end = wordEnd(sql, start, n);
        if (end - start == 2 && is(sql, start, "OR")) {
            start = skipSpaceAndComments(sql, end, n);
            end = wordEnd(sql, start, n); // REPLACE
            start = skipSpaceAndComments(sql, end, n);
            end = wordEnd(sql, start, n);
        }
        int len = end - start;
        return len == 4 && is(sql, start, "TEMP") || len == 9 && is(sql, start, "TEMPORARY")
                || len == 5 && is(sql, start, "LOCAL") || len == 6 && is(sql, start, "GLOBAL");
    }

    /**
     * One pass over the rest of a SELECT (or WITH) looking only at the characters the patterns
     * hinge on: {@code _} (set_config, advisory_lock, get_lock), {@code :} ({@code :=}) and the
     * {@code o} of {@code INTO}.
     */
    private static boolean selectChangesSession(String sql, int from, int n) {
        for (int i = from; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '_') {
                if (endsAt(sql, i, "SET_") && name(sql, i, "_CONFIG", n)
                        || endsAt(sql, i, "ADVISORY_") && name(sql, i, "_LOCK", n)
                        || endsAt(sql, i, "GET_") && name(sql, i, "_LOCK", n)) {
                    return true;
                }
            } else if (c == ':') {
                if (i + 1 < n && sql.charAt(i + 1) == '=') {
                    return true; // MariaDB: SELECT @x := ...
                }
            } else if ((c == 'o' || c == 'O') && endsAt(sql, i, "INTO") && intoChangesSession(sql, i + 1, n)) {
                return true;
            }
        }
        return false;
    }

    /** After {@code INTO}: a user variable (MariaDB {@code INTO @x}) or a temporary table (PostgreSQL). */
    private static boolean intoChangesSession(String sql, int from, int n) {
        if (from < n && Character.isLetterOrDigit(sql.charAt(from))) {
            return false; // a longer word, e.g. INTOLERANT
        }
        int start = skipSpaceAndComments(sql, from, n);
        if (start < n && sql.charAt(start) == '@') {
            return true;
        }
        int len = wordEnd(sql, start, n) - start;
        return len == 4 && is(sql, start, "TEMP") || len == 9 && is(sql, start, "TEMPORARY");
    }

    /** Whether {@code word} ends at index {@code i} (inclusive), case-insensitively. */
    private static boolean endsAt(String sql, int i, String word) {
        int at = i - word.length() + 1;
        return at >= 0 && sql.regionMatches(true, at, word, 0, word.length());
    }

    /**
     * Whether {@code rest} starts at index {@code i}, case-insensitively, and ends the name there
     * ({@code get_lock(} yes, {@code get_lockout(} no; {@code advisory_lock_shared} counts).
     */
    private static boolean name(String sql, int i, String rest, int n) {
        int end = i + rest.length();
        return sql.regionMatches(true, i, rest, 0, rest.length())
                && (end >= n || !Character.isLetterOrDigit(sql.charAt(end)));
    }

    private static int wordEnd(String sql, int i, int n) {
        while (i < n) {
            char c = sql.charAt(i);
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Skips whitespace, {@code -- } and {@code #} line comments, {@code /* *}{@code /} block comments (nested). */
    static int skipSpaceAndComments(String sql, int i, int n) {
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '(' || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = blockCommentEnd(sql, i + 2, n);
            } else {
                return i;
            }
        }
        return n;
    }

    private static int blockCommentEnd(String sql, int i, int n) {
        int depth = 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i += 2;
                depth++;
            } else {
                i++;
            }
        }
        return n;
    }
}
