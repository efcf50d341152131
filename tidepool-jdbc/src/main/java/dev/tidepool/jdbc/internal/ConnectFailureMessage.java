package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier.Verdict;
import dev.tidepool.jdbc.internal.config.Redaction;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words a classified connect failure for a person: {@code CLASS: what the driver said — the fix}.
 *
 * <p>The driver's text comes from the SQLException nearest to the evidence (drivers word the
 * server's answer best), plus the decisive cause when that is a different throwable, e.g. {@code
 * The connection attempt failed. (UnknownHostException: no-such-host.invalid)}. Noise is trimmed
 * (PostgreSQL's {@code FATAL:}, MariaDB's {@code (conn=42)}, H2's {@code [28000-232]}) and
 * password-like {@code key=value} pairs are masked, as is the password itself when given.
 */
final class ConnectFailureMessage {

    private static final int MAX_LENGTH = 400;
    /** Passwords shorter than this are masked only as whole words. */
    private static final int WHOLE_WORD_BELOW = 6;
    private static final Pattern SEVERITY = Pattern.compile("^(?:FATAL|ERROR|PANIC):\\s+");
    private static final Pattern CONN_ID = Pattern.compile("^\\(conn=\\d+\\)\\s*");
    private static final Pattern H2_CODE = Pattern.compile("\\s*\\[\\d+-\\d+\\]$");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b([a-z_.]*(?:password|passwd|pwd)[a-z_.]*\\s*=\\s*)[^&;,\\s)]+");

    private ConnectFailureMessage() {
    }

    static String describe(Verdict verdict, String password) {
        ConnectFailure failure = verdict.failure();
        return failure.name() + ": " + detail(verdict, password) + " \u2014 " + failure.hint();
    }

    static String detail(Verdict verdict, String password) {
        List<Throwable> chain = verdict.chain();
        if (chain.isEmpty()) {
            return "no exception given";
        }
        Throwable evidence = verdict.evidence();
        Throwable primary = primary(chain, evidence);
        String text = clean(textOf(primary));
        Throwable extra = evidence != null ? evidence : chain.get(chain.size() - 1);
        if (extra != primary && !(evidence == null && extra instanceof SQLException)) {
            String more = clean(extra.getMessage() == null ? "" : extra.getMessage());
            if (!text.contains(more)) {
                text += " (" + extra.getClass().getSimpleName() + (more.isEmpty() ? "" : ": " + more) + ")";
            }
        }
        return mask(text, password);
    }

    /**
     * The throwable whose message leads: the evidence if it is a SQLException, else the nearest
     * SQLException before it in the chain, else the outermost throwable. Without evidence, the
     * innermost SQLException (the driver's own words, under any wrappers).
     */
    private static Throwable primary(List<Throwable> chain, Throwable evidence) {
        if (evidence instanceof SQLException) {
            return evidence;
        }
        int end = evidence == null ? chain.size() : chain.indexOf(evidence);
        for (int i = end - 1; i >= 0; i--) {
            if (chain.get(i) instanceof SQLException) {
                return chain.get(i);
            }
        }
        return chain.get(0);
    }

    private static String textOf(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    static String clean(String message) {
        String s = message.replaceAll("\\s+", " ").strip();
        s = SEVERITY.matcher(s).replaceFirst("");
        s = CONN_ID.matcher(s).replaceFirst("");
        s = H2_CODE.matcher(s).replaceFirst("");
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH) + "...";
        }
        return s;
    }

    static String mask(String text, String password) {
        String s = Redaction.url(text);
        s = SECRET_PAIR.matcher(s).replaceAll("$1" + Redaction.MASK);
        if (password == null || password.isEmpty()) {
            return s;
        }
        if (password.length() >= WHOLE_WORD_BELOW) {
            return s.replace(password, Redaction.MASK);
        }
        // A short password is masked only where it stands alone, or "x" would garble every word.
        return s.replaceAll("(?<![\\p{Alnum}_])" + Pattern.quote(password) + "(?![\\p{Alnum}_])",
                Matcher.quoteReplacement(Redaction.MASK));
    }
}
