package dev.tidepool.jdbc.internal.diagnosis;

import java.util.regex.Pattern;

/**
 * The last SQL as diagnosis shows it: whitespace collapsed, literals masked (a statement's text
 * may carry values, which must not reach logs: {@code where name = 'alice'} shows as
 * {@code where name = ?}), and cut to about 80 characters.
 */
public final class SqlText {

    static final int MAX_LENGTH = 80;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'?");
    private static final Pattern NUMBER_LITERAL = Pattern.compile("(?<![\\w.$])[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\w.])");

    private SqlText() {
    }

    /** The shown form of {@code sql}, or null for null. */
    public static String shown(String sql) {
        if (sql == null) {
            return null;
        }
        String s = WHITESPACE.matcher(sql).replaceAll(" ").strip();
        s = STRING_LITERAL.matcher(s).replaceAll("?");
        s = NUMBER_LITERAL.matcher(s).replaceAll("?");
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH - 3).stripTrailing() + "...";
        }
        return s;
    }
}
