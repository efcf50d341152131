package dev.tidepool.jdbc.internal.config;

import dev.tidepool.core.SettingText;
import dev.tidepool.jdbc.SessionReset;
import java.sql.Connection;
import java.util.Locale;

/**
 * Reads the non-duration values of Tidepool's configuration from text, and quotes text safely for
 * messages. Every failure is an {@link IllegalArgumentException} that starts with the key, quotes
 * the text and says what to write instead. Public for other Tidepool modules; not API.
 */
public final class Values {

    private Values() {
    }

    /**
     * {@code 'text'} for a message, as the core's messages quote it ({@link SettingText#quote}):
     * control characters escaped and long text cut. Never pass a secret here.
     */
    public static String quote(String text) {
        return SettingText.quote(text);
    }

    /** A whole number in {@code int} range, e.g. {@code 10}; surrounding whitespace is ignored. */
    public static int parseInt(String key, String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException(key + " (" + quote(text) + ") is not a whole number");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException tooBig) {
            throw new IllegalArgumentException(key + " (" + quote(text) + ") is out of range: use a whole number from "
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
    }

    /** {@code true} or {@code false} in any case; nothing else (no yes/no/1/0). */
    public static boolean parseBoolean(String key, String text) {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " (" + quote(text) + ") is not a boolean: use true or false");
    }

    /**
     * An isolation level: {@code TRANSACTION_READ_COMMITTED}, {@code READ_COMMITTED},
     * {@code read-committed} (any case, '-' or '_' or ' ') or its {@link Connection} constant
     * 1, 2, 4 or 8. {@code TRANSACTION_NONE} is rejected: a pool cannot promise "no transactions".
     */
    public static int parseIsolation(String key, String text) {
        String t = text == null ? "" : text.strip();
        String name = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (name.startsWith("TRANSACTION_")) {
            name = name.substring("TRANSACTION_".length());
        }
        switch (name) {
            case "READ_UNCOMMITTED": case "1": return Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ_COMMITTED": case "2": return Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE_READ": case "4": return Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE": case "8": return Connection.TRANSACTION_SERIALIZABLE;
            default:
                throw new IllegalArgumentException(key + " (" + quote(text) + ") is not an isolation level: use "
                        + "READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE or 1, 2, 4, 8");
        }
    }

    /** The level's name ({@code READ_COMMITTED}), or null for a value that is not a level. */
    public static String isolationName(int level) {
        switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED: return "READ_UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED: return "READ_COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ: return "REPEATABLE_READ";
            case Connection.TRANSACTION_SERIALIZABLE: return "SERIALIZABLE";
            default: return null;
        }
    }

    /** {@code auto}, {@code always} or {@code never}, any case. */
    public static SessionReset parseSessionReset(String key, String text) {
        String t = text == null ? "" : text.strip();
        for (SessionReset mode : SessionReset.values()) {
            if (mode.name().equalsIgnoreCase(t)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(key + " (" + quote(text) + ") is not a session reset mode: use auto, always or never");
    }

    /** How the configuration writes a mode: {@code auto}, {@code always}, {@code never}. */
    public static String sessionResetName(SessionReset mode) {
        return mode == null ? "null" : mode.name().toLowerCase(Locale.ROOT);
    }

    /** A mode of {@code type} by its name, any case (e.g. {@code pgbouncer}: auto, transaction, session, off). */
    public static <E extends Enum<E>> E parseMode(String key, String text, Class<E> type) {
        String t = text == null ? "" : text.strip();
        E[] modes = type.getEnumConstants();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < modes.length; i++) {
            if (modes[i].name().equalsIgnoreCase(t)) {
                return modes[i];
            }
            names.append(i == 0 ? "" : i == modes.length - 1 ? " or " : ", ").append(modeName(modes[i]));
        }
        throw new IllegalArgumentException(key + " (" + quote(text) + ") is not a mode: use " + names);
    }

    /** How the configuration writes a mode: its name in lower case. */
    public static String modeName(Enum<?> mode) {
        return mode == null ? "null" : mode.name().toLowerCase(Locale.ROOT);
    }
}
